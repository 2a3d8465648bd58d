/**
 * The proxy's consumer RPCs end to end with Apache's Node 5.x client (rocketmq-client-nodejs 1.0.8): SimpleConsumer
 * receive / ack / changeInvisibleDuration / redelivery after the invisible time / DLQ past the group's attempts,
 * PushConsumer with a failing first attempt, FIFO head-of-group blocking, and a message sent by Orbit's 4.x-style
 * remoting SDK received over gRPC. Receipts and redelivery are the broker's (POP), so none of this needs the proxy's memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsumeResult, FilterExpression, Producer as GrpcProducer, PushConsumer, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { FilterType } from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb';
import { Producer } from '../../client';
import { readAllMessages } from '../../client/testing/read-all';
import { startProxyCluster, type ProxyCluster } from '../testing/proxy-cluster';
import { parseProxyConfig } from '../proxy-config';
import { ProxyServer } from '../proxy-server';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
let cluster: ProxyCluster;
const run = `${process.pid}_${Date.now().toString(36)}`;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  cluster = await startProxyCluster({ brokerConf: { reviveInterval: '200', enablePropertyFilter: 'true' } });
}, 60_000);

afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => {});
  await cluster?.stop();
}, 60_000);

async function producer(topic: string): Promise<GrpcProducer> {
  const p = new GrpcProducer({ endpoints: cluster.proxy.address, namespace: '', topics: [topic], logger: quiet } as never);
  await p.startup();
  closers.push(() => p.shutdown());
  return p;
}

async function simple(group: string, topic: string, filter: unknown = '*', endpoints = cluster.proxy.address): Promise<SimpleConsumer> {
  const c = new SimpleConsumer({ endpoints, namespace: '', consumerGroup: group, subscriptions: new Map([[topic, filter]]), awaitDuration: 5000, logger: quiet } as never);
  await c.startup();
  closers.push(() => c.shutdown());
  return c;
}

/** Receives until `n` messages came or `ms` passed. */
async function receiveN(c: SimpleConsumer, n: number, invisibleMs: number, ms: number, batch = 32): Promise<MessageView[]> {
  const got: MessageView[] = [];
  const deadline = Date.now() + ms;
  while (got.length < n && Date.now() < deadline) got.push(...(await c.receive(batch, invisibleMs)));
  return got;
}

const bodies = (ms: MessageView[]) => ms.map((m) => m.body.toString()).sort();

describe('gRPC consumers through the proxy (Node 5.x client)', () => {
  it('SimpleConsumer receives with tag, keys, properties and attempt 1; acked messages are gone', async () => {
    const topic = `pc_simple_${run}`;
    await cluster.createTopic(topic);
    const c = await simple(`g_simple_${run}`, topic);
    const p = await producer(topic);
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await p.send({ topic, tag: 'TagA', keys: [`k${i}`], properties: new Map([['n', String(i)]]), body: Buffer.from(`s${i}`) }));
    const got = await receiveN(c, 5, 15_000, 15_000);
    expect(bodies(got)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    for (const m of got) {
      // Set only when the body digest did not match what the client computed.
      expect(m.corrupted).toBeUndefined();
      expect(m.tag).toBe('TagA');
      expect(m.deliveryAttempt).toBe(1);
      expect(m.keys).toEqual([`k${m.properties.get('n')}`]);
      expect(sent.map((s) => s.messageId)).toContain(m.messageId);
      await c.ack(m);
    }
    expect(await c.receive(32, 15_000)).toHaveLength(0);
  });

  it('changeInvisibleDuration brings a message back at the new time with attempt 2; an unacked one returns after its invisible time', async () => {
    const topic = `pc_change_${run}`;
    await cluster.createTopic(topic);
    const c = await simple(`g_change_${run}`, topic);
    const p = await producer(topic);
    await p.send({ topic, body: Buffer.from('again') });
    const [m] = await receiveN(c, 1, 15_000, 15_000);
    const t0 = Date.now();
    await c.changeInvisibleDuration(m, 1000);
    const [back] = await receiveN(c, 1, 10_000, 10_000);
    expect(back.messageId).toBe(m.messageId);
    expect(back.deliveryAttempt).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    // Not acknowledged within its 10 s: delivered once more, attempt 3.
    const t1 = Date.now();
    const [third] = await receiveN(c, 1, 15_000, 20_000);
    expect(third.messageId).toBe(m.messageId);
    expect(third.deliveryAttempt).toBe(3);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(9000);
    await c.ack(third);
  }, 60_000);

  it('moves a message to %DLQ%group once it used the group\'s attempts (retryMaxTimes 1: two deliveries)', async () => {
    const topic = `pc_dlq_${run}`;
    const group = `g_dlq_${run}`;
    await cluster.createTopic(topic);
    await cluster.admin.createOrUpdateSubscriptionGroup({ groupName: group, consumeEnable: true, consumeFromMinEnable: true, consumeBroadcastEnable: true, retryQueueNums: 1, retryMaxTimes: 1, brokerId: 0, whichBrokerWhenConsumeSlowly: 1, notifyConsumerIdsChangedEnable: true });
    const c = await simple(group, topic);
    const p = await producer(topic);
    const sent = await p.send({ topic, body: Buffer.from('doomed') });
    const attempts: number[] = [];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && attempts.length < 3) {
      for (const m of await c.receive(32, 10_000)) {
        attempts.push(m.deliveryAttempt ?? 0);
        await c.changeInvisibleDuration(m, 0);
      }
      if (attempts.length === 2) {
        const dlq = await readAllMessages(cluster.namesrvAddr, `%DLQ%${group}`, `verify_${run}`).catch(() => []);
        if (dlq.length > 0) {
          expect(dlq[0].body.toString()).toBe('doomed');
          expect(dlq[0].properties.UNIQ_KEY).toBe(sent.messageId);
          break;
        }
      }
    }
    expect(attempts).toEqual([1, 2]);
    const dlq = await readAllMessages(cluster.namesrvAddr, `%DLQ%${group}`, `verify2_${run}`);
    expect(dlq.map((m) => m.body.toString())).toEqual(['doomed']);
  }, 40_000);

  it('PushConsumer consumes everything and gets a failed message again', async () => {
    const topic = `pc_push_${run}`;
    await cluster.createTopic(topic);
    const seen = new Map<string, number[]>();
    const consumer = new PushConsumer({
      endpoints: cluster.proxy.address,
      namespace: '',
      consumerGroup: `g_push_${run}`,
      subscriptions: new Map([[topic, '*']]),
      logger: quiet,
      messageListener: {
        consume: async (m: MessageView) => {
          const b = m.body.toString();
          seen.set(b, [...(seen.get(b) ?? []), m.deliveryAttempt ?? 0]);
          return b === 'p3' && m.deliveryAttempt === 1 ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
        },
      },
    } as never);
    await consumer.startup();
    closers.push(() => consumer.shutdown());
    const p = await producer(topic);
    for (let i = 0; i < 8; i++) await p.send({ topic, body: Buffer.from(`p${i}`) });
    const deadline = Date.now() + 25_000;
    while (Date.now() < deadline && (seen.size < 8 || (seen.get('p3')?.length ?? 0) < 2)) await new Promise((r) => setTimeout(r, 200));
    expect([...seen.keys()].sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect(seen.get('p3')).toEqual([1, 2]);
    for (const [b, a] of seen) if (b !== 'p3') expect(a).toEqual([1]);
  }, 40_000);

  it('FIFO: the next message of a group waits until the previous one is acknowledged', async () => {
    const topic = `pc_fifo_${run}`;
    const group = `g_fifo_${run}`;
    await cluster.createTopic(topic, 'FIFO');
    await cluster.admin.createOrUpdateSubscriptionGroup({ groupName: group, consumeEnable: true, consumeFromMinEnable: true, consumeBroadcastEnable: true, retryQueueNums: 1, retryMaxTimes: 16, brokerId: 0, whichBrokerWhenConsumeSlowly: 1, notifyConsumerIdsChangedEnable: true, consumeMessageOrderly: true });
    const c = await simple(group, topic);
    const p = await producer(topic);
    for (const b of ['a1', 'a2', 'a3']) await p.send({ topic, messageGroup: 'A', body: Buffer.from(b) });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const got = await receiveN(c, 1, 10_000, 10_000, 1);
      expect(got.map((m) => m.messageGroup)).toEqual(['A']);
      // Head of group: with one message of A out, asking again gives nothing until it is acked.
      expect(await c.receive(32, 10_000)).toHaveLength(0);
      order.push(got[0].body.toString());
      await c.ack(got[0]);
    }
    expect(order).toEqual(['a1', 'a2', 'a3']);
  }, 60_000);

  it('receives over gRPC what a remoting (4.x-style) producer sent', async () => {
    const topic = `pc_mixed_${run}`;
    await cluster.createTopic(topic);
    const c = await simple(`g_mixed_${run}`, topic, 'X');
    const rp = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: `pg_mixed_${run}` });
    await rp.start();
    closers.push(() => rp.shutdown());
    await rp.send({ topic, body: 'from remoting', tags: 'X', keys: ['rk'], properties: { color: 'red' } });
    await rp.send({ topic, body: 'other tag', tags: 'Y' });
    // Over 4 KiB the remoting SDK compresses (zlib): the gRPC client must get the original bytes.
    const big = Buffer.from('0123456789abcdef'.repeat(1024));
    await rp.send({ topic, body: big, tags: 'X' });
    const got = await receiveN(c, 2, 15_000, 15_000);
    const m = got.find((x) => x.body.length < 100)!;
    const large = got.find((x) => x.body.length > 100)!;
    expect(large.corrupted).toBeUndefined();
    expect(large.body.equals(big)).toBe(true);
    await c.ack(large);
    expect(m.body.toString()).toBe('from remoting');
    expect(m.tag).toBe('X');
    expect(m.keys).toEqual(['rk']);
    expect(m.properties.get('color')).toBe('red');
    await c.ack(m);
    expect(await c.receive(32, 15_000)).toHaveLength(0);
  });

  it('filters with a SQL92 expression', async () => {
    const topic = `pc_sql_${run}`;
    await cluster.createTopic(topic);
    const c = await simple(`g_sql_${run}`, topic, new FilterExpression('a > 5 AND color = \'red\'', FilterType.SQL));
    const p = await producer(topic);
    for (const [a, color] of [[1, 'red'], [7, 'blue'], [9, 'red'], [6, 'red']] as const) await p.send({ topic, properties: new Map([['a', String(a)], ['color', color]]), body: Buffer.from(`${a}-${color}`) });
    const got = await receiveN(c, 2, 15_000, 15_000);
    expect(bodies(got)).toEqual(['6-red', '9-red']);
    for (const m of got) await c.ack(m);
    expect(await c.receive(32, 15_000)).toHaveLength(0);
  });

  it('two proxies serve one group: every message once, and the lag counts what is received but not yet acknowledged', async () => {
    const topic = `pc_two_${run}`;
    const group = `g_two_${run}`;
    await cluster.createTopic(topic);
    const second = await ProxyServer.start(parseProxyConfig({ namesrvAddr: cluster.namesrvAddr, host: '127.0.0.1', grpcServerPort: 0, metadataCacheMs: 0 }));
    closers.push(() => second.stop());
    const c1 = await simple(group, topic);
    const c2 = await simple(group, topic, '*', second.address);
    const p = await producer(topic);
    for (let i = 0; i < 40; i++) await p.send({ topic, body: Buffer.from(`t${i}`) });
    const seen: string[] = [];
    const pending: [SimpleConsumer, MessageView][] = [];
    const deadline = Date.now() + 20_000;
    while (seen.length < 40 && Date.now() < deadline) {
      for (const c of [c1, c2]) for (const m of await c.receive(8, 15_000)) {
        seen.push(m.body.toString());
        pending.push([c, m]);
      }
    }
    expect(seen.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `t${i}`).sort());
    // Received, not acknowledged: 40 behind (the broker's ack frontier), then 0 once acked through either proxy.
    const lag = async () => (await cluster.admin.examineConsumeStats(group)).totalDiff;
    await expect.poll(lag, { timeout: 5000 }).toBe(40);
    for (const [c, m] of pending) await c.ack(m);
    await expect.poll(lag, { timeout: 5000 }).toBe(0);
  }, 40_000);
});
