/**
 * Consumption through the gRPC proxy survives the loss of the proxy and of the broker (real `orbit` processes,
 * kill -9 each, SYNC_FLUSH): a Node 5.x SimpleConsumer keeps receiving once they are back; nothing sent is left
 * unconsumed, and every message received but not acknowledged before a kill is delivered again.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Producer as GrpcProducer, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { AdminClient } from '../client/admin';
import { startOrbitBrokers, type OrbitBrokersHandle } from '../client/testing/orbit-brokers';
import { findFreePort, LOOPBACK } from '../../interop/support/ports';
import { spawnManaged, tail, waitForOutput, type ManagedProcess } from '../../interop/support/process';

const ORBIT_BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'orbit.js');
const TOTAL = 240;
const quiet = { info() {}, warn() {}, error() {}, debug() {} };
let cluster: OrbitBrokersHandle;
let admin: AdminClient;
let proxy: ManagedProcess | undefined;
let proxyPort = 0;
const closers: (() => Promise<unknown>)[] = [];

async function startProxy(): Promise<void> {
  proxy = spawnManaged('proxy', process.execPath, [ORBIT_BIN, 'proxy', '--namesrv', cluster.namesrvAddr, '--host', LOOPBACK, '--port', String(proxyPort)]);
  await waitForOutput(proxy, /listening on/, 30_000);
}

async function killProxy(): Promise<void> {
  const p = proxy!;
  const gone = new Promise<void>((r) => (p.child.exitCode !== null ? r() : p.child.once('exit', () => r())));
  p.child.kill('SIGKILL');
  await gone;
}

beforeAll(async () => {
  cluster = await startOrbitBrokers({ brokerNames: ['broker-pk'], flush: 'SYNC_FLUSH', brokerConf: { reviveInterval: '200' } });
  admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr });
  proxyPort = await findFreePort();
  await startProxy();
}, 60_000);

afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => {});
  await admin?.shutdown();
  if (proxy && proxy.child.exitCode === null) await killProxy();
  await cluster?.stop();
}, 60_000);

describe('gRPC consumption across kill -9 of the proxy and of the broker', () => {
  it('loses nothing and redelivers every unacknowledged message', async () => {
    const topic = `T_pk_${Date.now()}`;
    const group = `G_pk_${Date.now()}`;
    await admin.createOrUpdateTopic({ topic, readQueueNums: 4, writeQueueNums: 4, perm: 6 });
    const endpoints = `${LOOPBACK}:${proxyPort}`;
    const producer = new GrpcProducer({ endpoints, namespace: '', topics: [topic], logger: quiet } as never);
    await producer.startup();
    closers.push(() => producer.shutdown());
    const sent = new Set<string>();
    for (let i = 0; i < TOTAL; i++) sent.add((await producer.send({ topic, body: Buffer.from(`m${i}`) })).messageId);

    const consumer = new SimpleConsumer({ endpoints, namespace: '', consumerGroup: group, subscriptions: new Map([[topic, '*']]), awaitDuration: 5000, logger: quiet } as never);
    await consumer.startup();
    closers.push(() => consumer.shutdown());

    const acked = new Set<string>();
    const heldBack = new Set<string>();
    const redelivered = new Set<string>();
    let received = 0;
    const step = async (holdBack: boolean) => {
      let got: MessageView[] = [];
      try {
        got = await consumer.receive(16, 10_000);
      } catch {
        await new Promise((r) => setTimeout(r, 300));
        return;
      }
      for (const m of got) {
        received++;
        if (heldBack.has(m.messageId) && (m.deliveryAttempt ?? 1) > 1) redelivered.add(m.messageId);
        if (holdBack && received % 5 === 0 && !heldBack.has(m.messageId)) {
          heldBack.add(m.messageId);
          continue;
        }
        try {
          await consumer.ack(m);
          acked.add(m.messageId);
        } catch {
          // The proxy or broker may be gone right now: the message comes back after its invisible time.
        }
      }
    };

    while (received < 80) await step(true);
    await killProxy();
    await startProxy();
    while (received < 160) await step(true);
    await cluster.brokers['broker-pk'].kill();
    await cluster.brokers['broker-pk'].restart();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !([...sent].every((id) => acked.has(id)) && [...heldBack].every((id) => redelivered.has(id)))) await step(false);

    const output = `${tail(proxy!.output(), 20)}\n${cluster.output(20)}`;
    expect([...sent].filter((id) => !acked.has(id)), output).toEqual([]);
    expect(heldBack.size).toBeGreaterThan(10);
    expect([...heldBack].filter((id) => !redelivered.has(id)), output).toEqual([]);
  }, 120_000);
});
