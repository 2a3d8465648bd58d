import { rmSync } from 'node:fs';

/**
 * Removes the console's temporary data dir after the run. The web server may still be writing its last files
 * (the embedded broker persists offsets and its checkpoint as it stops), so a directory that refills under the
 * removal is retried; a temp dir left behind is reported, not a failed run.
 */
export default function globalTeardown(): void {
  const dir = process.env.ORBIT_E2E_DATA;
  if (!dir || !dir.includes('orbit-e2e-')) return;
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (err) {
    process.stderr.write(`e2e teardown: could not remove ${dir}: ${(err as Error).message}\n`);
  }
}
