/**
 * The SDK's end-to-end scenarios, shared by server/client/client.int.test.ts (Orbit, unit run) and
 * interop/ts-client.interop.test.ts (every interop target, Apache RocketMQ 4.9.7 included). The cluster must
 * run with {@link SDK_BROKER_CONF} (short delay levels, fast transaction check-back).
 *
 * ```ts
 * describe('client SDK', () => defineSdkScenarios(() => cluster.namesrvAddr));
 * ```
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  LitePullConsumer,
  Producer,
  PullConsumer,
  PushConsumer,
  TransactionProducer,
  dlqTopic,
  selectMessageQueueByHash,
  type LocalTransactionState,
  type MessageExt,
} from '../index';

/** broker.conf keys the scenarios rely on: delay levels 1..3 are 1 s, 2 s, 3 s; UNKNOW half messages are checked back after ~1 s. */
export const SDK_BROKER_CONF: Record<string, string> = {
  messageDelayLevel: '1s 2s 3s',
  transactionTimeOut: '1000',
  transactionCheckInterval: '1000',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Registers one `it` per scenario in the calling `describe` (and an `afterAll` that shuts the clients
 * down). `namesrvAddr` is read when a test runs, so the cluster may start in a `beforeAll`.
 */
export function defineSdkScenarios(namesrvAddr: () => string): void {
  let seq = 0;
  const run = `${process.pid}_${Date.now() % 1_000_000}`;
  const uniq = (p: string) => `${p}_${run}_${++seq}`;
  const cleanups: (() => Promise<unknown>)[] = [];

  async function producer(group = uniq('pg')): Promise<Producer> {
    const p = new Producer({ namesrvAddr: namesrvAddr(), producerGroup: group });
    await p.start();
    cleanups.push(() => p.shutdown());
    return p;
  }

  /** Creates the topic (auto-create on first send) so consumers find a route; the body is 'warmup'. */
  async function newTopic(p: Producer, prefix = 'T'): Promise<string> {
    const topic = uniq(prefix);
    await p.send({ topic, body: 'warmup' });
    return topic;
  }

  function pushConsumer(opts: Partial<ConstructorParameters<typeof PushConsumer>[0]> = {}): PushConsumer {
    const c = new PushConsumer({ namesrvAddr: namesrvAddr(), consumerGroup: uniq('cg'), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', ...opts });
    cleanups.push(() => c.shutdown());
    return c;
  }

  const bodies = (msgs: MessageExt[]) => msgs.map((m) => m.body.toString()).filter((b) => b !== 'warmup');

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    cleanups.length = 0;
  }, 60_000);

    it('sync, async and oneway sends reach a push consumer', async () => {
      const p = await producer();
      const topic = await newTopic(p);
      const got: MessageExt[] = [];
      const c = pushConsumer();
      c.subscribe(topic, '*');
      c.registerMessageListenerConcurrently((msgs) => {
        got.push(...msgs);
        return 'CONSUME_SUCCESS';
      });
      await c.start();
      const sync = await p.send({ topic, body: 'sync' });
      expect(sync.sendStatus).toBe('SEND_OK');
      expect(sync.msgId).toMatch(/^[0-9A-F]{32}$/);
      expect(sync.offsetMsgId).toMatch(/^[0-9A-F]{32}$/);
      let cb: string | undefined;
      const asyncRes = await p.sendAsync({ topic, body: 'async' }, { onSuccess: (r) => (cb = r.msgId), onException: () => {} });
      await p.sendOneway({ topic, body: 'oneway' });
      await until('three messages', () => bodies(got).length >= 3);
      expect(bodies(got).sort()).toEqual(['async', 'oneway', 'sync']);
      expect(cb).toBe(asyncRes.msgId);
      expect(got.find((m) => m.body.toString() === 'sync')!.msgId).toBe(sync.msgId);
    });

    it('filters by tag and carries keys and user properties', async () => {
      const p = await producer();
      const topic = await newTopic(p);
      const got: MessageExt[] = [];
      const c = pushConsumer();
      c.subscribe(topic, 'TagA || TagB');
      c.registerMessageListenerConcurrently((msgs) => {
        got.push(...msgs);
        return 'CONSUME_SUCCESS';
      });
      await c.start();
      for (const tag of ['TagA', 'TagB', 'TagC']) {
        await p.send({ topic, body: tag, tags: tag, keys: [`k-${tag}`, 'shared'], properties: { color: 'blue' } });
      }
      await until('two tagged messages', () => got.length >= 2);
      await sleep(500);
      expect(got.map((m) => m.tags).sort()).toEqual(['TagA', 'TagB']);
      const a = got.find((m) => m.tags === 'TagA')!;
      expect(a.keys).toEqual(['k-TagA', 'shared']);
      expect(a.properties.color).toBe('blue');
    });

    it('delivers a delayed message after its delay level', async () => {
      const p = await producer();
      const topic = await newTopic(p);
      const got: { msg: MessageExt; at: number }[] = [];
      const c = pushConsumer();
      c.subscribe(topic, 'delayed');
      c.registerMessageListenerConcurrently((msgs) => {
        for (const msg of msgs) got.push({ msg, at: Date.now() });
        return 'CONSUME_SUCCESS';
      });
      await c.start();
      const sentAt = Date.now();
      await p.send({ topic, body: 'later', tags: 'delayed', delayTimeLevel: 2 });
      await until('the delayed message', () => got.length >= 1, 15_000);
      expect(got[0].at - sentAt).toBeGreaterThanOrEqual(1500);
      expect(got[0].msg.body.toString()).toBe('later');
    });

    it('sends a batch, compresses large bodies', async () => {
      const p = await producer();
      const topic = await newTopic(p);
      const got: MessageExt[] = [];
      const c = pushConsumer({ consumeMessageBatchMaxSize: 8 });
      c.subscribe(topic, '*');
      c.registerMessageListenerConcurrently((msgs) => {
        got.push(...msgs);
        return 'CONSUME_SUCCESS';
      });
      await c.start();
      const results = await p.sendBatch(Array.from({ length: 10 }, (_, i) => ({ topic, body: `b${i}`, keys: `key${i}` })));
      expect(results).toHaveLength(1);
      expect(results[0].msgId.split(',')).toHaveLength(10);
      const big = 'x'.repeat(10_000);
      await p.send({ topic, body: big });
      await until('eleven messages', () => bodies(got).length >= 11);
      const b = bodies(got);
      expect(b).toContain(big);
      expect(new Set(got.map((m) => m.msgId)).size).toBe(got.length);
      expect(got.filter((m) => m.body.toString().startsWith('b')).map((m) => m.keys[0]).sort()).toEqual(
        Array.from({ length: 10 }, (_, i) => `key${i}`).sort(),
      );
    });

    it('keeps per-key order with a hash selector and an orderly listener', async () => {
      const p = await producer();
      const topic = await newTopic(p);
      const got = new Map<string, number[]>();
      const c = pushConsumer({ consumeThreadMax: 4 });
      c.subscribe(topic, 'order');
      let suspendedOnce = false;
      c.registerMessageListenerOrderly(async (msgs) => {
        const [key, step] = msgs[0].body.toString().split(':');
        if (key === 'o1' && step === '2' && !suspendedOnce) {
          suspendedOnce = true;
          return 'SUSPEND_CURRENT_QUEUE_A_MOMENT';
        }
        await sleep(Math.random() * 5);
        got.set(key, [...(got.get(key) ?? []), Number(step)]);
        return 'SUCCESS';
      });
      await c.start();
      for (let step = 0; step < 5; step++) {
        for (const key of ['o1', 'o2', 'o3']) {
          await p.send({ topic, body: `${key}:${step}`, tags: 'order', keys: key }, { selector: selectMessageQueueByHash, arg: key });
        }
      }
      await until('fifteen ordered messages', () => [...got.values()].reduce((n, l) => n + l.length, 0) >= 15, 15_000);
      for (const key of ['o1', 'o2', 'o3']) expect(got.get(key)).toEqual([0, 1, 2, 3, 4]);
      expect(suspendedOnce).toBe(true);
    });

    it('retries with reconsumeTimes 0,1,2 and then dead-letters (maxReconsumeTimes 2)', async () => {
      const p = await producer();
      const topic = await newTopic(p);
      const group = uniq('cg_dlq');
      const seen: number[] = [];
      const c = pushConsumer({ consumerGroup: group, maxReconsumeTimes: 2 });
      c.subscribe(topic, 'fail');
      c.registerMessageListenerConcurrently((msgs) => {
        for (const m of msgs) {
          expect(m.topic).toBe(topic);
          seen.push(m.reconsumeTimes);
        }
        return 'RECONSUME_LATER';
      });
      await c.start();
      const sent = await p.send({ topic, body: 'poison', tags: 'fail' });
      await until('three deliveries', () => seen.length >= 3, 19_000);
      expect(seen.slice(0, 3)).toEqual([0, 1, 2]);
      const pc = new PullConsumer({ namesrvAddr: namesrvAddr(), consumerGroup: uniq('dlq_reader') });
      await pc.start();
      cleanups.push(() => pc.shutdown());
      const dlq = await until('the DLQ message', async () => {
        const mqs = await pc.fetchSubscribeMessageQueues(dlqTopic(group)).catch(() => []);
        for (const mq of mqs) {
          const r = await pc.pull(mq, '*', 0, 32);
          const m = r.msgFoundList.find((x) => x.msgId === sent.msgId);
          if (m) return m;
        }
        return undefined;
      }, 10_000);
      expect(dlq.body.toString()).toBe('poison');
      expect(seen).toHaveLength(3);
    }, 40_000);

    it('broadcasts every message to every member', async () => {
      const p = await producer();
      const topic = await newTopic(p);
      const group = uniq('cg_bc');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-bc-'));
      const got: string[][] = [[], []];
      for (const i of [0, 1]) {
        const c = pushConsumer({ consumerGroup: group, messageModel: 'BROADCASTING', offsetStoreDir: dir });
        c.subscribe(topic, '*');
        c.registerMessageListenerConcurrently((msgs) => {
          got[i].push(...bodies(msgs));
          return 'CONSUME_SUCCESS';
        });
        await c.start();
      }
      for (let i = 0; i < 4; i++) await p.send({ topic, body: `bc${i}` });
      await until('both members got 4', () => got[0].length >= 4 && got[1].length >= 4);
      expect(got[0].sort()).toEqual(['bc0', 'bc1', 'bc2', 'bc3']);
      expect(got[1].sort()).toEqual(['bc0', 'bc1', 'bc2', 'bc3']);
    });

    it('pulls with the pull consumer and stores its offset', async () => {
      const p = await producer();
      const topic = await newTopic(p);
      for (let i = 0; i < 5; i++) await p.send({ topic, body: `p${i}` });
      const c = new PullConsumer({ namesrvAddr: namesrvAddr(), consumerGroup: uniq('pull') });
      await c.start();
      cleanups.push(() => c.shutdown());
      const mqs = await c.fetchSubscribeMessageQueues(topic);
      expect(mqs.length).toBeGreaterThan(0);
      const got: MessageExt[] = [];
      for (const mq of mqs) {
        const r = await c.pull(mq, '*', 0, 32);
        got.push(...r.msgFoundList);
        if (r.pullStatus === 'FOUND') {
          c.updateConsumeOffset(mq, r.nextBeginOffset);
          expect(await c.fetchConsumeOffset(mq)).toBe(r.nextBeginOffset);
          expect(await c.maxOffset(mq)).toBe(r.nextBeginOffset);
        }
      }
      expect(bodies(got).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
      await c.persistConsumerOffset();
    });

    it('lite pull: subscribe + poll via for-await, commit, then assign + seek', async () => {
      const p = await producer();
      const topic = await newTopic(p);
      for (let i = 0; i < 6; i++) await p.send({ topic, body: `l${i}` });
      const group = uniq('lite');
      const c = new LitePullConsumer({ namesrvAddr: namesrvAddr(), consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', autoCommit: false });
      c.subscribe(topic, '*');
      await c.start();
      cleanups.push(() => c.shutdown());
      const got: string[] = [];
      for await (const m of c) {
        if (m.body.toString() !== 'warmup') got.push(m.body.toString());
        if (got.length >= 6) break;
      }
      expect(got.sort()).toEqual(['l0', 'l1', 'l2', 'l3', 'l4', 'l5']);
      await c.commitSync();
      await c.shutdown();

      const a = new LitePullConsumer({ namesrvAddr: namesrvAddr(), consumerGroup: group, autoCommit: false });
      await a.start();
      cleanups.push(() => a.shutdown());
      const mqs = await a.fetchMessageQueues(topic);
      a.assign(mqs);
      // Committed offsets: nothing left to read.
      expect(await a.poll(1000)).toEqual([]);
      await until('assignment', () => a.assignment().length === mqs.length);
      for (const mq of mqs) await a.seek(mq, 0);
      const again: string[] = [];
      await until('re-read after seek', async () => {
        again.push(...bodies(await a.poll(500)));
        return again.length >= 6;
      });
      expect(again.sort()).toEqual(['l0', 'l1', 'l2', 'l3', 'l4', 'l5']);
    }, 30_000);

    it('transactions: commit is delivered, rollback is not, unknown is resolved by the check', async () => {
      const p0 = await producer();
      const topic = await newTopic(p0);
      const checked: string[] = [];
      const tp = new TransactionProducer({
        namesrvAddr: namesrvAddr(),
        producerGroup: uniq('txg'),
        transactionListener: {
          executeLocalTransaction: (msg) => msg.body.toString() as LocalTransactionState,
          checkLocalTransaction: (msg) => {
            checked.push(msg.body.toString());
            return 'COMMIT_MESSAGE';
          },
        },
      });
      await tp.start();
      cleanups.push(() => tp.shutdown());
      const got: string[] = [];
      const c = pushConsumer();
      c.subscribe(topic, '*');
      c.registerMessageListenerConcurrently((msgs) => {
        got.push(...bodies(msgs));
        return 'CONSUME_SUCCESS';
      });
      await c.start();
      const r1 = await tp.sendMessageInTransaction({ topic, body: 'COMMIT_MESSAGE' });
      expect(r1.localTransactionState).toBe('COMMIT_MESSAGE');
      await tp.sendMessageInTransaction({ topic, body: 'ROLLBACK_MESSAGE' });
      await tp.sendMessageInTransaction({ topic, body: 'UNKNOW' });
      await until('committed and checked messages', () => got.includes('COMMIT_MESSAGE') && got.includes('UNKNOW'), 19_000);
      expect(checked).toContain('UNKNOW');
      expect(checked).not.toContain('COMMIT_MESSAGE');
      expect(got).not.toContain('ROLLBACK_MESSAGE');
    }, 30_000);
}
