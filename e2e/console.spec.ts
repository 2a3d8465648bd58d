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

test('overview lists brokers with their cluster and role, and flags what did not answer', async ({ page }) => {
  // The embedded cluster has no broker yet: feed the page a two-cluster answer to check how it is laid out.
  await page.route('**/api/cluster', (route) =>
    route.fulfill({
      json: {
        nameServers: [
          { addr: embeddedNamesrv, reachable: true, rttMs: 0.8 },
          { addr: '127.0.0.1:9', reachable: false, rttMs: null },
        ],
        clusters: [
          { name: 'DefaultCluster', brokerNames: ['broker-a', 'broker-b'] },
          { name: 'OrderCluster', brokerNames: ['order-a'] },
        ],
        brokers: [
          { cluster: 'DefaultCluster', brokerName: 'broker-a', brokerId: 0, addr: '127.0.0.1:10911', role: 'master' },
          { cluster: 'DefaultCluster', brokerName: 'broker-a', brokerId: 1, addr: '127.0.0.1:10921', role: 'slave' },
          { cluster: 'DefaultCluster', brokerName: 'broker-b', brokerId: 0, addr: '127.0.0.1:10931', role: 'master' },
          { cluster: 'OrderCluster', brokerName: 'order-a', brokerId: 0, addr: '127.0.0.1:10941', role: 'master' },
        ],
        topicCount: 1234,
        problems: ['name server probe failed for 127.0.0.1:9: connect ECONNREFUSED'],
        fetchedAt: new Date().toISOString(),
      },
    }),
  );
  const overview = new OverviewPage(page);
  await overview.open();
  await expect(overview.brokerRows).toHaveCount(4);
  await expect(overview.brokerRows.nth(1)).toContainText('slave');
  await expect(overview.problems).toContainText('connect ECONNREFUSED');
  await expect(page.getByTestId('stat-topics-value')).toHaveText('1,234');
  await overview.screenshot('overview-brokers');

  await overview.navigate('cluster', '/cluster', 'Cluster');
  await expect(page.getByTestId('cluster-card')).toHaveCount(2);
  await overview.screenshot('cluster-brokers');
});

test('an unknown address shows the not-found page inside the shell', async ({ page }) => {
  const shell = new ShellPage(page);
  await shell.goto('/no-such-page');
  await expect(shell.heading).toHaveText('Page not found');
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

    const form = await request.put('/api/settings/namesrv', { form: { namesrvAddr: '127.0.0.1:1' } });
    expect(form.status()).toBe(415);

    const crossSite = await request.put('/api/settings/namesrv', { data: { namesrvAddr: '127.0.0.1:1' }, headers: { origin: 'http://evil.example' } });
    expect(crossSite.status()).toBe(403);
    expect((await crossSite.json()).error.code).toBe('CROSS_ORIGIN');

    const current = await request.get('/api/settings/namesrv');
    expect((await current.json()).namesrvAddr).toBe(embeddedNamesrv);
  });
});
