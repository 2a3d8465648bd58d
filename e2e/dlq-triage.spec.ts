/**
 * DLQ triage on the embedded cluster: dead letters made through CONSUMER_SEND_MSG_BACK (the fixture), grouped
 * by failure signature, republished into %RETRY%group by a job and consumed again by a real SDK consumer,
 * then purged.
 */
import { expect, test } from '@playwright/test';
import { bodyText, PushConsumer } from '../server/client';
import { logger } from '../server/common/logger';
import { DlqTriagePage } from './pages/dlq-triage-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvPort = Number(process.env.ORBIT_E2E_PORTS!.split(',')[1]);
const namesrvAddr = `127.0.0.1:${namesrvPort}`;
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

test.describe('DLQ triage', () => {
  test.describe.configure({ timeout: 60_000 });
  let fixture: ClusterFixture;
  let consumer: PushConsumer | undefined;

  test.beforeAll(() => {
    if (!process.env.ORBIT_LOG_LEVEL) logger.level = 'warn';
    fixture = new ClusterFixture(namesrvAddr);
  });

  test.afterAll(async () => {
    await consumer?.shutdown();
    await fixture?.close();
  });

  test('groups dead letters, republishes a signature to the group, which consumes them, and purges', async ({ page }) => {
    const topic = unique('E2E_Triage');
    const group = unique('e2e_triage');
    await fixture.createTopic(topic, 1);
    // The retry topic exists before the consumer starts, so its first rebalance already covers it.
    await fixture.createTopic(`%RETRY%${group}`, 1);
    const sent = await fixture.deadLetter(group, topic, 4);

    const triage = new DlqTriagePage(page);
    await triage.open(group);
    await expect(triage.signatures).toHaveCount(1);
    await expect(triage.signature(topic).getByTestId('dlq-signature-count')).toHaveText('4');
    await expect(triage.scanStatus).toHaveAttribute('data-complete', 'true');
    await expect(triage.trend).not.toHaveAttribute('data-points', '0');
    await expect(triage.rows).toHaveCount(4);
    // Newest first.
    await expect(triage.rows.first()).toHaveAttribute('data-msgid', sent[3].msgId);
    await triage.screenshot('dlq-triage');

    // A real consumer of the group: it first reads the four originals, then the republished ones via %RETRY%group.
    const consumed: string[] = [];
    consumer = new PushConsumer({ namesrvAddr, consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', persistConsumerOffsetIntervalMs: 1000 });
    consumer.subscribe(topic, '*');
    consumer.registerMessageListenerConcurrently(async (msgs) => {
      for (const m of msgs) consumed.push(`${m.topic}:${bodyText(m)}`);
      return 'CONSUME_SUCCESS' as const;
    });
    await consumer.start();
    await expect.poll(() => consumed.length, { timeout: 30_000 }).toBe(4);

    await triage.republishSignature(topic);
    await expect(page.getByTestId('republish-count')).toHaveText('4');
    await expect(page.getByTestId('republish-destinations')).toHaveText(`%RETRY%${group}`);
    await expect(page.getByTestId('republish-first').locator('li')).toHaveCount(4);
    await triage.startRepublish();
    const job = triage.job('dlq.republish');
    await expect(job).toHaveAttribute('data-status', 'done');
    await expect(job.getByTestId('job-counts')).toContainText('4 sent of 4');
    // Consumed again, under the original topic's name (RETRY_TOPIC), each body once more.
    await expect.poll(() => consumed.length, { timeout: 30_000 }).toBe(8);
    expect(consumed.every((c) => c.startsWith(`${topic}:`))).toBe(true);
    expect(new Set(consumed).size).toBe(4);
    await triage.screenshot('dlq-triage-republished');

    await triage.purge();
    await expect(page.getByTestId('dlq-purge-result')).toContainText('4 dead letters hidden');
    await expect(page.getByTestId('dlq-signatures-empty')).toBeVisible();
    await expect(triage.rows).toHaveCount(0);
  });
});
