/**
 * End-to-end tests of the console, driven by Debian's Chromium, in two projects:
 *   - `chromium`: a production build served by `orbit console --embedded` (every spec but the smoke ones);
 *   - `attached`: the smoke (e2e/attached.spec.ts) against a second console, `orbit console --namesrv`,
 *     attached to separate `orbit namesrv` and `orbit broker` processes.
 * All on free ports. The first web server command builds first when `.next` is missing or older than the
 * sources (e2e/support/build-console.mjs), so `npx playwright test` alone is enough. The same smoke against
 * Apache RocketMQ (e2e/apache.spec.ts) runs from the interop suite with playwright.apache.config.ts.
 */
import { defineConfig } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchOptions } from './e2e/support/chromium';

/** Free loopback ports: the consoles, the embedded NameServer and Broker, the attached ones. */
function freePorts(count: number): number[] {
  const script = `
    const net = require('node:net');
    const servers = [];
    let left = ${count};
    for (let i = 0; i < ${count}; i++) {
      const s = net.createServer();
      servers.push(s);
      s.listen(0, '127.0.0.1', () => { if (--left === 0) { console.log(servers.map((x) => x.address().port).join(' ')); servers.forEach((x) => x.close()); } });
    }`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const ports = r.stdout.trim().split(' ').map(Number);
  if (r.status !== 0 || ports.length !== count || ports.some((p) => !Number.isInteger(p) || p <= 0)) {
    throw new Error(`cannot find free ports: ${r.stderr}`);
  }
  return ports;
}

// The config is evaluated again in each worker process: the first evaluation picks ports and the data dir
// and hands them on through the environment, which workers inherit.
if (!process.env.ORBIT_E2E_PORTS) process.env.ORBIT_E2E_PORTS = freePorts(6).join(',');
if (!process.env.ORBIT_E2E_DATA) process.env.ORBIT_E2E_DATA = mkdtempSync(path.join(tmpdir(), 'orbit-e2e-'));
const [consolePort, namesrvPort, brokerPort, attachedConsolePort, attachedNamesrvPort, attachedBrokerPort] = process.env.ORBIT_E2E_PORTS.split(',').map(Number);
const dataDir = process.env.ORBIT_E2E_DATA;
const baseURL = `http://127.0.0.1:${consolePort}`;
const attachedURL = `http://127.0.0.1:${attachedConsolePort}`;
const attachedNamesrv = `127.0.0.1:${attachedNamesrvPort}`;
const attachedDir = path.join(dataDir, 'attached');

const serverDefaults = {
  reuseExistingServer: false,
  stdout: 'pipe',
  stderr: 'pipe',
  env: { ORBIT_LOG_LEVEL: 'warn', NEXT_TELEMETRY_DISABLED: '1' },
  gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
} as const;

// apache*.spec.ts run only from interop/console-apache.interop.test.ts (playwright.apache.config.ts).
const SMOKE_SPECS = ['**/attached.spec.ts', '**/apache*.spec.ts'];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e-artifacts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/e2e.json' }]],
  globalTeardown: './e2e/support/global-teardown.ts',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1366, height: 860 },
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: SMOKE_SPECS,
      use: { browserName: 'chromium', launchOptions },
    },
    {
      name: 'attached',
      testMatch: '**/attached.spec.ts',
      use: { browserName: 'chromium', launchOptions, baseURL: attachedURL },
    },
  ],
  webServer: [
    {
      ...serverDefaults,
      command: [
        'node e2e/support/build-console.mjs &&',
        `node bin/orbit.js console --embedded --host 127.0.0.1 --port ${consolePort}`,
        `--namesrv-port ${namesrvPort} --broker-port ${brokerPort} --proxy-port 0 --data-dir "${dataDir}"`,
      ].join(' '),
      url: `${baseURL}/api/settings/namesrv`,
      // Includes a production build when one is needed (about a minute on two cores).
      timeout: 300_000,
    },
    // The attached cluster; web servers start in this order (and stop in the reverse one).
    {
      ...serverDefaults,
      command: `node bin/orbit.js namesrv --host 127.0.0.1 --port ${attachedNamesrvPort} --data-dir "${path.join(attachedDir, 'namesrv')}"`,
      port: attachedNamesrvPort,
      timeout: 60_000,
    },
    {
      ...serverDefaults,
      command: [
        `node bin/orbit.js broker --namesrv ${attachedNamesrv} --host 127.0.0.1 --port ${attachedBrokerPort}`,
        `--store "${path.join(attachedDir, 'store')}" --name broker-attached --cluster AttachedCluster`,
      ].join(' '),
      port: attachedBrokerPort,
      timeout: 60_000,
    },
    {
      ...serverDefaults,
      command: `node bin/orbit.js console --namesrv ${attachedNamesrv} --host 127.0.0.1 --port ${attachedConsolePort} --data-dir "${path.join(attachedDir, 'console')}"`,
      url: `${attachedURL}/api/settings/namesrv`,
      timeout: 120_000,
    },
  ],
});
