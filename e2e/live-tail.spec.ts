import { expect, test } from '@playwright/test';
import { LiveTailPage } from './pages/live-tail-page';
import { TopicsPage } from './pages/topics-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvPort = Number(process.env.ORBIT_E2E_PORTS!.split(',')[1]);
const run = Date.now() % 1_000_000;
let fixture: ClusterFixture;

test.beforeAll(async () => {
  fixture = new ClusterFixture(`127.0.0.1:${namesrvPort}`);
});

test.afterAll(async () => {
  await fixture.close();
});

const send = (topic: string, body: string, tags?: string, keys?: string) => fixture.admin.sendMessage({ topic, body, tags, keys });

test('the tail, opened from the topics list, shows messages sent after it opened, newest first', async ({ page }) => {
  const topic = `e2e-tail-${run}`;
  await fixture.createTopic(topic, 2);
  const before = await send(topic, 'before');
  const topics = new TopicsPage(page);
  await topics.open();
  await topics.search.fill(topic);
  await topics.row(topic).getByTestId('topic-tail-link').click();
  const tail = new LiveTailPage(page);
  await tail.waitLive(topic);
  await expect(page).toHaveURL((u) => u.pathname === `/topics/${topic}/tail`);

  const sent = [];
  for (let i = 0; i < 3; i++) sent.push(await send(topic, `{"n":${i}}`, 'A', `k-${i}`));
  await expect(tail.rows).toHaveCount(3);
  await tail.expectCounts(3, 3, 0);
  // Newest first by arrival; messages of different queues may arrive in any order.
  expect((await tail.ids()).sort()).toEqual(sent.map((s) => s.msgId).sort());
  expect(await tail.ids()).not.toContain(before.msgId);
  await tail.screenshot('live-tail');

  // The row opens the message's detail.
  await tail.rows.first().getByTestId('message-open').click();
  await expect(page.getByTestId('message-id')).toHaveText((await tail.ids())[0]);
});

test('tag, key and body filters apply on the server; the address keeps them', async ({ page }) => {
  const topic = `e2e-tail-f-${run}`;
  await fixture.createTopic(topic, 2);
  const tail = new LiveTailPage(page);
  await tail.open(topic);

  await tail.filter({ tag: 'B || C' });
  await tail.waitLive(topic);
  await expect(page).toHaveURL((u) => u.searchParams.get('tag') === 'B || C');
  const a = await send(topic, 'one', 'A');
  const b = await send(topic, 'two', 'B');
  const c = await send(topic, 'three', 'C');
  await expect(tail.rows).toHaveCount(2);
  expect((await tail.ids()).sort()).toEqual([b.msgId, c.msgId].sort());
  expect(await tail.ids()).not.toContain(a.msgId);

  await tail.filter({ key: 'order-7' });
  await tail.waitLive(topic);
  await tail.expectCounts(0, 0, 0);
  await send(topic, 'x', 'A', 'order-70');
  const k = await send(topic, 'y', 'A', 'order-6 order-7');
  await expect(tail.rows).toHaveCount(1);
  expect(await tail.ids()).toEqual([k.msgId]);

  await tail.filter({ body: 'NeedLe' });
  await tail.waitLive(topic);
  await send(topic, 'hay');
  const n = await send(topic, 'a needle in it');
  await expect(tail.rows).toHaveCount(1);
  expect(await tail.ids()).toEqual([n.msgId]);
  await tail.expectCounts(1, 1, 0);

  // A plain link with filters opens the same tail.
  await tail.open(topic, '?body=needle');
  await expect(tail.body).toHaveValue('needle');
});

test('pause freezes the rows while counting arrivals; resume shows them; the buffer keeps the newest 500', async ({ page }) => {
  const topic = `e2e-tail-p-${run}`;
  await fixture.createTopic(topic, 4);
  const tail = new LiveTailPage(page);
  await page.goto(`/topics/${topic}`);
  await page.getByTestId('topic-live-tail-link').click();
  await tail.waitLive(topic);

  const first = await send(topic, 'first');
  await expect(tail.rows).toHaveCount(1);
  await tail.pause.click();
  await expect(tail.status).toHaveText('paused');
  const during = [await send(topic, 'p1'), await send(topic, 'p2')];
  await expect(tail.pausedNew).toHaveText('2 new while paused');
  await tail.expectCounts(3, 1, 0);
  expect(await tail.ids()).toEqual([first.msgId]);
  await tail.pause.click();
  await expect(tail.status).toHaveText('live');
  await expect(tail.rows).toHaveCount(3);
  expect((await tail.ids()).slice(2)).toEqual([first.msgId]);
  expect((await tail.ids()).slice(0, 2).sort()).toEqual(during.map((d) => d.msgId).sort());

  // 520 more: the page shows the newest 500 and counts the rest as dropped.
  for (let i = 0; i < 520; i += 40) await Promise.all(Array.from({ length: 40 }, (_, j) => send(topic, `bulk-${i + j}`)));
  await tail.expectCounts(523, 500, 23);
  await expect(tail.rows).toHaveCount(500);
  await expect(tail.counter('server-dropped')).toHaveText('0');
});
