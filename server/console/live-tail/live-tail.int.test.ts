/**
 * The live tail against a real Orbit cluster (namesrv + broker spawned from bin/orbit.js), read through the
 * admin client as the console does: only messages sent after the tail started arrive, a queue added later is
 * picked up, and no pull is made once the last watcher has gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrbitCluster } from '../../../interop/support/orbit-cluster';
import type { ClusterHandle } from '../../../interop/apache/apache-cluster';
import { AdminClient } from '../../client/admin/admin-client';
import { TailRegistry, defaultTailRegistryOptions } from './tail-registry';
import type { TailPullSource } from './tailer';
import { until } from './testing/fake-pull-source';

const run = `${process.pid}_${Date.now() % 1_000_000}`;
let cluster: ClusterHandle;
let admin: AdminClient;
let pulls = 0;

beforeAll(async () => {
  cluster = await startOrbitCluster();
  admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 8000 });
  for (let end = Date.now() + 60_000; ; ) {
    const brokers = await admin.getBrokerClusterInfo().then((i) => Object.keys(i.brokerAddrTable).length, () => 0);
    if (brokers > 0) break;
    if (Date.now() > end) throw new Error('no broker registered');
    await new Promise((r) => setTimeout(r, 200));
  }
}, 120_000);

afterAll(async () => {
  await admin?.shutdown();
  await cluster?.stop();
}, 60_000);

/** The admin client, counting pulls. */
const counted = (): TailPullSource => ({
  readableQueues: (t) => admin.readableQueues(t),
  queueMaxOffset: (addr, t, q) => admin.queueMaxOffset(addr, t, q),
  pullQueue: (q, offset, max, addr) => {
    pulls++;
    return admin.pullQueue(q, offset, max, addr);
  },
});

describe('live tail against Orbit', () => {
  it('sends only what arrives after the start, picks up new queues, and stops pulling when nobody watches', async () => {
    const topic = `TailT_${run}`;
    await admin.createOrUpdateTopic({ topic, readQueueNums: 2, writeQueueNums: 2, perm: 6 });
    for (let end = Date.now() + 20_000; !(await admin.getTopicRoute(topic).catch(() => null)); ) {
      if (Date.now() > end) throw new Error('no route');
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = await Promise.all([0, 1, 2].map((i) => admin.sendMessage({ topic, body: `before-${i}`, tags: 'old' })));

    const reg = new TailRegistry(counted, {
      ...defaultTailRegistryOptions(),
      lingerMs: 200,
      tailer: { ...defaultTailRegistryOptions().tailer, pollIntervalMs: 50, queueRefreshMs: 300 },
    });
    try {
      const all = await reg.watch(cluster.namesrvAddr, topic, {});
      const tagged = await reg.watch(cluster.namesrvAddr, topic, { tag: 'B' });
      const after = [];
      for (let i = 0; i < 6; i++) after.push(await admin.sendMessage({ topic, body: `after-${i}`, tags: i % 2 ? 'B' : 'A', keys: `k${i}` }));

      const got = new Set<string>();
      while (got.size < after.length) {
        const b = await all.watcher.take(100, 10_000);
        if (!b) throw new Error(`only ${got.size} of ${after.length} arrived`);
        for (const e of b.entries) got.add(e.message.msgId);
      }
      expect([...got].sort()).toEqual(after.map((s) => s.msgId).sort());
      expect(before.some((s) => got.has(s.msgId))).toBe(false);
      await until(() => tagged.watcher.queued === 3, 'the tagged three');
      const b = (await tagged.watcher.take(10, 0))!;
      // Queues are read side by side: arrival order across queues is not send order.
      expect(b.entries.map((e) => [e.message.tags, e.message.bodyPreview, e.message.bodyIsText]).sort((x, y) => String(x[1]).localeCompare(String(y[1])))).toEqual(
        [1, 3, 5].map((i) => ['B', `after-${i}`, true]),
      );

      // A queue added while tailing is read from its start.
      await admin.createOrUpdateTopic({ topic, readQueueNums: 4, writeQueueNums: 4, perm: 6 });
      await until(() => all.tailer.queueCount === 4, 'four queues', 20_000);
      const late = await admin.sendMessage({ topic, body: 'late', queueId: 3 });
      const lateBatch = await all.watcher.take(10, 10_000);
      expect(lateBatch?.entries.map((e) => [e.message.msgId, e.message.queueId])).toEqual([[late.msgId, 3]]);

      const tailer = all.tailer;
      all.release();
      tagged.release();
      await until(() => tailer.isStopped && reg.tailerOf(cluster.namesrvAddr, topic) === undefined, 'the stop');
      // Let a pull in flight at the stop settle, then none may follow.
      await new Promise((r) => setTimeout(r, 100));
      const settled = pulls;
      await new Promise((r) => setTimeout(r, 800));
      expect(pulls).toBe(settled);
      expect(settled).toBeGreaterThan(0);
    } finally {
      await reg.close();
    }
  }, 60_000);
});
