import { expect, test } from '@playwright/test';
import { NAV_ITEMS } from '../lib/nav';
import { OverviewPage } from './pages/overview-page';
import { SettingsPage } from './pages/settings-page';
import { ShellPage } from './pages/shell-page';

const namesrvPort = Number(process.env.ORBIT_E2E_PORTS!.split(',')[1]);
const embeddedNamesrv = `127.0.0.1:${namesrvPort}`;

test('overview shows the embedded name server as reachable', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  await expect(overview.namesrvRows).toHaveCount(1);
  await expect(overview.namesrvRow(embeddedNamesrv)).toBeVisible();
  await expect(overview.namesrvStatus(embeddedNamesrv)).toHaveText('Reachable');
  await expect(overview.brokerCard).toBeVisible();
  await expect(overview.topbarNamesrv).toHaveText(embeddedNamesrv);
  await overview.screenshot('overview');
});

test('every navigation link leads to its page', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.goto('/');
  for (const item of NAV_ITEMS) {
    await shell.navigate(item.id, item.href, item.label);
    await shell.screenshot(`page-${item.id}`);
  }
});

test('settings validate and change the name server list', async ({ page }) => {
  const settings = new SettingsPage(page);
  await settings.open();
  await expect(settings.current).toHaveText(embeddedNamesrv);
  await expect(settings.source).toContainText('embedded cluster');

  await settings.setNamesrv('not-an-address');
  await expect(settings.error).toContainText('is not host:port');
  await expect(settings.current).toHaveText(embeddedNamesrv);
  await settings.screenshot('settings-invalid');

  const unreachable = `127.0.0.1:${namesrvPort};127.0.0.1:9`;
  await settings.setNamesrv(` 127.0.0.1:${namesrvPort} ; 127.0.0.1:9 `);
  await expect(settings.saved).toBeVisible();
  await expect(settings.current).toHaveText(unreachable);
  await expect(settings.topbarNamesrv).toHaveText(unreachable);
  await expect(settings.source).toHaveText('saved from this page');

  const overview = new OverviewPage(page);
  await overview.navigate('overview', '/', 'Overview');
  await expect(overview.namesrvStatus('127.0.0.1:9')).toHaveText('Unreachable');
  await expect(overview.namesrvStatus(embeddedNamesrv)).toHaveText('Reachable');
  await overview.screenshot('overview-two-namesrvs');

  await settings.navigate('settings', '/settings', 'Settings');
  await settings.setNamesrv(embeddedNamesrv);
  await expect(settings.current).toHaveText(embeddedNamesrv);
});

test('overview shows an error when the API fails, and recovers', async ({ page }) => {
  let fail = true;
  await page.route('**/api/cluster', async (route) => {
    if (fail) await route.fulfill({ status: 500, json: { error: { code: 'INTERNAL', message: 'internal error; see the console server log' } } });
    else await route.fallback();
  });
  const overview = new OverviewPage(page);
  await overview.goto('/');
  await expect(overview.error).toContainText('Could not load the cluster overview');
  await expect(overview.error).toContainText('internal error; see the console server log');
  await overview.screenshot('overview-error');

  fail = false;
  await overview.error.getByRole('button', { name: 'Retry' }).click();
  await expect(overview.namesrvStatus(embeddedNamesrv)).toHaveText('Reachable');
  await expect(overview.error).toBeHidden();
});

test.describe('API', () => {
  test('GET /api/cluster answers the overview', async ({ request }) => {
    const res = await request.get('/api/cluster');
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.nameServers).toEqual(expect.arrayContaining([expect.objectContaining({ addr: embeddedNamesrv, reachable: true })]));
    expect(Array.isArray(body.brokers)).toBe(true);
  });

  test('PUT /api/settings/namesrv rejects bad input', async ({ request }) => {
    const notJson = await request.put('/api/settings/namesrv', { data: Buffer.from('{oops'), headers: { 'content-type': 'application/json' } });
    expect(notJson.status()).toBe(400);
    expect((await notJson.json()).error.code).toBe('BAD_JSON');

    const bad = await request.put('/api/settings/namesrv', { data: { namesrvAddr: 'host-without-port' } });
    expect(bad.status()).toBe(422);
    const body = await bad.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues[0].path).toBe('namesrvAddr');

    const current = await request.get('/api/settings/namesrv');
    expect((await current.json()).namesrvAddr).toBe(embeddedNamesrv);
  });
});
