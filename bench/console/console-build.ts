/**
 * What every console bench sets up the same way: the production build (`next build` when .next is stale),
 * `orbit console` attached to the bench's cluster, and the headless Chromium that loads its pages.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { findFreePort, LOOPBACK } from '../../interop/support/ports';
import { repoRoot } from '../../interop/support/paths';
import { spawnManaged, tail, waitForOutput, type ManagedProcess } from '../../interop/support/process';
import { launchOptions } from '../../e2e/support/chromium';
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

export interface AttachedConsole {
  proc: ManagedProcess;
  /** `http://127.0.0.1:<port>` */
  base: string;
}

/**
 * `orbit console --namesrv <namesrvAddr>` on a free loopback port with its state in `dataDir`, once it
 * listens. A console that never gets there is stopped here (its output is in the error), so the caller only
 * has to stop one that started.
 */
export async function startAttachedConsole(namesrvAddr: string, dataDir: string): Promise<AttachedConsole> {
  const port = await findFreePort();
  const proc = spawnManaged(
    `orbit console :${port}`,
    process.execPath,
    [path.join(repoRoot, 'bin', 'orbit.js'), 'console', '--namesrv', namesrvAddr, '--host', LOOPBACK, '--port', String(port), '--data-dir', dataDir],
    { cwd: repoRoot, env: { ...process.env, ORBIT_LOG_LEVEL: process.env.ORBIT_LOG_LEVEL ?? 'warn', NEXT_TELEMETRY_DISABLED: '1' } },
  );
  try {
    await waitForOutput(proc, /orbit console listening on/, 120_000);
  } catch (err) {
    await proc.stop(10_000);
    throw err;
  }
  return { proc, base: `http://${LOOPBACK}:${port}` };
}

/** Headless Chromium launched as the e2e specs launch it (the system one where installed). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(launchOptions);
}
