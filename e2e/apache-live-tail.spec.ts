/**
 * The live tail against a console attached to Apache RocketMQ 4.9.7 (run by
 * interop/console-apache.interop.test.ts): messages sent to Apache over the wire appear in the tail, filtered.
 */
import { expect, test } from '@playwright/test';
import { LiveTailPage } from './pages/live-tail-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvAddr = process.env.ORBIT_E2E_APACHE_NAMESRV;
if (!namesrvAddr) throw new Error('ORBIT_E2E_APACHE_NAMESRV is not set: run this spec through interop/console-apache.interop.test.ts');

let fixture: ClusterFixture;
test.beforeAll(async () => {
  fixture = new ClusterFixture(namesrvAddr);
});
test.afterAll(async () => {
  await fixture.close();
});

test('messages sent to Apache appear in the live tail, and only those matching its filter', async ({ page }) => {
  const topic = `apache-tail-${Date.now() % 1_000_000}`;
  await fixture.createTopic(topic, 4);
  const before = await fixture.admin.sendMessage({ topic, body: 'before the tail', tags: 'A' });
  const tail = new LiveTailPage(page);
  await tail.open(topic);

  const sent = [];
  for (let i = 0; i < 4; i++) sent.push(await fixture.admin.sendMessage({ topic, body: `apache body ${i}`, tags: i % 2 ? 'B' : 'A', keys: `ak-${i}` }));
  await expect(tail.rows).toHaveCount(4);
  expect((await tail.ids()).sort()).toEqual(sent.map((s) => s.msgId).sort());
  expect(await tail.ids()).not.toContain(before.msgId);
  await tail.expectCounts(4, 4, 0);
  await tail.screenshot('apache-live-tail');

  await tail.filter({ tag: 'B' });
  await tail.waitLive(topic);
  const b = await fixture.admin.sendMessage({ topic, body: 'tagged', tags: 'B' });
  await fixture.admin.sendMessage({ topic, body: 'other', tags: 'A' });
  await expect(tail.rows).toHaveCount(1);
  expect(await tail.ids()).toEqual([b.msgId]);
  await expect(tail.rows.first()).toContainText('tagged');
});
