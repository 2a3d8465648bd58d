import { rmSync } from 'node:fs';

/** Removes the console's temporary data dir once the web server has stopped. */
export default function globalTeardown(): void {
  const dir = process.env.ORBIT_E2E_DATA;
  if (dir && dir.includes('orbit-e2e-')) rmSync(dir, { recursive: true, force: true });
}
