/**
 * The SDK under faults, against Orbit: one `orbit namesrv` and two SYNC_FLUSH `orbit broker` processes
 * (broker-a, broker-b) serving one topic.
 *
 * 1. A producer sends synchronously in a loop while broker-a is SIGKILLed: sends go on on broker-b within the
 *    retry budget (retryTimesWhenSendFailed 2, errors counted and expected 0), and every acknowledged message
 *    is readable afterwards (broker-a restarted; both brokers' queues read from offset 0).
 * 2. Two push consumers in one group; one shuts down mid-way: the other takes its queues over from the
 *    committed offsets and every message is consumed at least once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from './admin/admin-client';
import { Producer, PushConsumer, type ConsumeConcurrentlyStatus, type MessageExt } from './index';
import { startOrbitBrokers, type OrbitBrokersHandle } from './testing/orbit-brokers';
import { readAllMessages } from './testing/read-all';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = `${process.pid}_${Date.now() % 1_000_000}`;

let cluster: OrbitBrokersHandle;
let admin: AdminClient;
const cleanups: (() => Promise<unknown>)[] = [];

async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${cluster.output(15)}`);
    await sleep(100);
  }
}

/** Creates `topic` (4 queues) on both brokers and waits until the name server routes it to both. */
async function createTopic(topic: string): Promise<void> {
  for (const b of Object.values(cluster.brokers)) {
    await admin.createOrUpdateTopic({ topic, readQueueNums: 4, writeQueueNums: 4, perm: 6 }, { brokerAddr: b.addr });
  }
  await until(
    `a route of ${topic} on both brokers`,
    async () => ((await admin.getTopicRoute(topic).catch(() => undefined))?.queueDatas.length ?? 0) === 2,
    10_000,
  );
}

/** Every message of `topic` on every broker, read from offset 0 with a pull consumer. */
function readAll(topic: string): Promise<MessageExt[]> {
  return readAllMessages(cluster.namesrvAddr, topic, `reader_${run}_${topic}`);
}

beforeAll(async () => {
  cluster = await startOrbitBrokers({ brokerNames: ['broker-a', 'broker-b'], flush: 'SYNC_FLUSH' });
  admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr });
}, 40_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await admin?.shutdown();
  await cluster?.stop();
}, 30_000);

describe('client SDK under broker and consumer faults (two SYNC_FLUSH brokers)', () => {
  it('a SIGKILLed broker: sends fail over to the other, every acknowledged message survives', async () => {
    const topic = `FAULT_send_${run}`;
    await createTopic(topic);
    const producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: `PID_fault_${run}`, retryTimesWhenSendFailed: 2, sendMsgTimeoutMs: 3000 });
    await producer.start();
    cleanups.push(() => producer.shutdown());

    const acked = new Map<string, { brokerName: string; at: number }>();
    const errors: string[] = [];
    let killedAt = 0;
    const t0 = Date.now();
    let i = 0;
    // The kill lands while a send is in flight (on a loopback broker, almost always).
    const killer = sleep(1500)
      .then(() => cluster.brokers['broker-a'].kill())
      .then(() => (killedAt = Date.now()));
    while (Date.now() - t0 < 5000) {
      const body = `m${i++}`;
      try {
        const r = await producer.send({ topic, body, keys: body });
        acked.set(body, { brokerName: r.messageQueue.brokerName, at: Date.now() });
      } catch (err) {
        errors.push(`${body}: ${(err as Error).message}`);
      }
    }
    await killer;
    const before = [...acked.values()].filter((a) => a.at < killedAt);
    const after = [...acked.values()].filter((a) => a.at > killedAt);
    console.log(`[fault] ${i} sends: ${acked.size} acked (${before.length} before the kill, ${after.length} after), ${errors.length} errors`);
    expect(before.some((a) => a.brokerName === 'broker-a'), 'broker-a took sends before the kill').toBe(true);
    expect(after.length, 'sends went on after the kill').toBeGreaterThan(50);
    expect(after.slice(20).every((a) => a.brokerName === 'broker-b'), 'later sends all went to broker-b').toBe(true);
    expect(errors, 'sends that failed beyond the retry budget').toEqual([]);

    await cluster.brokers['broker-a'].restart();
    await until('broker-a routed again', async () => ((await admin.getTopicRoute(topic).catch(() => undefined))?.queueDatas.length ?? 0) === 2, 10_000);
    const stored = new Set((await readAll(topic)).map((m) => m.body.toString()));
    const lost = [...acked.keys()].filter((b) => !stored.has(b));
    expect(lost, 'acknowledged messages missing after the restart').toEqual([]);
  }, 30_000);

  it('a consumer leaving the group hands its queues over; every message is consumed at least once', async () => {
    if (!cluster.brokers['broker-a'].running()) await cluster.brokers['broker-a'].restart();
    const topic = `FAULT_rebal_${run}`;
    await createTopic(topic);
    const group = `GID_fault_${run}`;
    const N = 240;
    const seen: { consumer: number; body: string; mq: string; at: number }[] = [];
    const producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: `PID_rebal_${run}` });
    await producer.start();
    cleanups.push(() => producer.shutdown());
    for (let i = 0; i < N; i++) await producer.send({ topic, body: `r${i}` });

    // Slow listeners (2 at a time, 20 ms a message), so that consumer 0 leaves with a backlog on its queues.
    const consumers = [0, 1].map((idx) => {
      const c = new PushConsumer({
        namesrvAddr: cluster.namesrvAddr,
        consumerGroup: group,
        consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
        consumeThreadMax: 2,
        pullBatchSize: 4,
        persistConsumerOffsetIntervalMs: 1000,
      });
      c.subscribe(topic, '*');
      c.registerMessageListenerConcurrently(async (msgs): Promise<ConsumeConcurrentlyStatus> => {
        await sleep(20);
        for (const m of msgs) seen.push({ consumer: idx, body: m.body.toString(), mq: `${m.brokerName}/${m.queueId}`, at: Date.now() });
        return 'CONSUME_SUCCESS';
      });
      cleanups.push(() => c.shutdown());
      return c;
    });
    for (const c of consumers) await c.start();

    const unique = () => new Set(seen.map((s) => s.body)).size;
    await until('a third of the messages consumed, by both members', () => unique() >= N / 3 && seen.some((s) => s.consumer === 1), 20_000);
    const ownedBy0 = new Set(seen.filter((s) => s.consumer === 0).map((s) => s.mq));
    expect(ownedBy0.size, 'consumer 0 owned queues before leaving').toBeGreaterThan(0);
    await consumers[0].shutdown();
    const leftAt = Date.now();
    const atLeave = unique();

    await until(`all ${N} messages consumed`, () => unique() >= N, 25_000);
    const bodies = new Set(seen.map((s) => s.body));
    const missing = Array.from({ length: N }, (_, i) => `r${i}`).filter((b) => !bodies.has(b));
    expect(missing).toEqual([]);
    const takenOver = new Set(seen.filter((s) => s.consumer === 1 && s.at > leftAt && ownedBy0.has(s.mq)).map((s) => s.mq));
    const duplicates = seen.length - bodies.size;
    console.log(`[fault] ${atLeave}/${N} consumed when consumer 0 left; consumer 1 took over ${takenOver.size} of its ${ownedBy0.size} queues; ${duplicates} duplicates`);
    expect(takenOver.size, 'queues of the leaving consumer consumed by the other').toBeGreaterThan(0);
    // From the committed offsets, not from the first offset: at most the in-flight messages come again.
    expect(duplicates, 'messages consumed twice').toBeLessThan(N / 6);
    expect(seen.filter((s) => s.consumer === 0 && s.at > leftAt + 100), 'consumer 0 consumed after its shutdown').toEqual([]);
  }, 45_000);
  it('a push consumer rides out a broker kill and restart: nothing acknowledged is lost to it', async () => {
    if (!cluster.brokers['broker-a'].running()) await cluster.brokers['broker-a'].restart();
    const topic = `FAULT_consume_${run}`;
    await createTopic(topic);
    const seen = new Set<string>();
    const consumer = new PushConsumer({
      namesrvAddr: cluster.namesrvAddr,
      consumerGroup: `GID_ride_${run}`,
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      pollNameServerIntervalMs: 1000,
      persistConsumerOffsetIntervalMs: 1000,
    });
    consumer.subscribe(topic, '*');
    consumer.registerMessageListenerConcurrently((msgs) => {
      for (const m of msgs) seen.add(m.body.toString());
      return 'CONSUME_SUCCESS';
    });
    cleanups.push(() => consumer.shutdown());
    await consumer.start();
    const producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: `PID_ride_${run}`, pollNameServerIntervalMs: 1000 });
    await producer.start();
    cleanups.push(() => producer.shutdown());

    const acked: string[] = [];
    const errors: string[] = [];
    const t0 = Date.now();
    const faults = sleep(1000)
      .then(() => cluster.brokers['broker-a'].kill())
      .then(() => sleep(1500))
      .then(() => cluster.brokers['broker-a'].restart());
    let i = 0;
    while (Date.now() - t0 < 5000) {
      const body = `c${i++}`;
      try {
        await producer.send({ topic, body });
        acked.push(body);
      } catch (err) {
        errors.push(`${body}: ${(err as Error).message}`);
      }
      await sleep(2);
    }
    await faults;
    await until(`the consumer to see all ${acked.length} acknowledged messages`, () => acked.every((b) => seen.has(b)), 40_000).catch((err: Error) => {
      throw new Error(`${acked.filter((b) => !seen.has(b)).length} not consumed; ${err.message}`);
    });
    expect(errors).toEqual([]);
  }, 70_000);
});
