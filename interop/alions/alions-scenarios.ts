/**
 * Scenarios driven by the npm client ali-ons 3.12 (see /work/shared/ref/ali-ons-wire.md for what it sends).
 * ali-ons never creates topics, so every scenario's topic is created first through the admin path
 * (support/remoting-admin.ts). Each scenario throws an Error naming the mismatch.
 */
import crypto from 'node:crypto';
import ons, { type Consumer, type Message, type OnsLogger, type Producer } from 'ali-ons';
import { LOOPBACK } from '../support/ports';
import { createTopic } from '../support/remoting-admin';

const { Consumer: OnsConsumer, Message: OnsMessage, Producer: OnsProducer } = ons;

export interface AliOnsContext {
  namesrvAddr: string;
  topic: string;
  group: string;
  /** How long to wait for messages. */
  waitMs: number;
}

/** ali-ons wants an HTTP client for its address-server lookup; with nameSrv set it is never called. */
const noHttp = {
  request: async () => {
    throw new Error('ali-ons tried an HTTP name-server lookup; nameSrv should have been used');
  },
};

/** Warnings and errors of every client, for failure messages (ali-ons prints them to the console otherwise). */
export const clientLog: string[] = [];
const logger: OnsLogger = {
  info() {},
  debug() {},
  warn: (...args) => void clientLog.push(`WARN ${args.map(String).join(' ')}`),
  error: (...args) => void clientLog.push(`ERROR ${args.map(String).join(' ')}`),
};

let instanceSeq = 0;

/** Clients made through a Scenario run are closed when it ends (pass or fail). */
class Clients {
  private readonly closers: Array<() => Promise<void>> = [];
  constructor(private readonly ctx: AliOnsContext) {}

  private base(role: string) {
    return {
      httpclient: noHttp,
      nameSrv: this.ctx.namesrvAddr,
      // A distinct instance per client: ali-ons shares one MQClient per clientId, and two consumers of one
      // group (broadcasting) must not share it.
      instanceName: `interop-${role}-${process.pid}-${++instanceSeq}`,
      clientIP: LOOPBACK,
      logger,
    };
  }

  async producer(): Promise<Producer> {
    const p = new OnsProducer({ ...this.base('producer'), producerGroup: `PID_${this.ctx.group}` });
    p.on('error', (err) => clientLog.push(`producer error: ${err.message}`));
    this.closers.push(() => p.close());
    await p.ready();
    return p;
  }

  consumer(opts: { isBroadcast?: boolean } = {}): Consumer {
    const c = new OnsConsumer({
      ...this.base('consumer'),
      consumerGroup: this.ctx.group,
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      isBroadcast: opts.isBroadcast ?? false,
      persistConsumerOffsetInterval: 1000,
    });
    c.on('error', (err) => clientLog.push(`consumer error: ${err.message}`));
    this.closers.push(() => c.close());
    return c;
  }

  async closeAll(): Promise<void> {
    for (const close of this.closers.reverse()) {
      try {
        await close();
      } catch (err) {
        clientLog.push(`close: ${String(err)}`);
      }
    }
  }
}

/** Messages keyed by body text; waits for a count. */
class Inbox {
  readonly byBody = new Map<string, Message>();
  readonly order: Message[] = [];
  duplicates = 0;

  add(msg: Message): void {
    const key = msg.body.toString('utf8');
    if (this.byBody.has(key)) this.duplicates++;
    else this.byBody.set(key, msg);
    this.order.push(msg);
  }

  async waitFor(n: number, what: string, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.byBody.size < n) {
      if (Date.now() > deadline) {
        const recent = clientLog.slice(-5).join('\n  ');
        throw new Error(`timed out after ${ms} ms waiting for ${what}: got ${this.byBody.size} of ${n}${recent ? `\n  client log:\n  ${recent}` : ''}`);
      }
      await sleep(50);
    }
  }

  get(body: string): Message {
    const m = this.byBody.get(body);
    if (!m) throw new Error(`message with body '${body.slice(0, 60)}' was not delivered`);
    return m;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function expectEqual(expected: unknown, actual: unknown, what: string): void {
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)} but was ${JSON.stringify(actual)}`);
  }
}

async function sendOk(producer: Producer, msg: Message): Promise<Awaited<ReturnType<Producer['send']>>> {
  const r = await producer.send(msg);
  expectEqual('SEND_OK', r.sendStatus, `send status of '${msg.body.toString('utf8').slice(0, 30)}'`);
  if (!r.msgId) throw new Error('send result has no msgId');
  return r;
}

function subscribeInbox(consumer: Consumer, topic: string, expression: string): Inbox {
  const inbox = new Inbox();
  consumer.subscribe(topic, expression, async (msg) => inbox.add(msg));
  return inbox;
}

type ScenarioFn = (ctx: AliOnsContext, clients: Clients) => Promise<void>;

const scenarios = {
  /** Subscription 'TagA || TagB': only those tags reach the handler. */
  async tags(ctx, clients) {
    const consumer = clients.consumer();
    const inbox = subscribeInbox(consumer, ctx.topic, 'TagA || TagB');
    const seenTags = new Set<string>();
    await consumer.ready();
    const producer = await clients.producer();
    for (let i = 0; i < 6; i++) {
      for (const tag of ['TagA', 'TagB', 'TagC']) await sendOk(producer, new OnsMessage(ctx.topic, tag, `${tag}-${i}`));
    }
    await sendOk(producer, new OnsMessage(ctx.topic, 'TagA', 'TagA-last'));
    await inbox.waitFor(13, "'TagA || TagB' messages", ctx.waitMs);
    await sleep(500);
    for (const m of inbox.byBody.values()) seenTags.add(String(m.tags));
    expectEqual(['TagA', 'TagB'], [...seenTags].sort(), 'tags delivered to TagA || TagB');
    expectEqual(13, inbox.byBody.size, 'messages delivered to TagA || TagB');
  },

  /** KEYS: an array joined by a space on the wire, read back as one string. */
  async keys(ctx, clients) {
    const consumer = clients.consumer();
    const inbox = subscribeInbox(consumer, ctx.topic, '*');
    await consumer.ready();
    const producer = await clients.producer();
    const sent = new Map<string, string>();
    for (let i = 0; i < 8; i++) {
      const msg = new OnsMessage(ctx.topic, 'TagK', `keys-body-${i}`);
      msg.keys = [`order-${i}`, 'shared'];
      sent.set(`keys-body-${i}`, (await sendOk(producer, msg)).msgId);
    }
    await inbox.waitFor(8, 'messages with keys', ctx.waitMs);
    for (let i = 0; i < 8; i++) {
      const m = inbox.get(`keys-body-${i}`);
      expectEqual(`order-${i} shared`, m.keys, `keys of message ${i}`);
      // ali-ons computes msgId from storeHost + commitLogOffset; the broker's SEND response must agree.
      expectEqual(sent.get(`keys-body-${i}`), m.msgId, `msgId of message ${i} (send result vs pulled)`);
    }
  },

  /** User properties survive the round trip, next to the system ones. */
  async userProperties(ctx, clients) {
    const consumer = clients.consumer();
    const inbox = subscribeInbox(consumer, ctx.topic, '*');
    await consumer.ready();
    const producer = await clients.producer();
    for (let i = 0; i < 5; i++) {
      const msg = new OnsMessage(ctx.topic, 'TagP', `props-body-${i}`);
      msg.properties.color = i % 2 ? 'red' : 'blue';
      msg.properties.seq = String(i);
      msg.properties['x-unicode'] = 'héllo wörld ✓';
      await sendOk(producer, msg);
    }
    const untagged = new OnsMessage(ctx.topic, 'props-untagged');
    await sendOk(producer, untagged);
    await inbox.waitFor(6, 'messages with user properties', ctx.waitMs);
    for (let i = 0; i < 5; i++) {
      const p = inbox.get(`props-body-${i}`).properties;
      expectEqual(i % 2 ? 'red' : 'blue', p.color, `property color of message ${i}`);
      expectEqual(String(i), p.seq, `property seq of message ${i}`);
      expectEqual('héllo wörld ✓', p['x-unicode'], `unicode property of message ${i}`);
      expectEqual('TagP', p.TAGS, `TAGS of message ${i}`);
    }
    // ali-ons writes the literal string "null" as the tag of an untagged message.
    expectEqual('null', inbox.get('props-untagged').properties.TAGS, 'TAGS of an untagged message');
  },

  /** Bodies at and over 4 KiB are zlib-compressed by the client (sysFlag bit 0) and must come back intact. */
  async largeBody(ctx, clients) {
    const consumer = clients.consumer();
    const bodies = new Map<string, Buffer>();
    const got = new Map<string, Buffer>();
    consumer.subscribe(ctx.topic, '*', async (msg) => void got.set(String(msg.properties.name), msg.body));
    await consumer.ready();
    const producer = await clients.producer();
    const sizes = [4095, 4096, 4097, 16 * 1024, 100 * 1024];
    for (const size of sizes) {
      for (const kind of ['text', 'random']) {
        const body = kind === 'text' ? Buffer.from('orbit-'.repeat(Math.ceil(size / 6)).slice(0, size)) : crypto.randomBytes(size);
        const name = `${kind}-${size}`;
        bodies.set(name, body);
        const msg = new OnsMessage(ctx.topic, 'TagBig', body);
        msg.properties.name = name;
        await sendOk(producer, msg);
      }
    }
    const deadline = Date.now() + ctx.waitMs;
    while (got.size < bodies.size && Date.now() < deadline) await sleep(50);
    for (const [name, body] of bodies) {
      const back = got.get(name);
      if (!back) throw new Error(`large message ${name} was not delivered (got ${got.size} of ${bodies.size})`);
      if (!back.equals(body)) throw new Error(`body of ${name} differs after the round trip (length ${back.length} vs ${body.length})`);
    }
  },

  /** A sharding key pins a queue; the push consumer sees each key's messages in send order. */
  async shardingKey(ctx, clients) {
    const consumer = clients.consumer();
    const seen = new Map<string, Array<{ step: number; queueId: number }>>();
    consumer.subscribe(ctx.topic, '*', async (msg) => {
      const key = String(msg.properties.orderKey);
      if (!seen.has(key)) seen.set(key, []);
      seen.get(key)!.push({ step: Number(msg.properties.step), queueId: Number(msg.queueId) });
    });
    await consumer.ready();
    const producer = await clients.producer();
    // ali-ons does not pin keys whose md5 selects queueId 0 (`queueIds[i] || ''`); keep to keys that pin.
    const keys = pinnedShardingKeys(4, 3);
    const steps = 8;
    const sentQueue = new Map<string, number>();
    for (let step = 0; step < steps; step++) {
      for (const key of keys) {
        const msg = new OnsMessage(ctx.topic, 'TagShard', `${key}-${step}`);
        msg.shardingKey = key;
        msg.properties.orderKey = key;
        msg.properties.step = String(step);
        const r = await sendOk(producer, msg);
        // ali-ons reports the queue id of a send result as a string, of a delivered message as a number.
        const sentTo = Number(r.messageQueue.queueId);
        const q = sentQueue.get(key);
        if (q !== undefined && q !== sentTo) throw new Error(`sharding key ${key} went to queues ${q} and ${sentTo}`);
        sentQueue.set(key, sentTo);
      }
    }
    const deadline = Date.now() + ctx.waitMs;
    const total = (): number => [...seen.values()].reduce((n, l) => n + l.length, 0);
    while (total() < keys.length * steps && Date.now() < deadline) await sleep(50);
    for (const key of keys) {
      const got = seen.get(key) ?? [];
      expectEqual([...Array(steps).keys()], got.map((g) => g.step), `consume order of sharding key ${key}`);
      expectEqual([sentQueue.get(key)], [...new Set(got.map((g) => g.queueId))], `queue of sharding key ${key}`);
    }
  },

  /** Two broadcasting consumers of one group: both get every message. */
  async broadcasting(ctx, clients) {
    const first = clients.consumer({ isBroadcast: true });
    const second = clients.consumer({ isBroadcast: true });
    const a = subscribeInbox(first, ctx.topic, '*');
    const b = subscribeInbox(second, ctx.topic, '*');
    await Promise.all([first.ready(), second.ready()]);
    const producer = await clients.producer();
    for (let i = 0; i < 12; i++) await sendOk(producer, new OnsMessage(ctx.topic, 'TagBc', `bc-${i}`));
    await a.waitFor(12, 'first broadcasting consumer', ctx.waitMs);
    await b.waitFor(12, 'second broadcasting consumer', ctx.waitMs);
    expectEqual(0, a.duplicates + b.duplicates, 'duplicate deliveries to broadcasting consumers');
  },

  /**
   * `msg.delayTimeLevel = 3` (property DELAY) with the broker's default delay table: delivered 10 s (±1 s)
   * after it was born, on its topic, with its properties; an undelayed message sent after it arrives first.
   */
  async delayLevel(ctx, clients) {
    const consumer = clients.consumer();
    const arrivedAt = new Map<string, number>();
    const inbox = new Inbox();
    consumer.subscribe(ctx.topic, '*', async (msg) => {
      arrivedAt.set(msg.body.toString('utf8'), Date.now());
      inbox.add(msg);
    });
    await consumer.ready();
    const producer = await clients.producer();
    await sendOk(producer, new OnsMessage(ctx.topic, 'TagNow', 'warm-up'));
    await inbox.waitFor(1, 'the undelayed warm-up message', ctx.waitMs);
    const delayed = new OnsMessage(ctx.topic, 'TagDelay', 'delayed');
    delayed.delayTimeLevel = 3;
    delayed.properties.color = 'blue';
    const sent = await sendOk(producer, delayed);
    await sendOk(producer, new OnsMessage(ctx.topic, 'TagNow', 'undelayed'));
    await inbox.waitFor(2, 'the undelayed message sent after the delayed one', ctx.waitMs);
    if (inbox.byBody.has('delayed')) throw new Error('the delayed message arrived before the undelayed one');
    await inbox.waitFor(3, 'the delayed message (level 3 = 10 s)', 10_000 + ctx.waitMs);
    const m = inbox.get('delayed');
    const waited = arrivedAt.get('delayed')! - Number(m.bornTimestamp);
    if (Math.abs(waited - 10_000) > 1000) throw new Error(`delay level 3 message consumed ${waited} ms after it was born, expected 10000 ± 1000 ms`);
    expectEqual(ctx.topic, m.topic, 'topic of the delayed message');
    expectEqual(Number(sent.messageQueue.queueId), Number(m.queueId), 'queueId of the delayed message (REAL_QID)');
    expectEqual('TagDelay', m.tags, 'tags of the delayed message');
    expectEqual('blue', m.properties.color, 'user property of the delayed message');
    expectEqual(0, m.reconsumeTimes, 'reconsumeTimes of the delayed message');
    expectEqual(0, inbox.duplicates, 'duplicate deliveries');
  },

  /**
   * The handler throws on the first delivery: ali-ons sends CONSUMER_SEND_MSG_BACK (delayLevel 0, so the
   * broker picks level 3 = 10 s) and the message comes back through `%RETRY%<group>` with reconsumeTimes 1,
   * its topic restored from RETRY_TOPIC, ORIGIN_MESSAGE_ID = the first delivery's msgId, body and properties
   * intact. The client's fallback (sending the copy itself) must not have been needed.
   */
  async retry(ctx, clients) {
    const consumer = clients.consumer();
    const attempts: Array<{ at: number; msg: Message }> = [];
    consumer.subscribe(ctx.topic, '*', async (msg) => {
      attempts.push({ at: Date.now(), msg });
      if (attempts.length === 1) throw new Error('interop: fail the first attempt');
    });
    await consumer.ready();
    const producer = await clients.producer();
    const msg = new OnsMessage(ctx.topic, 'TagRetry', 'retry-me');
    msg.properties.color = 'blue';
    msg.keys = ['retry-key'];
    await sendOk(producer, msg);
    const deadline = Date.now() + 10_000 + ctx.waitMs;
    while (attempts.length < 2 && Date.now() < deadline) await sleep(50);
    if (attempts.length < 2) throw new Error(`the failed message did not come back within ${10_000 + ctx.waitMs} ms (attempts: ${attempts.length})`);
    const fallback = clientLog.filter((l) => /fallback|send reconsume message failed|sendMessageBack/i.test(l));
    if (fallback.length) throw new Error(`CONSUMER_SEND_MSG_BACK failed, the client fell back to sending the copy itself: ${fallback.join(' | ')}`);
    const [first, second] = attempts;
    expectEqual(0, first.msg.reconsumeTimes, 'reconsumeTimes of the first delivery');
    expectEqual(1, second.msg.reconsumeTimes, 'reconsumeTimes of the redelivery');
    const gap = second.at - first.at;
    if (gap < 9000 || gap > 14_000) throw new Error(`redelivery came ${gap} ms after the failure, expected ~10 s (level 3)`);
    expectEqual(ctx.topic, second.msg.topic, 'topic of the redelivery (restored from RETRY_TOPIC)');
    expectEqual(ctx.topic, second.msg.retryTopic, 'RETRY_TOPIC of the redelivery');
    expectEqual(first.msg.msgId, second.msg.originMessageId, 'ORIGIN_MESSAGE_ID of the redelivery');
    expectEqual('retry-me', second.msg.body.toString('utf8'), 'body of the redelivery');
    expectEqual('TagRetry', second.msg.tags, 'tags of the redelivery');
    expectEqual('retry-key', second.msg.keys, 'keys of the redelivery');
    expectEqual('blue', second.msg.properties.color, 'user property of the redelivery');
    await sleep(1000);
    expectEqual(2, attempts.length, 'deliveries (the second one succeeded)');
  },
} satisfies Record<string, ScenarioFn>;

export type AliOnsScenario = keyof typeof scenarios;
export const ALIONS_SCENARIOS = Object.keys(scenarios) as AliOnsScenario[];

/** Keys (`shard-N`) whose ali-ons queue index is not 0, so the client really pins them. */
export function pinnedShardingKeys(queueCount: number, n: number): string[] {
  const keys: string[] = [];
  for (let i = 0; keys.length < n; i++) {
    const key = `shard-${i}`;
    if (crypto.createHash('md5').update(key).digest().readUInt32BE() % queueCount !== 0) keys.push(key);
  }
  return keys;
}

/** Creates the scenario's topic (4 queues) and runs it; every client it made is closed afterwards. */
export async function runAliOnsScenario(name: AliOnsScenario, ctx: AliOnsContext): Promise<void> {
  await createTopic(ctx.namesrvAddr, ctx.topic, 4);
  const clients = new Clients(ctx);
  try {
    await scenarios[name](ctx, clients);
  } finally {
    await clients.closeAll();
  }
}

/**
 * ali-ons keeps a process-wide inner producer (created with the first consumer's options, so bound to that
 * cluster's name server). Close it between targets and at the end, or its timers keep the process busy.
 */
export async function resetAliOns(): Promise<void> {
  const inner = OnsProducer.defaultProducer;
  OnsProducer.defaultProducer = null;
  if (inner) {
    try {
      await inner.close();
    } catch (err) {
      clientLog.push(`closing the inner producer: ${String(err)}`);
    }
  }
}
