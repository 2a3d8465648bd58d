/**
 * Alerts end to end: `orbit namesrv` + `orbit broker` as processes, a producer and a deliberately slow push
 * consumer from the SDK, the alert engine over a real admin client, and a webhook receiver on loopback.
 * The lag rule fires while the consumer crawls and resolves once it catches up; /metrics shows the lag.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../interop/apache/apache-cluster';
import { startOrbitCluster } from '../../../interop/support/orbit-cluster';
import { AdminClient } from '../../client/admin/admin-client';
import { Producer, PushConsumer } from '../../client/index';
import { RocketMQExporter } from '../metrics/rocketmq-exporter';
import { AlertEngine } from './alert-engine';

const run = `${process.pid}_${Date.now() % 1_000_000}`;
const topic = `AlertT_${run}`;
const group = `alert_cg_${run}`;
const MESSAGES = 60;

let cluster: ClusterHandle;
let admin: AdminClient;
let receiver: Server;
let hookUrl = '';
const received: { status: string; alert: { ruleName: string; value: number; state: string } }[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  cluster = await startOrbitCluster();
  admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 5000 });
  receiver = createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      received.push(JSON.parse(text));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}, 60_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await admin?.shutdown();
  await new Promise((r) => receiver?.close(r));
  await cluster?.stop();
}, 30_000);

it('a lag rule fires for a slow consumer, notifies the webhook, and resolves when it catches up', async () => {
  const producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: `alert_pg_${run}` });
  await producer.start();
  cleanups.push(() => producer.shutdown());
  for (let i = 0; i < MESSAGES; i++) await producer.send({ topic, body: `m${i}` });

  let slow = true;
  let consumed = 0;
  const consumer = new PushConsumer({
    namesrvAddr: cluster.namesrvAddr,
    consumerGroup: group,
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    consumeThreadMax: 1,
    pullBatchSize: 4,
  });
  consumer.subscribe(topic, '*');
  consumer.registerMessageListenerConcurrently(async (msgs) => {
    if (slow) await sleep(400 * msgs.length);
    consumed += msgs.length;
    return 'CONSUME_SUCCESS' as const;
  });
  await consumer.start();
  cleanups.push(() => consumer.shutdown());

  const engine = new AlertEngine({ dir: path.join(mkdtempSync(path.join(tmpdir(), 'orbit-alerts-')), 'alerts'), admin: () => admin, webhook: { baseDelayMs: 100 } });
  cleanups.push(() => engine.stop());
  engine.setSampleInterval(500);
  const rule = engine.createRule({
    name: 'slow consumer',
    group,
    topic: null,
    kind: 'messageLag',
    threshold: 10,
    forSeconds: 1,
    severity: 'critical',
    webhookUrl: hookUrl,
    enabled: true,
  });
  engine.start();

  const firing = await until('the firing webhook', () => received.find((p) => p.status === 'firing'), 30_000);
  expect(firing.alert.ruleName).toBe('slow consumer');
  expect(firing.alert.value).toBeGreaterThan(10);
  const view = engine.overview();
  expect(view.active.find((a) => a.ruleId === rule.id)?.state).toBe('firing');
  expect(view.groups.find((g) => g.group === group)?.totalLag).toBeGreaterThan(10);

  // Prometheus sees the same lag, under the rocketmq-exporter's name and labels.
  const text = await new RocketMQExporter(() => admin, { cacheTtlMs: 0 }).scrape();
  const line = text.split('\n').find((l) => l.startsWith(`rocketmq_group_diff{group="${group}",topic="${topic}"`));
  expect(line).toMatch(/countOfOnlineConsumers="1",msgModel="1"\} \d+$/);
  expect(Number(line!.split(' ').pop())).toBeGreaterThan(0);

  slow = false;
  const resolved = await until('the resolved webhook', () => received.find((p) => p.status === 'resolved'), 30_000);
  expect(resolved.alert.state).toBe('resolved');
  expect(consumed).toBeGreaterThanOrEqual(MESSAGES - 10);
  await engine.flushDeliveries();
  const after = engine.overview();
  expect(after.active).toHaveLength(0);
  expect(after.history[0]).toMatchObject({ ruleId: rule.id, state: 'resolved' });
  expect(after.notifications.map((n) => [n.event, n.status])).toEqual([
    ['resolved', 'delivered'],
    ['firing', 'delivered'],
  ]);
}, 60_000);
