/**
 * The Node conventions of the SDK's clients against a real Orbit cluster: close() and Symbol.asyncDispose on each
 * of them, AbortSignal on the calls that can wait (send, pull, blocking pull, poll), and a custom logger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../interop/apache/apache-cluster';
import { startOrbitCluster } from '../../interop/support/orbit-cluster';
import { AdminClient } from './admin';
import { AbortError, LitePullConsumer, Producer, PullConsumer, PushConsumer, TransactionProducer, type ClientLogger } from './index';

let cluster: ClusterHandle;
const run = `${process.pid}_${Date.now() % 1_000_000}`;
let seq = 0;
const uniq = (p: string) => `${p}_${run}_${++seq}`;

beforeAll(async () => {
  cluster = await startOrbitCluster();
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

async function topicWithOneMessage(): Promise<{ topic: string }> {
  await using p = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: uniq('pg') });
  await p.start();
  const topic = uniq('Life');
  await p.send({ topic, body: 'first' });
  return { topic };
}

async function storedCount(topic: string): Promise<number> {
  await using admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr });
  // `return await`: a bare `return` would dispose of the client before the query's answer arrives.
  return await admin.topicDepth(topic);
}

describe('close() and Symbol.asyncDispose', () => {
  it('shut every client down, twice without harm', async () => {
    const namesrvAddr = cluster.namesrvAddr;
    const producer = new Producer({ namesrvAddr, producerGroup: uniq('pg') });
    const tx = new TransactionProducer({
      namesrvAddr,
      producerGroup: uniq('tx'),
      transactionListener: { executeLocalTransaction: () => 'COMMIT_MESSAGE', checkLocalTransaction: () => 'COMMIT_MESSAGE' },
    });
    const push = new PushConsumer({ namesrvAddr, consumerGroup: uniq('cg') });
    push.subscribe(uniq('T'));
    push.registerMessageListenerConcurrently(() => 'CONSUME_SUCCESS');
    const pull = new PullConsumer({ namesrvAddr, consumerGroup: uniq('cg') });
    const lite = new LitePullConsumer({ namesrvAddr, consumerGroup: uniq('cg') });
    lite.subscribe(uniq('T'));
    for (const c of [producer, tx, push, pull, lite]) await c.start();
    await producer.close();
    await expect(producer.send({ topic: 'T', body: 'x' })).rejects.toMatchObject({ code: 'NOT_STARTED' });
    await producer.close();
    for (const c of [tx, push, pull, lite]) {
      await c[Symbol.asyncDispose]();
      await c.close();
    }
    await expect(pull.fetchSubscribeMessageQueues('T')).rejects.toMatchObject({ code: 'NOT_STARTED' });

    const admin = new AdminClient({ namesrvAddr });
    expect((await admin.getBrokerClusterInfo()).brokerAddrTable).toBeTruthy();
    await admin.close();
    await expect(admin.getBrokerClusterInfo()).rejects.toMatchObject({ name: 'RemotingConnectError' });
  });

  it('ends the client with the `await using` scope', async () => {
    let kept: Producer | undefined;
    {
      await using producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: uniq('pg') });
      await producer.start();
      kept = producer;
    }
    await expect(kept.send({ topic: 'T', body: 'x' })).rejects.toMatchObject({ code: 'NOT_STARTED' });
  });
});

describe('AbortSignal', () => {
  it('send: an aborted signal rejects with AbortError and sends nothing, in every mode', async () => {
    const { topic } = await topicWithOneMessage();
    await using p = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: uniq('pg') });
    await p.start();
    const signal = AbortSignal.abort(new Error('request cancelled'));
    await expect(p.send({ topic, body: 'no' }, { signal })).rejects.toBeInstanceOf(AbortError);
    await expect(p.sendAsync({ topic, body: 'no' }, undefined, { signal })).rejects.toMatchObject({ code: 'ABORT_ERR' });
    await expect(p.sendOneway({ topic, body: 'no' }, { signal })).rejects.toMatchObject({ code: 'ABORT_ERR' });
    await expect(p.sendBatch([{ topic, body: 'no' }], { signal })).rejects.toMatchObject({ code: 'ABORT_ERR' });
    const err = await p.send({ topic, body: 'no' }, { signal }).catch((e: unknown) => e as AbortError);
    expect((err as AbortError).cause).toMatchObject({ message: 'request cancelled' });
    expect(await storedCount(topic)).toBe(1);
    // The same producer goes on sending once given a live signal.
    await expect(p.send({ topic, body: 'yes' }, { signal: new AbortController().signal })).resolves.toMatchObject({ sendStatus: 'SEND_OK' });
  });

  it('pullBlockIfNotFound: abort ends a pull the broker is holding, long before its hold time', async () => {
    const { topic } = await topicWithOneMessage();
    await using c = new PullConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: uniq('cg'), brokerSuspendMaxTimeMillis: 20_000 });
    await c.start();
    const [mq] = await c.fetchSubscribeMessageQueues(topic);
    const end = await c.maxOffset(mq);
    const before = await c.fetchConsumeOffset(mq, true);
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 300);
    await expect(c.pullBlockIfNotFound(mq, '*', end, 32, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5000);
    // Offsets are the application's: nothing moved, and the queue can be pulled again.
    expect(await c.fetchConsumeOffset(mq, true)).toBe(before);
    await expect(c.pull(mq, '*', 0, 32, { signal: new AbortController().signal })).resolves.toMatchObject({ pullStatus: expect.any(String) });
    await expect(c.pull(mq, '*', 0, 32, 3000)).resolves.toMatchObject({ pullStatus: expect.any(String) });
  });

  it('poll: abort ends the wait with AbortError', async () => {
    const topic = uniq('Empty');
    await using c = new LitePullConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: uniq('cg') });
    c.subscribe(topic);
    await c.start();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const started = Date.now();
    await expect(c.poll(20_000, { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(c.poll(100)).resolves.toEqual([]);
  });
});

describe('no unhandled rejections', () => {
  it("logs a send callback that throws instead of leaving it to the process's unhandledRejection", async () => {
    const { topic } = await topicWithOneMessage();
    const errors: string[] = [];
    const logger: ClientLogger = { debug() {}, info() {}, warn() {}, error: (_o, msg) => void errors.push(msg ?? ''), child: () => logger };
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await using p = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: uniq('pg'), logger });
      await p.start();
      // The application keeps no handle on the returned promise, as callback users do.
      void p.sendAsync({ topic, body: 'cb' }, { onSuccess: () => { throw new Error('bug in callback'); }, onException: () => {} });
      void p.sendAsync({ topic: 'bad topic!', body: 'x' }, { onSuccess: () => {}, onException: () => { throw new Error('bug in handler'); } });
      const end = Date.now() + 5000;
      while (errors.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(errors).toEqual(['send callback threw', 'send callback threw']);
    expect(unhandled).toEqual([]);
  });
});

describe('logger option', () => {
  it("routes the SDK's lines to the given pino-compatible logger", async () => {
    const lines: { level: string; msg?: string; bindings: Record<string, unknown> }[] = [];
    const make = (bindings: Record<string, unknown>): ClientLogger => ({
      debug: (_o, msg) => lines.push({ level: 'debug', msg, bindings }),
      info: (_o, msg) => lines.push({ level: 'info', msg, bindings }),
      warn: (_o, msg) => lines.push({ level: 'warn', msg, bindings }),
      error: (_o, msg) => lines.push({ level: 'error', msg, bindings }),
      child: (more) => make({ ...bindings, ...more }),
    });
    // A consumer of a topic no broker serves logs that it has no route (a warning).
    const topic = uniq('NoRoute');
    await using c = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: uniq('cg'), logger: make({ app: 'test' }) });
    c.subscribe(topic);
    c.registerMessageListenerConcurrently(() => 'CONSUME_SUCCESS');
    await c.start();
    await c.doRebalance();
    expect(lines.some((l) => l.level === 'warn' && l.bindings.app === 'test' && l.bindings.module === 'client')).toBe(true);
  });
});
