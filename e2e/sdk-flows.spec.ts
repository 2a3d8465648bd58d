/**
 * Flows driven by the real TypeScript SDK (server/client) against the embedded cluster, checked in the
 * console: a consumer group falling behind and catching up, and messages that fail into `%DLQ%<group>`,
 * resent from the Retry & DLQ page and then consumed.
 */
import { expect, test } from '@playwright/test';
import { bodyText, Producer, PushConsumer, type MessageExt, type MessageSelector } from '../server/client';
import { logger } from '../server/common/logger';
import { DlqPage } from './pages/dlq-page';
import { GroupsPage } from './pages/groups-page';
import { OverviewPage } from './pages/overview-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvPort = Number(process.env.ORBIT_E2E_PORTS!.split(',')[1]);
const namesrvAddr = `127.0.0.1:${namesrvPort}`;
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

/** A flag a listener can wait on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

test.describe('SDK flows', () => {
  // Consumers join, rebalance and commit on their own schedule: give these flows room.
  test.describe.configure({ timeout: 90_000 });

  let fixture: ClusterFixture;
  let producer: Producer;
  const consumers: PushConsumer[] = [];

  const startConsumer = async (
    group: string,
    topic: string,
    opts: { maxReconsumeTimes?: number; selector?: MessageSelector },
    listener: (msgs: MessageExt[]) => Promise<'CONSUME_SUCCESS' | 'RECONSUME_LATER'>,
  ) => {
    const { selector = '*', ...options } = opts;
    const c = new PushConsumer({
      namesrvAddr,
      consumerGroup: group,
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      persistConsumerOffsetIntervalMs: 1000,
      ...options,
    });
    c.subscribe(topic, selector);
    c.registerMessageListenerConcurrently(listener);
    consumers.push(c);
    await c.start();
    return c;
  };

  const produce = async (topic: string, from: number, count: number, key = 'sdk') => {
    for (let i = from; i < from + count; i++) {
      const r = await producer.send({ topic, body: JSON.stringify({ n: i }), keys: `${key}-${i}`, tags: 'sdk' });
      expect(r.sendStatus).toBe('SEND_OK');
    }
  };

  test.beforeAll(async () => {
    // The SDK logs joins and rebalances at info; keep the test output to warnings (clients log through children made later).
    if (!process.env.ORBIT_LOG_LEVEL) logger.level = 'warn';
    fixture = new ClusterFixture(namesrvAddr);
    producer = new Producer({ namesrvAddr, producerGroup: unique('e2e_sdk_producer') });
    await producer.start();
  });

  test.afterAll(async () => {
    await Promise.allSettled(consumers.map((c) => c.shutdown()));
    await producer?.shutdown();
    await fixture?.close();
  });

  test('a paused consumer falls behind and the lag shown reaches 0 once it consumes', async ({ page }) => {
    const topic = unique('E2E_SdkLag');
    const group = unique('e2e_sdk_lag');
    await fixture.createTopic(topic, 2);
    await produce(topic, 0, 5);

    const release = gate();
    const consumed = new Set<string>();
    await startConsumer(group, topic, {}, async (msgs) => {
      await release.opened;
      for (const m of msgs) consumed.add(bodyText(m));
      return 'CONSUME_SUCCESS';
    });

    const groups = new GroupsPage(page);
    await groups.open();
    await groups.search.fill(group);
    await expect(groups.lag(group)).toHaveText('5', { timeout: 30_000 });
    await produce(topic, 5, 3);
    await expect(groups.lag(group)).toHaveText('8', { timeout: 15_000 });
    await groups.screenshot('sdk-group-behind');

    // The overview's sampler (every 10 s) ranks the group by lag and the topic by produce rate.
    const overview = new OverviewPage(page);
    await overview.open();
    const groupRow = overview.topGroupRow(group);
    await expect(groupRow.getByTestId('top-group-lag')).toHaveText('8', { timeout: 30_000 });
    await expect(overview.topTopicRow(topic).getByTestId('top-topic-link')).toHaveAttribute('href', `/topics/${topic}`, { timeout: 30_000 });
    await expect(overview.tpsChart).not.toHaveAttribute('data-samples', '0');
    await page.getByTestId('tps-range-6h').click();
    await expect(overview.tpsChart).toHaveAttribute('data-range', '6h');
    await overview.screenshot('overview-top-tables');
    await groupRow.getByTestId('top-group-link').click();
    await expect(groups.heading).toHaveText(group);

    release.open();
    await expect.poll(() => consumed.size, { timeout: 20_000 }).toBe(8);
    await groups.open();
    await groups.search.fill(group);
    await expect(groups.lag(group)).toHaveText('0', { timeout: 30_000 });
    await groups.screenshot('sdk-group-caught-up');
  });

  test('an SQL92 consumer gets only matching messages, and its group page shows the selector', async ({ page }) => {
    const topic = unique('E2E_SdkSql');
    const group = unique('e2e_sdk_sql');
    await fixture.createTopic(topic, 2);
    const sql = "region = 'eu' AND amount > 5";
    const got: string[] = [];
    await startConsumer(group, topic, { selector: { sql } }, async (msgs) => {
      for (const m of msgs) got.push(bodyText(m));
      return 'CONSUME_SUCCESS';
    });
    const sample: [string, Record<string, string>][] = [
      ['eu7', { region: 'eu', amount: '7' }],
      ['eu3', { region: 'eu', amount: '3' }],
      ['us9', { region: 'us', amount: '9' }],
      ['eu8', { region: 'eu', amount: '8' }],
    ];
    for (const [body, properties] of sample) expect((await producer.send({ topic, body, properties })).sendStatus).toBe('SEND_OK');
    await expect.poll(() => [...got].sort(), { timeout: 20_000 }).toEqual(['eu7', 'eu8']);

    const groups = new GroupsPage(page);
    await groups.goto(`/groups/${group}`);
    await expect(groups.heading).toHaveText(group);
    const subscription = page.locator(`[data-testid="group-subscription"][data-topic="${topic}"]`);
    await expect(subscription).toHaveAttribute('data-type', 'SQL92');
    await expect(subscription).toContainText(sql);
    await expect(subscription).toContainText('SQL92 selector');
    await groups.screenshot('sdk-group-sql92');
    expect([...got].sort()).toEqual(['eu7', 'eu8']);
  });

  test('failed messages go to the DLQ, are resent from the console and then consumed', async ({ page }) => {
    const topic = unique('E2E_SdkDlq');
    const group = unique('e2e_sdk_dlq');
    await fixture.createTopic(topic, 1);

    let fail = true;
    const failures = new Set<string>();
    const consumed: string[] = [];
    // maxReconsumeTimes 0: the first failure sends each message straight to %DLQ%<group>, no retry delay.
    await startConsumer(group, topic, { maxReconsumeTimes: 0 }, async (msgs) => {
      if (fail) {
        for (const m of msgs) failures.add(bodyText(m));
        return 'RECONSUME_LATER';
      }
      for (const m of msgs) consumed.push(bodyText(m));
      return 'CONSUME_SUCCESS';
    });
    await produce(topic, 0, 3, 'dlq');
    await expect.poll(() => failures.size, { timeout: 30_000 }).toBe(3);

    const dlq = new DlqPage(page);
    await dlq.open();
    await page.getByTestId('list-search').fill(group);
    await expect(dlq.depth(group)).toHaveText('3', { timeout: 20_000 });
    await dlq.browse(group);
    const makeReadable = page.getByTestId('dlq-make-readable');
    await expect(dlq.messages.first().or(makeReadable)).toBeVisible();
    if (await makeReadable.isVisible()) await makeReadable.click();
    await expect(dlq.messages).toHaveCount(3);
    await dlq.screenshot('sdk-dlq');

    // The consumer is fixed; the dead letters go back to the original topic and are consumed this time.
    fail = false;
    await page.getByTestId('dlq-resend-all').click();
    await expect(dlq.progress).toContainText('Resent 3 of 3');
    await expect.poll(() => [...consumed].sort(), { timeout: 30_000 }).toEqual([...failures].sort());

    const groups = new GroupsPage(page);
    await groups.open();
    await groups.search.fill(group);
    await expect(groups.lag(group)).toHaveText('0', { timeout: 30_000 });
  });
});
