/**
 * The console smoke against Apache RocketMQ: starts an Apache name server + broker and `orbit console
 * --namesrv` attached to it (on a production build; `next build` first when .next is stale), then runs
 * e2e/apache.spec.ts with `npx playwright test --config playwright.apache.config.ts` and asserts it passed.
 * Screenshots: e2e/screenshots/apache-*.png.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APACHE_BROKER_NAME, startApacheCluster, type ClusterHandle } from './apache/apache-cluster';
import { findFreePort, LOOPBACK } from './support/ports';
import { repoRoot } from './support/paths';
import { run, spawnManaged, tail, waitForOutput, type ManagedProcess } from './support/process';

describe('console smoke against Apache RocketMQ', () => {
  let cluster: ClusterHandle | undefined;
  let consoleProc: ManagedProcess | undefined;
  let consoleURL = '';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-console-apache-'));

  beforeAll(async () => {
    // `next build` when .next is stale, waiting out another build of the same tree (it refuses to run twice).
    for (let attempt = 0; ; attempt++) {
      const build = spawnSync(process.execPath, [path.join(repoRoot, 'e2e', 'support', 'build-console.mjs')], { cwd: repoRoot, encoding: 'utf8' });
      const text = `${build.stdout}\n${build.stderr}`;
      if (build.status === 0) break;
      if (!/Another next build process is already running/.test(text) || attempt >= 30) throw new Error(`console build failed:\n${tail(text, 40)}`);
      await new Promise((resolve) => setTimeout(resolve, 10_000));
    }
    // e2e/apache-trace.spec.ts: the trace topic exists from the start, as a broker run for message trace has it.
    cluster = await startApacheCluster({ extraBrokerConf: { traceTopicEnable: 'true' } });
    const port = await findFreePort();
    consoleProc = spawnManaged(
      `orbit console :${port}`,
      process.execPath,
      [path.join(repoRoot, 'bin', 'orbit.js'), 'console', '--namesrv', cluster.namesrvAddr, '--host', LOOPBACK, '--port', String(port), '--data-dir', dataDir],
      { cwd: repoRoot, env: { ...process.env, ORBIT_LOG_LEVEL: 'warn', NEXT_TELEMETRY_DISABLED: '1' } },
    );
    await waitForOutput(consoleProc, /orbit console listening on/, 120_000);
    consoleURL = `http://${LOOPBACK}:${port}`;
  });

  afterAll(async () => {
    await consoleProc?.stop(10_000);
    await cluster?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes e2e/apache*.spec.ts', async () => {
    const reportFile = path.join(dataDir, 'playwright-apache.json');
    const { ORBIT_E2E_PORTS: _ports, ORBIT_E2E_DATA: _data, ...env } = process.env;
    let output = '';
    try {
      output = await run('npx', ['playwright', 'test', '--config', 'playwright.apache.config.ts'], {
        cwd: repoRoot,
        env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile, ORBIT_E2E_APACHE_URL: consoleURL, ORBIT_E2E_APACHE_NAMESRV: cluster!.namesrvAddr, ORBIT_E2E_APACHE_BROKER: APACHE_BROKER_NAME },
        timeoutMs: 600_000,
      });
    } catch (err) {
      const extra = `\n--- console output:\n${tail(consoleProc?.output() ?? '', 30)}\n--- apache output:\n${cluster?.output?.(30) ?? ''}`;
      throw new Error(`${(err as Error).message}${extra}`, { cause: err });
    }
    // Every spec ran and passed: the smoke's 5 tests at least, none skipped, failed or flaky.
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { stats: { expected: number; unexpected: number; skipped: number; flaky: number } };
    expect(report.stats.unexpected, output).toBe(0);
    expect(report.stats.flaky + report.stats.skipped, output).toBe(0);
    expect(report.stats.expected).toBeGreaterThanOrEqual(5);
  });
});
