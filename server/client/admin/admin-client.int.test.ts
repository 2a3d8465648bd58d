/**
 * The admin client against a real cluster: Orbit (namesrv + broker spawned from bin/orbit.js) or Apache
 * RocketMQ 4.9.7 (ORBIT_ADMIN_TARGET=apache), through the same code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApacheCluster, type ClusterHandle } from '../../../interop/apache/apache-cluster';
import { startOrbitCluster } from '../../../interop/support/orbit-cluster';
import { BrokerError } from '../../common/errors';
import { defaultSubscriptionGroupConfig } from '../../remoting/body/admin-data';
import { AdminClient } from './admin-client';

const TARGET = process.env.ORBIT_ADMIN_TARGET ?? 'orbit';
const run = `${process.pid}_${Date.now() % 1_000_000}`;
let cluster: ClusterHandle;
let admin: AdminClient;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(200);
  }
}

beforeAll(async () => {
  cluster = TARGET === 'apache' ? await startApacheCluster() : await startOrbitCluster();
  admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 8000 });
  await until('a registered broker', async () => Object.keys((await admin.getBrokerClusterInfo()).brokerAddrTable).length > 0, 60_000);
}, 180_000);

afterAll(async () => {
  await admin?.shutdown();
  await cluster?.stop();
}, 60_000);

describe(`admin client against ${TARGET}`, () => {
  const topic = `AdminT_${run}`;
  const group = `admin-g_${run}`;

  it('creates a topic on every master, lists it with its config, and reads queue stats', async () => {
    const brokers = await admin.createOrUpdateTopic({ topic, readQueueNums: 4, writeQueueNums: 4, perm: 6 });
    expect(brokers.length).toBeGreaterThan(0);
    await until('the route', () => admin.getTopicRoute(topic));
    const listed = (await admin.listTopicsWithConfig()).find((t) => t.topic === topic);
    expect(listed?.configs[0].config).toMatchObject({ readQueueNums: 4, writeQueueNums: 4, perm: 6 });
    const stats = await admin.examineTopicStats(topic);
    expect(stats).toHaveLength(4);
    expect(stats.every((q) => q.maxOffset === 0)).toBe(true);
  });

  it('sends, finds by key, by offset id and by unique id, browses and searches by time', async () => {
    const sent: Awaited<ReturnType<AdminClient['sendMessage']>>[] = [];
    for (let i = 0; i < 5; i++) sent.push(await admin.sendMessage({ topic, body: `body-${i}`, keys: `key-${run}-${i}`, tags: 'T' }));
    // The consume queues are written after the send returns (Apache dispatches asynchronously).
    const stats = await until('5 messages in the queues', async () => {
      const s = await admin.examineTopicStats(topic);
      return s.reduce((n, q) => n + q.maxOffset, 0) === 5 ? s : null;
    });

    const byKey = await until('the key index', async () => {
      const r = await admin.queryMessageByKey(topic, `key-${run}-3`);
      return r.length ? r : null;
    });
    expect(byKey.map((m) => m.body.toString())).toEqual(['body-3']);

    const byOffset = await admin.viewMessage(sent[1].offsetMsgId);
    expect(byOffset?.body.toString()).toBe('body-1');
    expect(byOffset?.msgId).toBe(sent[1].msgId);
    const byUniq = await until('the unique-key index', () => admin.viewMessage(sent[2].msgId, topic));
    expect(byUniq.body.toString()).toBe('body-2');

    const q = stats.find((s) => s.maxOffset > 0)!;
    const pulled = await admin.pullQueue({ topic, brokerName: q.brokerName, queueId: q.queueId }, 0, 32);
    expect(pulled.status).toBe('FOUND');
    expect(pulled.messages).toHaveLength(q.maxOffset);

    const found = await admin.searchMessagesByTime(topic, Date.now() - 600_000, Date.now() + 1000, 100);
    expect(found.messages).toHaveLength(5);
  });

  it('shows a group lag, skips the backlog and resets to a time (offline fallback)', async () => {
    await admin.createOrUpdateSubscriptionGroup(defaultSubscriptionGroupConfig(group));
    expect((await admin.listGroups()).map((g) => g.group)).toContain(group);
    for (const q of await admin.examineTopicStats(topic)) await admin.updateConsumerOffset(group, { topic, ...q }, 0);
    expect((await admin.examineConsumeStats(group)).totalDiff).toBe(5);
    expect(await admin.examineConsumerConnection(group)).toBeNull();

    const skipped = await admin.skipBacklog(group, topic);
    expect(skipped.method).toBe('offline');
    expect((await admin.examineConsumeStats(group)).totalDiff).toBe(0);

    await admin.resetOffsetByTime(group, topic, 0);
    expect((await admin.examineConsumeStats(group)).totalDiff).toBe(5);
    expect(await admin.queryTopicConsumeByWho(topic)).toContain(group);
  });

  it('searches per queue the offset a reset to a time moves to (the reset preview\'s targets)', async () => {
    const { messages } = await admin.searchMessagesByTime(topic, 0, Date.now() + 60_000);
    const mid = [...messages].sort((a, b) => a.storeTimestamp - b.storeTimestamp)[Math.floor(messages.length / 2)];
    const found = await admin.searchOffsetsByTime(topic, mid.storeTimestamp);
    expect(found).toHaveLength((await admin.examineTopicStats(topic)).length);
    const reset = await admin.resetOffsetByTime(group, topic, mid.storeTimestamp);
    const byQueue = (xs: { brokerName: string; queueId: number; offset: number }[]) =>
      xs.map((x) => `${x.brokerName}/${x.queueId}=${x.offset}`).sort();
    expect(byQueue(found)).toEqual(byQueue(reset.offsets));
  });

  it('resends a message to its topic and reads broker runtime, config and stats', { timeout: 40_000 }, async () => {
    const [m] = await admin.queryMessageByKey(topic, `key-${run}-0`);
    const r = await admin.resendMessage(m);
    expect(r.topic).toBe(topic);
    await until('6 messages in the queues', async () => (await admin.examineTopicStats(topic)).reduce((n, q) => n + q.maxOffset, 0) === 6);

    const addr = cluster.brokerAddr;
    // Apache answers SYSTEM_ERROR (an empty sampling list) for its first seconds after start.
    const runtime = await until('runtime info', () => admin.getBrokerRuntimeInfo(addr), 30_000);
    expect(runtime.brokerVersionDesc).toMatch(/^V\d/);
    expect(Object.keys(await admin.getBrokerConfig(addr))).toContain('brokerName');
    await admin.viewBrokerStatsData(addr, 'TOPIC_PUT_NUMS', topic);
    expect(await admin.examineProducerConnection(`no-such-producer-${run}`)).toEqual([]);
  });

  it('deletes the group and the topic', async () => {
    await admin.deleteSubscriptionGroup(group);
    expect((await admin.listGroups()).map((g) => g.group)).not.toContain(group);
    await admin.deleteTopic(topic);
    await expect(admin.getTopicRoute(topic)).rejects.toBeInstanceOf(BrokerError);
  });
});
