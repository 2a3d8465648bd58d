/**
 * Time lag and the offset reset preview against a console attached to Apache RocketMQ 4.9.7. Run by
 * interop/console-apache.interop.test.ts (playwright.apache.config.ts). The group is a real SDK push
 * consumer that consumed a first batch, committed and stopped; a second batch then waits unconsumed.
 */
import { expect, test } from '@playwright/test';
import { Producer, PushConsumer } from '../server/client';
import { logger } from '../server/common/logger';
import { ClusterFixture } from './support/cluster-fixture';
import { ageAtLeast, checkResetPreview, checkTimeLag } from './support/time-lag-checks';

const namesrvAddr = process.env.ORBIT_E2E_APACHE_NAMESRV;
if (!namesrvAddr) throw new Error('ORBIT_E2E_APACHE_NAMESRV is not set: run this spec through interop/console-apache.interop.test.ts');
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

test.describe('time lag and reset preview against apache', () => {
  // A consumer joins and commits on its own schedule, and Apache dispatches consume queues asynchronously.
  test.setTimeout(120_000);
  let fixture: ClusterFixture;
  let producer: Producer | undefined;
  let consumer: PushConsumer | undefined;

  test.beforeAll(() => {
    if (!process.env.ORBIT_LOG_LEVEL) logger.level = 'warn';
    fixture = new ClusterFixture(namesrvAddr);
  });
  test.afterAll(async () => {
    await consumer?.shutdown().catch(() => {});
    await producer?.shutdown().catch(() => {});
    await fixture.close();
  });

  test('a group that consumed some and stopped shows its time lag; the reset preview says what the reset does', async ({ page }) => {
    const topic = unique('Apache_TimeLag');
    const group = unique('apache-time-lag');
    await fixture.createTopic(topic, 2);
    producer = new Producer({ namesrvAddr, producerGroup: unique('apache_time_lag_producer') });
    await producer.start();
    const send = async (count: number) => {
      for (let i = 0; i < count; i++) expect((await producer!.send({ topic, body: JSON.stringify({ n: i }), tags: 'lag' })).sendStatus).toBe('SEND_OK');
    };

    const consumed = new Set<string>();
    consumer = new PushConsumer({ namesrvAddr, consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', persistConsumerOffsetIntervalMs: 1000 });
    consumer.subscribe(topic, '*');
    consumer.registerMessageListenerConcurrently(async (msgs): Promise<'CONSUME_SUCCESS'> => {
      for (const m of msgs) consumed.add(m.msgId);
      return 'CONSUME_SUCCESS';
    });
    await consumer.start();
    // Round-robin over both queues, so each gets offsets.
    await send(8);
    await expect.poll(() => consumed.size, { timeout: 60_000 }).toBe(8);
    const committed = async () => (await fixture.admin.examineConsumeStats(group)).queues.filter((q) => q.topic === topic).reduce((n, q) => n + q.consumerOffset, 0);
    await expect.poll(committed, { timeout: 30_000 }).toBe(8);
    await consumer.shutdown();
    consumer = undefined;

    const sentFrom = Date.now();
    await send(6);
    const sentUntil = Date.now();
    const lag = async () => (await fixture.admin.examineConsumeStats(group)).queues.filter((q) => q.topic === topic).reduce((n, q) => n + q.lag, 0);
    await expect.poll(lag, { timeout: 30_000 }).toBe(6);
    await ageAtLeast(page, sentUntil, 3000);

    const g = { admin: fixture.admin, topic, group, sentFrom, sentUntil, name: 'apache-time-lag' };
    await checkTimeLag(page, g);
    await checkResetPreview(page, g);
  });
});
