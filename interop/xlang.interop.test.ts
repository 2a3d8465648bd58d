/**
 * Cross-language: Orbit's TypeScript SDK and the Java client (rocketmq-client 4.9.2, interop/java's
 * xlang/JavaPeer) on one topic, per target. (a) TS producer → Java consumer, (b) Java producer → TS consumer:
 * bodies (one > 4 KiB, compressed by the sender), tags, keys and user properties must arrive as sent, and a
 * message the consumer answers RECONSUME_LATER once is redelivered with reconsumeTimes 1 on both sides.
 * The broker's delay table is short (1 s per level) so the redelivery comes within a second or two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from './apache/apache-cluster';
import { startJavaPeer, type JavaPeerProcess, type PeerMessage, type PeerRecord } from './support/java-peer';
import { ensureJavaBuild } from './support/maven';
import { tail } from './support/process';
import { targets } from './support/targets';
import { AdminClient } from '../server/client/admin/admin-client';
import { MessageConst, MessageSysFlag } from '../server/common/message/message-const';
import { Producer, PushConsumer, type MessageExt } from '../server/client/index';

/** 18 levels of 1 s: the retry of a RECONSUME_LATER (level 3 + reconsumeTimes) comes after 1 s. */
export const SHORT_DELAY_LEVELS = Array.from({ length: 18 }, () => '1s').join(' ');

const BIG = `big:${'0123456789abcdef'.repeat(400)}`; // 6.4 KB, over both clients' 4 KiB compression threshold

const SPEC: PeerMessage[] = [
  { body: 'plain', tags: 'TagA', keys: ['k1', 'k2'], props: { color: 'blue', emoji: 'häh ✓' } },
  { body: 'ünïcödé 中文 body', tags: 'TagB', keys: ['k3'], props: {} },
  { body: BIG, tags: 'Big', keys: ['kbig'], props: { size: 'large' } },
  { body: 'retry-me', tags: 'Retry', keys: ['kr'], props: { failOnce: '1', attempt: 'x' } },
  { body: 'bare' },
];

/** Sent as one batch (no compression for batches, in either client). */
const BATCH_SPEC: PeerMessage[] = [
  { body: 'batch-1', tags: 'TagA', keys: ['b1'], props: { n: '1' } },
  { body: 'batch-2 ✓', tags: 'TagB', keys: ['b2', 'shared'], props: { n: '2', failOnce: '1' } },
  { body: 'batch-3' },
];

/** What a consumer must report for a spec: every message once with reconsumeTimes 0, the failOnce one again with 1. */
function expected(topic: string, spec: PeerMessage[], batch: boolean): PeerRecord[] {
  const out: PeerRecord[] = [];
  for (const m of spec) {
    const rec: PeerRecord = {
      body: m.body,
      tags: m.tags ?? null,
      keys: m.keys ?? [],
      props: m.props ?? {},
      reconsumeTimes: 0,
      compressed: !batch && Buffer.byteLength(m.body) >= 4096,
      topic,
    };
    out.push(rec);
    if (m.props?.failOnce === '1') out.push({ ...rec, reconsumeTimes: 1, compressed: false });
  }
  return sortRecords(out);
}

function sortRecords(r: PeerRecord[]): PeerRecord[] {
  return [...r].sort((a, b) => (a.body === b.body ? a.reconsumeTimes - b.reconsumeTimes : a.body < b.body ? -1 : 1));
}

/** Abbreviates the big body in failure output. */
function show(r: PeerRecord[]): PeerRecord[] {
  return r.map((x) => (x.body.length > 64 ? { ...x, body: `${x.body.slice(0, 20)}...(${x.body.length} chars)` } : x));
}

const SYSTEM_PROPS = new Set<string>(Object.values(MessageConst));

function tsRecord(m: MessageExt): PeerRecord {
  const props: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.properties)) if (!SYSTEM_PROPS.has(k)) props[k] = v;
  return {
    body: m.body.toString('utf8'),
    tags: m.tags ?? null,
    keys: m.keys,
    props: Object.fromEntries(Object.entries(props).sort(([a], [b]) => (a < b ? -1 : 1))),
    reconsumeTimes: m.reconsumeTimes,
    compressed: (m.sysFlag & MessageSysFlag.COMPRESSED_FLAG) !== 0,
    topic: m.topic,
    msgId: m.msgId,
  };
}

/** Normalises prop key order (Java prints a TreeMap; the spec's order is arbitrary); msgIds are compared apart. */
const norm = (r: PeerRecord[]): PeerRecord[] =>
  sortRecords(r.map(({ msgId: _id, ...x }) => ({ ...x, props: Object.fromEntries(Object.entries(x.props).sort(([a], [b]) => (a < b ? -1 : 1))) })));

/** The consumer saw exactly the producer's message ids (a redelivery keeps its id). */
const idsOf = (r: PeerRecord[]): string[] => [...new Set(r.map((x) => x.msgId ?? ''))].sort();
const sentIds = (ids: string[]): string[] => ids.flatMap((id) => id.split(',')).sort();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, fn: () => boolean, timeoutMs: number, context: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await sleep(200);
  }
}

describe.each(targets)('TS SDK <-> Java client 4.9.2 against $name', (target) => {
  let cluster: ClusterHandle | undefined;
  let admin: AdminClient | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  const run = `${Date.now().toString(36)}`;

  beforeAll(async () => {
    await ensureJavaBuild();
    cluster = await target.start({ brokerConf: { messageDelayLevel: SHORT_DELAY_LEVELS } });
    admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr });
  }, 240_000);

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await admin?.shutdown();
    await cluster?.stop();
  }, 60_000);

  /** Creates the topic on the broker and waits until the name server routes it. */
  async function topicOf(prefix: string): Promise<string> {
    const topic = `XL_${prefix}_${target.name}_${run}`;
    await admin!.createOrUpdateTopic({ topic, readQueueNums: 4, writeQueueNums: 4, perm: 6 }, { brokerAddr: cluster!.brokerAddr });
    const end = Date.now() + 15_000;
    for (;;) {
      const route = await admin!.getTopicRoute(topic).catch(() => undefined);
      if (route && route.queueDatas.length > 0) return topic;
      if (Date.now() > end) throw new Error(`no route for ${topic}`);
      await sleep(200);
    }
  }

  const context = (peer?: JavaPeerProcess) => (): string =>
    `${peer ? `--- JVM output (tail):\n${tail(peer.output(), 30)}\n` : ''}${cluster?.output ? `--- server output (tail):\n${cluster.output(20)}` : ''}`;

  async function tsToJava(spec: PeerMessage[], batch: boolean): Promise<void> {
    const topic = await topicOf(batch ? 'ts2java_batch' : 'ts2java');
    const consumer = await startJavaPeer('consume', { namesrvAddr: cluster!.namesrvAddr, topic, group: `GID_xl_java_${batch ? 'b_' : ''}${run}` });
    cleanups.push(() => consumer.stop());
    await consumer.waitFor('READY', 60_000);

    const producer = new Producer({ namesrvAddr: cluster!.namesrvAddr, producerGroup: `PID_xl_ts_${run}` });
    await producer.start();
    cleanups.push(() => producer.shutdown());
    const messages = spec.map((m) => ({ topic, body: m.body, tags: m.tags, keys: m.keys, properties: m.props }));
    const ids: string[] = [];
    if (batch) {
      const results = await producer.sendBatch(messages);
      expect(results.map((r) => r.sendStatus)).toEqual(['SEND_OK']);
      ids.push(...results.map((r) => r.msgId));
    } else {
      for (const m of messages) {
        const r = await producer.send(m);
        expect(r.sendStatus).toBe('SEND_OK');
        ids.push(r.msgId);
      }
    }
    const want = expected(topic, spec, batch);
    await until('the Java consumer to report every delivery', () => consumer.records().length >= want.length, 45_000, () =>
      `got ${JSON.stringify(show(norm(consumer.records())), null, 1)}\n${context(consumer)()}`,
    );
    await sleep(1500); // nothing more may come
    expect(show(norm(consumer.records())), context(consumer)()).toEqual(show(want));
    expect(norm(consumer.records())).toEqual(want);
    expect(idsOf(consumer.records())).toEqual(sentIds(ids));
  }

  async function javaToTs(spec: PeerMessage[], batch: boolean): Promise<void> {
    const topic = await topicOf(batch ? 'java2ts_batch' : 'java2ts');
    const got: PeerRecord[] = [];
    const consumer = new PushConsumer({
      namesrvAddr: cluster!.namesrvAddr,
      consumerGroup: `GID_xl_ts_${batch ? 'b_' : ''}${run}`,
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      pollNameServerIntervalMs: 1000,
    });
    cleanups.push(() => consumer.shutdown());
    consumer.subscribe(topic, '*');
    consumer.registerMessageListenerConcurrently((msgs) => {
      let status: 'CONSUME_SUCCESS' | 'RECONSUME_LATER' = 'CONSUME_SUCCESS';
      for (const m of msgs) {
        got.push(tsRecord(m));
        if (m.properties.failOnce === '1' && m.reconsumeTimes === 0) status = 'RECONSUME_LATER';
      }
      return status;
    });
    await consumer.start();

    const producer = await startJavaPeer('produce', { namesrvAddr: cluster!.namesrvAddr, topic, group: `PID_xl_java_${run}`, spec, batch });
    cleanups.push(() => producer.stop());
    await producer.waitFor('DONE', 60_000);
    expect(producer.sent().map((s) => s.status)).toEqual(batch ? ['SEND_OK'] : spec.map(() => 'SEND_OK'));

    const want = expected(topic, spec, batch);
    await until('the TS consumer to see every delivery', () => got.length >= want.length, 45_000, () =>
      `got ${JSON.stringify(show(norm(got)), null, 1)}\n${context(producer)()}`,
    );
    await sleep(1500);
    expect(show(norm(got)), context()()).toEqual(show(want));
    expect(norm(got)).toEqual(want);
    expect(idsOf(got)).toEqual(sentIds(producer.sent().map((x) => x.msgId)));
  }

  it('TS producer -> Java consumer: bodies, tags, keys, properties, compression, reconsumeTimes', () => tsToJava(SPEC, false), 120_000);
  it('Java producer -> TS consumer: bodies, tags, keys, properties, compression, reconsumeTimes', () => javaToTs(SPEC, false), 120_000);
  it('TS batch -> Java consumer', () => tsToJava(BATCH_SPEC, true), 120_000);
  it('Java batch -> TS consumer', () => javaToTs(BATCH_SPEC, true), 120_000);
});
