/**
 * Message trace end to end on a real Orbit broker with traceTopicEnable: a producer and a push consumer with
 * enableMsgTrace write Pub / SubBefore / SubAfter records for a message to RMQ_SYS_TRACE_TOPIC, and a query by key
 * (the traced msgId) on the trace topic finds them; a failed consume and its retry are recorded with retryTimes;
 * a transactional producer writes EndTransaction; a customizedTraceTopic is honoured; a lite pull consumer traces
 * each pulled batch as Java's DefaultLitePullConsumer does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../common/logger';
import { MessageSysFlag } from '../../common/message/message-const';
import { NamesrvController } from '../../namesrv/namesrv-controller';
import { defaultNamesrvConfig, parseNamesrvConfig } from '../../namesrv/namesrv-config';
import { BrokerController } from '../../broker/broker-controller';
import { parseBrokerConfig } from '../../broker/broker-config';
import { AdminClient } from '../admin/admin-client';
import { Producer } from '../producer/producer';
import { TransactionProducer } from '../producer/transaction-producer';
import { LitePullConsumer } from '../consumer/lite-pull-consumer';
import { PushConsumer } from '../consumer/push-consumer';
import type { MessageExt } from '../impl/message';
import { DEFAULT_TRACE_TOPIC, decodeTraceData, type TraceContext } from './trace-codec';

const log = logger.child({ test: 'trace' });
let dir: string;
let ns: NamesrvController;
let broker: BrokerController;
let admin: AdminClient;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-trace-'));
  ns = new NamesrvController(parseNamesrvConfig({ ...defaultNamesrvConfig(), host: '127.0.0.1', listenPort: 0, kvConfigPath: path.join(dir, 'kv.json') }), log);
  await ns.start();
  broker = new BrokerController(
    parseBrokerConfig({
      brokerName: 'broker-trace',
      namesrvAddr: ns.address,
      listenPort: 0,
      storePathRootDir: dir,
      mappedFileSizeCommitLog: 4 * 1024 * 1024,
      mappedFileSizeConsumeQueue: 20 * 1000,
      traceTopicEnable: 'true',
      messageDelayLevel: '1s 1s 1s 1s 1s',
      transactionCheckInterval: 1000,
    }),
    { log },
  );
  await broker.start();
  admin = new AdminClient({ namesrvAddr: ns.address, timeoutMs: 5000 });
});

afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => {});
  await admin?.shutdown();
  await broker?.shutdown();
  await ns?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
const unique = (p: string) => `${p}_${Date.now()}_${seq++}`;

async function createTopic(topic: string): Promise<void> {
  await admin.createOrUpdateTopic({ topic, readQueueNums: 2, writeQueueNums: 2, perm: 6 });
  await until(async () => !!(await admin.getTopicRoute(topic).catch(() => undefined)), `route of ${topic}`);
}

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Every trace record about `msgId` on the trace topic, found the way the console finds it (query by key). */
async function recordsOf(msgId: string, traceTopic = DEFAULT_TRACE_TOPIC): Promise<TraceContext[]> {
  const found = await admin.queryMessageByKey(traceTopic, msgId).catch(() => []);
  return found.flatMap((m) => decodeTraceData(m.body.toString('utf8'))).filter((c) => c.beans[0].msgId === msgId);
}

describe('message trace (SDK) against an Orbit broker', () => {
  it('the broker created the trace topic with one queue at start', async () => {
    const route = await admin.getTopicRoute(DEFAULT_TRACE_TOPIC);
    expect(route.queueDatas.map((q) => q.writeQueueNums)).toEqual([1]);
  });

  it('records Pub, SubBefore and SubAfter for a message, findable by its msgId on the trace topic', async () => {
    const topic = unique('TraceT');
    const group = unique('cg_trace');
    await createTopic(topic);
    const producer = new Producer({ namesrvAddr: ns.address, producerGroup: unique('pg_trace'), enableMsgTrace: true });
    await producer.start();
    closers.push(() => producer.shutdown());
    const consumer = new PushConsumer({ namesrvAddr: ns.address, consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', enableMsgTrace: true });
    consumer.subscribe(topic, '*');
    const got: string[] = [];
    consumer.registerMessageListenerConcurrently((msgs) => {
      got.push(...msgs.map((m) => m.msgId));
      return 'CONSUME_SUCCESS';
    });
    await consumer.start();
    closers.push(() => consumer.shutdown());

    const sent = await producer.send({ topic, body: 'traced', tags: 'TagA', keys: 'order-42' });
    await until(async () => got.includes(sent.msgId), 'consumption');
    // The producer's and the consumer's records travel in separate trace messages, each flushed on its own timer.
    await until(async () => {
      const types = new Set((await recordsOf(sent.msgId)).map((c) => c.traceType));
      return types.has('Pub') && types.has('SubBefore') && types.has('SubAfter');
    }, 'the Pub, SubBefore and SubAfter records');
    const records = await recordsOf(sent.msgId);
    const pub = records.find((c) => c.traceType === 'Pub')!;
    expect(pub).toBeDefined();
    expect(pub.groupName).toBe(producer.group);
    expect(pub.success).toBe(true);
    expect(pub.beans[0]).toMatchObject({ topic, tags: 'TagA', keys: 'order-42', offsetMsgId: sent.offsetMsgId, bodyLength: 6, msgType: 'Normal_Msg' });
    const before = records.find((c) => c.traceType === 'SubBefore')!;
    const after = records.find((c) => c.traceType === 'SubAfter')!;
    expect(before.groupName).toBe(group);
    expect(before.beans[0].retryTimes).toBe(0);
    expect(after).toMatchObject({ groupName: group, requestId: before.requestId, success: true, contextCode: 0 });
    // The trace message is also indexed by the message's own key (Java adds the keys to the trace message's keys).
    const byBusinessKey = await admin.queryMessageByKey(DEFAULT_TRACE_TOPIC, 'order-42');
    expect(byBusinessKey.length).toBeGreaterThan(0);
    expect(producer.traceStats()).toMatchObject({ dropped: 0, sendFailed: 0 });
  });

  it('a burst of sends batches many records into few trace messages (zlib over 4 KiB, as Java), each record still found', async () => {
    const topic = unique('TraceBurst');
    await createTopic(topic);
    const producer = new Producer({ namesrvAddr: ns.address, producerGroup: unique('pg_burst'), enableMsgTrace: true });
    await producer.start();
    closers.push(() => producer.shutdown());
    const sent = await Promise.all(Array.from({ length: 200 }, (_, i) => producer.sendAsync({ topic, body: `burst ${i}`, keys: `burst-${i}` })));
    for (const r of [sent[0], sent[199]]) await until(async () => (await recordsOf(r.msgId)).some((c) => c.traceType === 'Pub'), `Pub of ${r.msgId}`);
    const stats = producer.traceStats()!;
    expect(stats).toMatchObject({ appended: 200, dropped: 0, sendFailed: 0 });
    expect(stats.sentMessages).toBeLessThan(20);
    // A batch: one Pub per message, each found by its own msgId.
    const batch = await producer.sendBatch([0, 1, 2].map((i) => ({ topic, body: `batch ${i}` })));
    for (const id of batch[0].msgId.split(',')) await until(async () => (await recordsOf(id)).some((c) => c.traceType === 'Pub'), `Pub of batch message ${id}`);
    const carriers = await admin.queryMessageByKey(DEFAULT_TRACE_TOPIC, sent[0].msgId);
    for (const m of carriers) expect(!!(m.sysFlag & MessageSysFlag.COMPRESSED_FLAG)).toBe(m.body.length >= 4096);
  });

  it('a failed consume is a SubAfter with success false, and the redelivery a SubBefore with retryTimes 1', async () => {
    const topic = unique('TraceRetry');
    const group = unique('cg_retry');
    await createTopic(topic);
    const producer = new Producer({ namesrvAddr: ns.address, producerGroup: unique('pg_retry'), enableMsgTrace: true });
    await producer.start();
    closers.push(() => producer.shutdown());
    const consumer = new PushConsumer({ namesrvAddr: ns.address, consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', enableMsgTrace: true });
    consumer.subscribe(topic, '*');
    let calls = 0;
    consumer.registerMessageListenerConcurrently(() => (++calls === 1 ? 'RECONSUME_LATER' : 'CONSUME_SUCCESS'));
    await consumer.start();
    closers.push(() => consumer.shutdown());
    const sent = await producer.send({ topic, body: 'retry me' });
    await until(async () => (await recordsOf(sent.msgId)).filter((c) => c.traceType === 'SubAfter').length >= 2, 'two SubAfter records', 30_000);
    const records = await recordsOf(sent.msgId);
    const befores = records.filter((c) => c.traceType === 'SubBefore').sort((a, b) => a.timeStamp - b.timeStamp);
    const afters = records.filter((c) => c.traceType === 'SubAfter').sort((a, b) => a.timeStamp - b.timeStamp);
    expect(befores.map((c) => c.beans[0].retryTimes)).toEqual([0, 1]);
    expect(afters.map((c) => [c.success, c.contextCode])).toEqual([
      [false, 4],
      [true, 0],
    ]);
  });

  it('a transactional producer records EndTransaction; customizedTraceTopic sends the records elsewhere', async () => {
    const topic = unique('TraceTx');
    const traceTopic = unique('MyTrace');
    await createTopic(topic);
    await createTopic(traceTopic);
    const producer = new TransactionProducer({
      namesrvAddr: ns.address,
      producerGroup: unique('pg_tx'),
      enableMsgTrace: true,
      customizedTraceTopic: traceTopic,
      transactionListener: { executeLocalTransaction: () => 'COMMIT_MESSAGE', checkLocalTransaction: () => 'COMMIT_MESSAGE' },
    });
    await producer.start();
    closers.push(() => producer.shutdown());
    const sent = await producer.sendMessageInTransaction({ topic, body: 'tx', keys: 'tx-key' });
    await until(async () => (await recordsOf(sent.msgId, traceTopic)).length >= 2, 'Pub and EndTransaction on the custom topic');
    const records = await recordsOf(sent.msgId, traceTopic);
    expect(records.find((c) => c.traceType === 'Pub')?.beans[0].msgType).toBe('Trans_Msg_Half');
    expect(records.find((c) => c.traceType === 'EndTransaction')?.beans[0]).toMatchObject({ transactionState: 'COMMIT_MESSAGE', fromTransactionCheck: false, keys: 'tx-key' });
    expect(await recordsOf(sent.msgId)).toEqual([]);
  });

  it('a lite pull consumer records SubBefore and at once SubAfter (success, ~0 ms) per pulled batch; customizedTraceTopic too', async () => {
    const topic = unique('TraceLite');
    const traceTopic = unique('LiteTrace');
    await createTopic(topic);
    await createTopic(traceTopic);
    // An untraced producer: the records found below can only be the consumers'.
    const producer = new Producer({ namesrvAddr: ns.address, producerGroup: unique('pg_lite') });
    await producer.start();
    closers.push(() => producer.shutdown());
    const sent = await producer.send({ topic, body: 'lite', keys: 'lite-key' });

    const pollUntil = async (c: LitePullConsumer, msgId: string) => {
      const polled: MessageExt[] = [];
      await until(async () => {
        polled.push(...(await c.poll(500)));
        return polled.some((m) => m.msgId === msgId);
      }, `a poll of ${msgId}`);
    };
    const group = unique('cg_lite');
    const subscribed = new LitePullConsumer({ namesrvAddr: ns.address, consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', enableMsgTrace: true });
    subscribed.subscribe(topic, '*');
    await subscribed.start();
    closers.push(() => subscribed.shutdown());
    await pollUntil(subscribed, sent.msgId);
    await until(async () => (await recordsOf(sent.msgId)).filter((c) => c.groupName === group).length >= 2, 'the lite pull SubBefore and SubAfter');
    const records = (await recordsOf(sent.msgId)).filter((c) => c.groupName === group);
    expect(records.map((c) => c.traceType).sort()).toEqual(['SubAfter', 'SubBefore']);
    const before = records.find((c) => c.traceType === 'SubBefore')!;
    const after = records.find((c) => c.traceType === 'SubAfter')!;
    // Java's SubBefore carries no topic or tags on the wire (TraceDataEncoder), only the id, keys and retry number.
    expect(before.beans[0]).toMatchObject({ msgId: sent.msgId, keys: 'lite-key', retryTimes: 0 });
    expect(after).toMatchObject({ requestId: before.requestId, success: true, contextCode: 0 });
    // Recorded back to back when the batch is pulled, not when the application is done with it.
    expect(after.costTime).toBeLessThan(50);
    expect(subscribed.traceStats()).toMatchObject({ dropped: 0, sendFailed: 0 });

    const assignedGroup = unique('cg_lite_assign');
    const assigned = new LitePullConsumer({
      namesrvAddr: ns.address,
      consumerGroup: assignedGroup,
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      enableMsgTrace: true,
      customizedTraceTopic: traceTopic,
    });
    await assigned.start();
    closers.push(() => assigned.shutdown());
    assigned.assign(await assigned.fetchMessageQueues(topic));
    await pollUntil(assigned, sent.msgId);
    await until(async () => (await recordsOf(sent.msgId, traceTopic)).length >= 2, 'the assigned consumer\'s records on the custom topic');
    const custom = await recordsOf(sent.msgId, traceTopic);
    expect(custom.map((c) => [c.traceType, c.groupName]).sort()).toEqual([
      ['SubAfter', assignedGroup],
      ['SubBefore', assignedGroup],
    ]);
    expect((await recordsOf(sent.msgId)).some((c) => c.groupName === assignedGroup)).toBe(false);
  });
});
