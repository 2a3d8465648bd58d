/** The console benches run on a production build: `next build` when .next is stale. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../interop/support/paths';
import { tail } from '../../interop/support/process';
import { out } from '../broker/common';

/** Builds when stale; waits out another build of the same tree (it refuses to run twice). */
export async function ensureConsoleBuild(): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'e2e', 'support', 'build-console.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    const text = `${r.stdout}${r.stderr}`;
    if (r.status === 0) return;
    if (/Another next build process is already running/.test(text) && attempt < 30) {
      out('another next build is running: waiting ...');
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      continue;
    }
    throw new Error(`next build failed:\n${tail(text, 40)}`);
  }
}
