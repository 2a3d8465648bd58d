/**
 * Replay on the embedded cluster: a topic with two batches a second apart. The second batch is copied to
 * another topic by a job (count checked in the broker), and re-delivered to a group by offset reset: a real
 * SDK consumer that had read everything reads exactly the second batch again.
 */
import { expect, test } from '@playwright/test';
import { bodyText, PushConsumer } from '../server/client';
import { logger } from '../server/common/logger';
import { toDateTimeLocal } from '../lib/format';
import { ReplayPage } from './pages/replay-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvPort = Number(process.env.ORBIT_E2E_PORTS!.split(',')[1]);
const namesrvAddr = `127.0.0.1:${namesrvPort}`;
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.describe('Replay', () => {
  test.describe.configure({ timeout: 60_000 });
  let fixture: ClusterFixture;
  const consumers: PushConsumer[] = [];
  const topic = unique('E2E_Replay');
  const copyTarget = unique('E2E_ReplayCopy');
  const group = unique('e2e_replay');
  /** The second batch's first second, as the datetime-local input takes it. */
  let from = '';
  let to = '';

  const startConsumer = async (got: string[]) => {
    const c = new PushConsumer({ namesrvAddr, consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', persistConsumerOffsetIntervalMs: 500 });
    c.subscribe(topic, '*');
    c.registerMessageListenerConcurrently(async (msgs) => {
      for (const m of msgs) got.push(bodyText(m));
      return 'CONSUME_SUCCESS' as const;
    });
    consumers.push(c);
    await c.start();
    return c;
  };

  test.beforeAll(async () => {
    if (!process.env.ORBIT_LOG_LEVEL) logger.level = 'warn';
    fixture = new ClusterFixture(namesrvAddr);
    await fixture.createTopic(topic, 2);
    await fixture.createTopic(copyTarget, 2);
    await fixture.send(topic, 5);
    // The form takes whole seconds: start the second batch in a new second.
    const next = Math.ceil((Date.now() + 1) / 1000) * 1000;
    await sleep(next - Date.now() + 50);
    from = toDateTimeLocal(next);
    for (let i = 0; i < 3; i++) await fixture.admin.sendMessage({ topic, body: JSON.stringify({ late: i }), keys: `late-${i}`, tags: 'late' });
    to = toDateTimeLocal(Date.now() + 60_000);
  });

  test.afterAll(async () => {
    await Promise.allSettled(consumers.map((c) => c.shutdown()));
    await fixture?.close();
  });

  test('copies a time range to another topic, from the topic page', async ({ page }) => {
    const replay = new ReplayPage(page);
    await replay.goto(`/topics/${encodeURIComponent(topic)}`);
    await page.getByTestId('topic-replay-link').click();
    await replay.expectOpen();
    await expect(page.getByTestId('replay-topic')).toHaveValue(topic);
    await replay.preview({ mode: 'copy', target: copyTarget, from, to });
    await expect(replay.total).toHaveText('3');
    await expect(replay.firstMessages).toHaveCount(3);
    await replay.screenshot('replay-copy-preview');
    await replay.start();
    const job = replay.job('replay.copy');
    await expect(job).toHaveAttribute('data-status', 'done');
    await expect(job.getByTestId('job-counts')).toContainText('3 sent of 3');
    expect(await fixture.admin.topicDepth(copyTarget)).toBe(3);
    const copies = await fixture.admin.queryMessageByKey(copyTarget, 'late-1');
    expect(copies.map((m) => m.tags)).toEqual(['late']);
  });

  test('re-delivers a time range to one group: a real consumer reads it again', async ({ page }) => {
    const first: string[] = [];
    const c = await startConsumer(first);
    await expect.poll(() => first.length, { timeout: 30_000 }).toBe(8);
    // Offsets reach the broker, then the consumer goes away (an offline reset, as for a stopped service).
    await expect.poll(async () => (await fixture.admin.examineConsumeStats(group, topic)).totalDiff, { timeout: 15_000 }).toBe(0);
    await c.shutdown();

    const replay = new ReplayPage(page);
    await replay.goto(`/groups/${encodeURIComponent(group)}`);
    await page.getByTestId('group-replay-link').click();
    await replay.expectOpen();
    await replay.preview({ mode: 'group', topic, from, to });
    await expect(replay.total).toHaveText('3');
    const perQueue = await replay.queueReconsume.allInnerTexts();
    expect(perQueue.map(Number).reduce((a, b) => a + b, 0)).toBe(3);
    await replay.screenshot('replay-group-preview');
    await replay.start();
    await expect(replay.result).toContainText('3 messages to re-consume');

    const again: string[] = [];
    await startConsumer(again);
    await expect.poll(() => again.length, { timeout: 30_000 }).toBe(3);
    expect(again.map((b) => JSON.parse(b).late).sort()).toEqual([0, 1, 2]);
  });
});
