/**
 * The gRPC proxy end to end: an in-process NameServer and Broker, the proxy in front of them on an ephemeral
 * port, Apache's Node client (rocketmq-client-nodejs 1.0.8, plaintext) producing through it, and Orbit's own SDK
 * reading what the broker stored. One topic (and message type) per test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Producer } from 'rocketmq-client-nodejs';
import { TransactionResolution } from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb';
import { readAllMessages } from '../client/testing/read-all';
import type { MessageExt } from '../client/impl/message';
import { startProxyCluster, type ProxyCluster } from './testing/proxy-cluster';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
let cluster: ProxyCluster;
let namesrvAddr: string;
const run = `${process.pid}_${Date.now().toString(36)}`;

beforeAll(async () => {
  // Short check-backs so the orphaned-transaction test does not wait a minute.
  cluster = await startProxyCluster({ brokerConf: { transactionCheckInterval: '1000', transactionTimeOut: '1000', messageDelayLevel: '1s 2s 3s 5s 10s' } });
  namesrvAddr = cluster.namesrvAddr;
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
}, 30_000);

const createTopic = (topic: string, type?: string) => cluster.createTopic(topic, type);

async function producer(topic: string, extra: Record<string, unknown> = {}): Promise<Producer> {
  const p = new Producer({ endpoints: cluster.proxy.address, namespace: '', topics: [topic], logger: quiet, ...extra } as never);
  await p.startup();
  return p;
}

async function readUntil(topic: string, count: number, timeoutMs = 15_000): Promise<MessageExt[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await readAllMessages(namesrvAddr, topic, `verify_${run}`);
    if (got.length >= count || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('gRPC proxy with the Node 5.x client', () => {
  it('lets a producer of several topics start (its settings reply may come before it starts waiting for one)', async () => {
    const topics = [0, 1, 2, 3].map((i) => `proxy_multi_${i}_${run}`);
    for (const t of topics) await createTopic(t);
    const p = new Producer({ endpoints: cluster.proxy.address, namespace: '', topics, logger: quiet } as never);
    const started = await Promise.race([p.startup().then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
    try {
      expect(started).toBe(true);
    } finally {
      await p.shutdown();
    }
  }, 20_000);

  it('sends NORMAL messages with tag, keys and user properties', async () => {
    const topic = `proxy_normal_${run}`;
    await createTopic(topic);
    const p = await producer(topic);
    try {
      const receipt = await p.send({ topic, tag: 'TagA', keys: ['k1', 'k2'], properties: new Map([['color', 'blue']]), body: Buffer.from('hello') });
      expect(receipt.messageId).toMatch(/^01[0-9A-F]{32}$/);
      const [m] = await readUntil(topic, 1);
      expect(m.body.toString()).toBe('hello');
      expect(m.properties.TAGS).toBe('TagA');
      expect(m.properties.KEYS).toBe('k1 k2');
      expect(m.properties.color).toBe('blue');
      expect(m.properties.UNIQ_KEY).toBe(receipt.messageId);
      expect(m.properties.PGROUP).toBe(topic);
    } finally {
      await p.shutdown();
    }
  }, 30_000);

  it('sends FIFO messages of one group to one queue', async () => {
    const topic = `proxy_fifo_${run}`;
    await createTopic(topic, 'FIFO');
    const p = await producer(topic);
    try {
      for (let i = 0; i < 6; i++) await p.send({ topic, messageGroup: i % 2 ? 'groupOdd' : 'groupEven', body: Buffer.from(`m${i}`) });
      const got = await readUntil(topic, 6);
      expect(got).toHaveLength(6);
      const queuesOf = (g: string) => new Set(got.filter((m) => m.properties.__SHARDINGKEY === g).map((m) => m.queueId));
      expect(queuesOf('groupOdd').size).toBe(1);
      expect(queuesOf('groupEven').size).toBe(1);
      const even = got.filter((m) => m.properties.__SHARDINGKEY === 'groupEven').sort((a, b) => a.queueOffset - b.queueOffset);
      expect(even.map((m) => m.body.toString())).toEqual(['m0', 'm2', 'm4']);
    } finally {
      await p.shutdown();
    }
  }, 30_000);

  it('holds DELAY messages until their delivery time', async () => {
    const topic = `proxy_delay_${run}`;
    await createTopic(topic, 'DELAY');
    const p = await producer(topic);
    try {
      const sentAt = Date.now();
      await p.send({ topic, deliveryTimestamp: new Date(sentAt + 3000), body: Buffer.from('later') });
      expect(await readAllMessages(namesrvAddr, topic, `verify_${run}`)).toHaveLength(0);
      const [m] = await readUntil(topic, 1, 15_000);
      expect(m.body.toString()).toBe('later');
      expect(m.storeTimestamp).toBeGreaterThanOrEqual(sentAt + 2900);
      expect(m.properties.TIMER_DELIVER_MS).toBe(String(new Date(sentAt + 3000).getTime()));
    } finally {
      await p.shutdown();
    }
  }, 30_000);

  it('commits, rolls back and answers check-backs of TRANSACTION messages', async () => {
    const topic = `proxy_tx_${run}`;
    await createTopic(topic, 'TRANSACTION');
    const checked: string[] = [];
    const p = await producer(topic, {
      checker: {
        async check(view: { body: Buffer }) {
          checked.push(view.body.toString());
          return TransactionResolution.COMMIT;
        },
      },
    });
    try {
      const commit = p.beginTransaction();
      await p.send({ topic, body: Buffer.from('committed') }, commit);
      await commit.commit();
      const rollback = p.beginTransaction();
      await p.send({ topic, body: Buffer.from('rolled back') }, rollback);
      await rollback.rollback();
      // Left open: the broker asks the proxy, the proxy asks this producer, the checker commits it.
      const orphan = p.beginTransaction();
      await p.send({ topic, body: Buffer.from('orphan') }, orphan);
      const got = await readUntil(topic, 2, 20_000);
      expect(got.map((m) => m.body.toString()).sort()).toEqual(['committed', 'orphan']);
      expect(checked).toContain('orphan');
      await new Promise((r) => setTimeout(r, 1500));
      expect((await readAllMessages(namesrvAddr, topic, `verify_${run}`)).map((m) => m.body.toString())).not.toContain('rolled back');
    } finally {
      await p.shutdown();
    }
  }, 40_000);
});
