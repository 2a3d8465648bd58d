import { expect, test } from '@playwright/test';
import { NAV_ITEMS } from '../lib/nav';
import { toDateTimeLocal } from '../lib/format';
import { DlqPage } from './pages/dlq-page';
import { GroupsPage } from './pages/groups-page';
import { MessagesPage } from './pages/messages-page';
import { OverviewPage } from './pages/overview-page';
import { TopicsPage } from './pages/topics-page';
import { ClusterFixture } from './support/cluster-fixture';
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
  await shell.screenshot('not-found');
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

/** A name unique to this run, so reruns against a kept data dir do not collide. */
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

test.describe('cluster administration', () => {
  let fixture: ClusterFixture;
  test.beforeAll(() => {
    fixture = new ClusterFixture(embeddedNamesrv);
  });
  test.afterAll(async () => {
    await fixture.close();
  });

  test('create a topic with the form, send a test message, find it by key and by id', async ({ page }) => {
    const topics = new TopicsPage(page);
    const topic = unique('E2E_Topic');
    await topics.open();

    await topics.create('bad topic name', 1);
    await expect(topics.nameError).toContainText('only letters, digits');
    await topics.name.fill(topic);
    await topics.read.fill('0');
    await topics.submit.click();
    await expect(page.getByTestId('topic-form-read-error')).toContainText('at least 1');
    await topics.read.fill('1');
    await topics.write.fill('1');
    await topics.submit.click();
    await expect(topics.saved).toContainText(`Saved ${topic}`);

    await topics.search.fill(topic);
    await expect(topics.row(topic)).toBeVisible();
    await topics.screenshot('topics');
    await topics.row(topic).getByTestId('topic-link').click();
    await expect(topics.heading).toHaveText(topic);
    await expect(topics.queueMaxCells).toHaveText(['0']);

    const key = unique('order');
    await topics.sendMessage('{"orderId":42,"note":"<b>not html</b>"}', key);
    await expect(topics.sendResult).toContainText('at offset 0');
    await expect(topics.queueMaxCells).toHaveText(['1']);
    await expect(page.getByTestId('topic-total-value')).toHaveText('1');
    await topics.screenshot('topic-detail');
    const offsetId = (await page.getByTestId('send-result-id').getAttribute('href'))!.split('id=')[1];
    const uniqId = (await page.getByTestId('send-result-id').textContent())!.trim();

    const messages = new MessagesPage(page);
    await messages.navigate('messages', '/messages', 'Messages');
    await messages.byKey(topic, key);
    await expect(messages.rows).toHaveCount(1);
    await expect(messages.rows.first()).toHaveAttribute('data-msgid', uniqId);
    await messages.rows.first().getByTestId('message-open').click();
    await expect(messages.detail.getByTestId('message-keys')).toHaveText(key);
    // The body is shown as text, never as markup.
    await expect(messages.detail.getByTestId('message-body-text')).toContainText('<b>not html</b>');
    await messages.screenshot('messages-by-key');

    await messages.byId(offsetId);
    await expect(messages.detail.getByTestId('message-offset-id')).toHaveText(offsetId);
    await messages.byId(uniqId, topic);
    await expect(messages.detail.getByTestId('message-id')).toHaveText(uniqId);
    await page.getByTestId('body-view-hex').click();
    await expect(messages.detail.getByTestId('message-body-text')).toContainText('00000000  7b 22');
    await messages.screenshot('message-detail');

    await messages.byTime(topic);
    await expect(messages.rows).toHaveCount(1);
  });

  test('groups show their lag; skip backlog and reset to a time move it', async ({ page }) => {
    const topic = unique('E2E_Lag');
    const group = unique('e2e-group');
    await fixture.createTopic(topic, 4);
    await fixture.send(topic, 5);
    await fixture.registerLaggingGroup(group, topic, 4);

    const groups = new GroupsPage(page);
    await groups.open();
    await groups.search.fill(group);
    await expect(groups.lag(group)).toHaveText('5');
    await groups.screenshot('groups');

    await groups.row(group).getByTestId('group-link').click();
    await expect(groups.heading).toHaveText(group);
    await expect(groups.totalLag).toHaveText('5');
    await expect(groups.queueRows).toHaveCount(4);
    await groups.screenshot('group-detail');

    await groups.skipBacklog();
    await expect(groups.resetResult).toContainText('Reset 4 queues');
    await expect(groups.totalLag).toHaveText('0');

    await groups.resetTo(toDateTimeLocal(Date.now() - 3_600_000));
    await expect(groups.resetResult).toContainText('Reset 4 queues');
    await expect(groups.totalLag).toHaveText('5');
    await groups.screenshot('group-after-reset');
  });

  test('retry & DLQ shows dead letters and resends them to the original topic', async ({ page }) => {
    const topic = unique('E2E_Dlq');
    const group = unique('e2e-dlq');
    await fixture.createTopic(topic, 1);
    await fixture.registerLaggingGroup(group, topic, 1);
    await fixture.deadLetter(group, topic, 3);

    const dlq = new DlqPage(page);
    await dlq.open();
    await page.getByTestId('list-search').fill(group);
    await expect(dlq.depth(group)).toHaveText('3');
    await dlq.browse(group);
    // A DLQ topic may be created write-only (as RocketMQ 5 does): the page offers to make it readable.
    const makeReadable = page.getByTestId('dlq-make-readable');
    await expect(dlq.messages.first().or(makeReadable)).toBeVisible();
    if (await makeReadable.isVisible()) await makeReadable.click();
    await expect(dlq.messages).toHaveCount(3);
    await dlq.screenshot('dlq');

    await page.getByTestId('dlq-resend-all').click();
    await expect(dlq.progress).toContainText('Resent 3 of 3');

    const topics = new TopicsPage(page);
    await topics.goto(`/topics/${encodeURIComponent(topic)}`);
    await expect(page.getByTestId('topic-total-value')).toHaveText('6');
  });

  test('every detail page renders', async ({ page }) => {
    const shell = new ShellPage(page);
    await shell.goto('/cluster');
    await expect(page.getByTestId('runtime-row').first()).toBeVisible();
    await expect(page.getByTestId('runtime-version').first()).not.toHaveText('—');
    await shell.screenshot('cluster-runtime');
    await shell.goto('/producers');
    await page.getByTestId('producer-group').fill('no-such-producer-group');
    await page.getByTestId('producer-submit').click();
    await expect(page.getByTestId('producer-empty')).toBeVisible();
    await shell.screenshot('producers');
    await shell.goto('/topics/NoSuchTopic_e2e');
    await expect(page.getByTestId('topic-detail-error')).toBeVisible();
    await shell.goto('/');
    await expect(page.getByTestId('tps-chart')).toBeVisible();
    await shell.screenshot('overview-with-chart');
  });

  test('the admin API validates input', async ({ request }) => {
    const bad = await request.post('/api/topics', { data: { topic: 'a b', readQueueNums: 2000, writeQueueNums: 1, perm: 3 } });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(['topic', 'readQueueNums', 'perm']);
    expect((await request.get('/api/topics/NoSuchTopic_e2e')).status()).toBe(404);
    expect((await request.get('/api/messages/by-id?id=zz')).status()).toBe(422);
    const cross = await request.delete('/api/topics/Whatever', { headers: { origin: 'http://evil.example' } });
    expect(cross.status()).toBe(403);
    const page1 = await (await request.get('/api/topics?system=1&pageSize=2')).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.total).toBeGreaterThan(2);
  });
});

test('GET /api/overview/series answers the sampled history and validates the range', async ({ request }) => {
  const bad = await request.get('/api/overview/series?range=2d');
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.issues[0].path).toBe('range');
  const res = await request.get('/api/overview/series?range=15m');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ range: '15m', intervalMs: 10_000, retentionMs: 6 * 3_600_000 });
  expect(body.points.length).toBeGreaterThan(0);
  expect(body.points[0]).toEqual({ t: expect.any(Number), putTps: expect.any(Number), getTps: expect.any(Number) });
  expect(Array.isArray(body.topTopics) && Array.isArray(body.topGroups)).toBe(true);
});
