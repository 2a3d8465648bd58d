/**
 * The console smoke (e2e/apache.spec.ts) against Apache RocketMQ. No web server: the interop test
 * interop/console-apache.interop.test.ts starts Apache and `orbit console --namesrv` and passes
 * ORBIT_E2E_APACHE_URL (the console) and ORBIT_E2E_APACHE_NAMESRV.
 */
import { defineConfig } from '@playwright/test';
import { launchOptions } from './e2e/support/chromium';

const baseURL = process.env.ORBIT_E2E_APACHE_URL;
if (!baseURL) throw new Error('ORBIT_E2E_APACHE_URL is not set: run through interop/console-apache.interop.test.ts');

export default defineConfig({
  testDir: 'e2e',
  // The smoke (apache.spec.ts) and each feature's spec against Apache (apache-<feature>.spec.ts).
  testMatch: '**/apache*.spec.ts',
  outputDir: 'test-results/e2e-apache-artifacts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/e2e-apache.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1366, height: 860 },
  },
  projects: [{ name: 'apache', use: { browserName: 'chromium', launchOptions } }],
});
