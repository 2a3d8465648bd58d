/**
 * The gRPC scenarios of interop/java5 (Scenarios.java) played by Apache's Node.js client
 * (`rocketmq-client-nodejs` 1.0.8, npm), in the test process. Same checks and facts, so the Java and Node runs
 * of one target can be compared line by line; grpc-node.interop.test.ts runs them.
 */
import {
  ConsumeResult,
  FilterExpression,
  Producer,
  PushConsumer,
  SimpleConsumer,
  type MessageOptions,
  type MessageView,
} from 'rocketmq-client-nodejs';
import definitionPb from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb.js';
import { isDeepStrictEqual } from 'node:util';

const { TransactionResolution } = definitionPb;

export interface NodeScenarioResult {
  scenario: string;
  ok: boolean;
  ms: number;
  mismatches: string[];
  facts: Record<string, unknown>;
}

/** The client's log lines (it writes to ~/logs/rocketmq otherwise); kept for failure messages. */
export class CollectingLogger {
  readonly lines: string[] = [];
  private add(level: string, args: unknown[]): void {
    this.lines.push(`${level} ${args.map((a) => (a instanceof Error ? a.stack : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
    if (this.lines.length > 400) this.lines.splice(0, this.lines.length - 400);
  }
  info = (...a: unknown[]): void => this.add('INFO', a);
  warn = (...a: unknown[]): void => this.add('WARN', a);
  error = (...a: unknown[]): void => this.add('ERROR', a);
  debug = (): void => {};
  tail(n = 30): string {
    return this.lines.slice(-n).join('\n');
  }
}

const INVISIBLE_MS = 10_000;
const AWAIT_MS = 5_000;
const STARTUP_MS = 15_000;
const STARTUP_ATTEMPTS = 3;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class Ctx {
  readonly facts: Record<string, unknown> = {};
  readonly mismatches: string[] = [];
  private readonly closers: (() => Promise<unknown>)[] = [];

  constructor(
    readonly endpoint: string,
    readonly args: Record<string, string | number>,
    readonly logger: CollectingLogger,
  ) {}

  arg(name: string): string {
    const v = this.args[name];
    if (v === undefined) throw new Error(`scenario argument '${name}' missing`);
    return String(v);
  }

  private base(): { endpoints: string; namespace: string; sslEnabled: boolean; requestTimeout: number; logger: CollectingLogger } {
    // Node's TLS verifies the server certificate (Apache's proxy has a self-signed one): plaintext only.
    return { endpoints: this.endpoint, namespace: '', sslEnabled: false, requestTimeout: 5000, logger: this.logger };
  }

  /**
   * rocketmq-client-nodejs 1.0.8 loses a settings reply that arrives before its startup begins waiting for one and
   * then never starts (BaseClient#startup); on a busy machine that happens against Apache's proxy too. A client whose
   * startup hangs sent nothing yet, so it is dropped and a fresh one made (counted in facts.startupRetries).
   */
  async started<T extends { startup(): Promise<unknown>; shutdown(): Promise<unknown> }>(make: () => T): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const c = make();
      const startup = c.startup();
      // A dropped client's startup may still fail later: that is not this scenario's error any more.
      startup.catch(() => undefined);
      const ok = await Promise.race([startup.then(() => true), sleep(STARTUP_MS).then(() => false)]);
      if (ok) {
        this.closers.push(() => c.shutdown());
        return c;
      }
      this.facts.startupRetries = ((this.facts.startupRetries as number | undefined) ?? 0) + 1;
      await Promise.race([c.shutdown().catch(() => undefined), sleep(5000)]);
      if (attempt >= STARTUP_ATTEMPTS) throw new Error(`client startup did not finish in ${STARTUP_ATTEMPTS} attempts of ${STARTUP_MS} ms`);
    }
  }

  producer(topic: string | string[], checker?: (v: MessageView) => number): Promise<Producer> {
    return this.started(() => new Producer({ ...this.base(), topic, ...(checker ? { checker: { check: async (v: MessageView) => checker(v) } } : {}) } as never));
  }

  simple(group: string, topic: string, tag?: string): Promise<SimpleConsumer> {
    return this.started(
      () =>
        new SimpleConsumer({
          ...this.base(),
          consumerGroup: group,
          subscriptions: new Map([[topic, tag ? new FilterExpression(tag) : FilterExpression.SUB_ALL]]),
          awaitDuration: AWAIT_MS,
        }),
    );
  }

  push(group: string, topic: string, consume: (v: MessageView) => ConsumeResult): Promise<PushConsumer> {
    return this.started(
      () =>
        new PushConsumer({
          ...this.base(),
          consumerGroup: group,
          subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
          messageListener: { consume },
        }),
    );
  }

  async closeAll(): Promise<void> {
    for (const c of this.closers.reverse()) await c().catch(() => {});
  }

  check(ok: boolean, what: string): void {
    if (!ok) this.mismatches.push(what);
  }

  eq(what: string, want: unknown, got: unknown): void {
    if (!isDeepStrictEqual(want, got)) this.mismatches.push(`${what}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
}

function view(v: MessageView): Record<string, unknown> {
  const body = v.body.toString('utf8');
  return {
    messageId: v.messageId,
    topic: v.topic,
    body: body.length > 64 ? `${body.slice(0, 20)}...(${body.length} chars)` : body,
    // The Node client's view reads proto3 getters: an absent tag or message group comes back as ''.
    tag: v.tag || null,
    keys: [...v.keys].sort(),
    properties: Object.fromEntries([...v.properties.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
    messageGroup: v.messageGroup || null,
    deliveryTimestamp: v.deliveryTimestamp?.getTime() ?? null,
    deliveryAttempt: v.deliveryAttempt ?? null,
    bornHost: v.bornHost,
    bornTimestamp: v.bornTimestamp?.getTime() ?? null,
  };
}

const bodyOf = (v: MessageView): string => v.body.toString('utf8');
const msg = (topic: string, body: string, o: Omit<MessageOptions, 'topic' | 'body'> = {}): MessageOptions => ({ topic, body: Buffer.from(body, 'utf8'), ...o });
const errText = (e: unknown): string => String((e as Error)?.message ?? e).slice(0, 300);

async function receiveUntil(c: SimpleConsumer, max: number, timeoutMs: number, done: () => boolean, each: (v: MessageView, at: number) => Promise<void> | void): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done() && Date.now() < end) {
    const got = await c.receive(max, INVISIBLE_MS);
    const at = Date.now();
    for (const v of got) await each(v, at);
  }
}

// ------------------------------------------------------------------ scenarios

async function send(ctx: Ctx): Promise<void> {
  const [normalTopic, fifoTopic, delayTopic, txTopic] = ['normalTopic', 'fifoTopic', 'delayTopic', 'txTopic'].map((a) => ctx.arg(a));
  const p = await ctx.started(
    () =>
      new Producer({
        endpoints: ctx.endpoint,
        namespace: '',
        sslEnabled: false,
        requestTimeout: 5000,
        logger: ctx.logger,
        topic: [normalTopic, fifoTopic, delayTopic, txTopic],
        checker: { check: async () => TransactionResolution.COMMIT },
      } as never) as Producer,
  );
  {
    const ids: Record<string, string> = {};
    ids.normal = (await p.send(msg(normalTopic, 's-normal', { tag: 'S', keys: ['ks'], properties: new Map([['a', 'b']]) }))).messageId;
    ids.fifo = (await p.send(msg(fifoTopic, 's-fifo', { messageGroup: 'g1' }))).messageId;
    ids.delay = (await p.send(msg(delayTopic, 's-delay', { deliveryTimestamp: new Date(Date.now() + 1000) }))).messageId;
    const tx = p.beginTransaction();
    ids.transaction = (await p.send(msg(txTopic, 's-tx'), tx)).messageId;
    await tx.commit();
    ctx.facts.messageIds = ids;
    for (const [k, id] of Object.entries(ids)) ctx.check(id.length === 34 && id.startsWith('01'), `${k} message id is not v1: ${id}`);
    ctx.eq('distinct message ids', 4, new Set(Object.values(ids)).size);
    const tryErr = (f: () => Promise<unknown>): Promise<string | null> =>
      f().then(
        () => null,
        (e: unknown) => errText(e),
      );
    const refused: Record<string, string | null> = {
      'FIFO message to the NORMAL topic': await tryErr(() => p.send(msg(normalTopic, 'x', { messageGroup: 'g' }))),
      'NORMAL message to the FIFO topic': await tryErr(() => p.send(msg(fifoTopic, 'x'))),
      'DELAY message to the NORMAL topic': await tryErr(() => p.send(msg(normalTopic, 'x', { deliveryTimestamp: new Date(Date.now() + 1000) }))),
    };
    ctx.facts.refused = refused;
    for (const [k, v] of Object.entries(refused)) ctx.check(v !== null, `${k} was accepted`);
  }
}

async function normal(ctx: Ctx): Promise<void> {
  const topic = ctx.arg('topic');
  const all = await ctx.simple(ctx.arg('group'), topic);
  const tagA = await ctx.simple(ctx.arg('tagGroup'), topic, 'TagA');
  const p = await ctx.producer(topic);
  const big = `big:${'0123456789abcdef'.repeat(400)}`;
  const sent = [
    msg(topic, 'normal-0 ünïcödé ✓', { tag: 'TagA', keys: ['k0a', 'k0b'], properties: new Map([['color', 'blue'], ['emoji', 'häh ✓']]) }),
    msg(topic, 'normal-1', { tag: 'TagB', keys: ['k1'], properties: new Map([['n', '1']]) }),
    msg(topic, big),
  ];
  const sentAt = Date.now();
  const byId = new Map<string, MessageOptions>();
  for (const m of sent) byId.set((await p.send(m)).messageId, m);
  const ids = [...byId.keys()];
  ctx.facts.messageIds = ids;
  ctx.check(ids.every((id) => id.length === 34 && id.startsWith('01')), `message ids are v1 (34 hex chars, 01...): ${ids}`);
  const seen = new Map<string, Record<string, unknown>>();
  await receiveUntil(all, 16, 30_000, () => seen.size >= 3, async (v) => {
    if (seen.has(v.messageId)) ctx.mismatches.push(`received twice: ${v.messageId}`);
    seen.set(v.messageId, view(v));
    await all.ack(v);
  });
  ctx.facts.received = [...seen.values()];
  ctx.eq('message ids received', [...ids].sort(), [...seen.keys()].sort());
  for (const [id, m] of byId) {
    const got = seen.get(id);
    if (!got) continue;
    const body = m.body.toString('utf8');
    ctx.eq(`message ${id} body`, body.length > 64 ? `${body.slice(0, 20)}...(${body.length} chars)` : body, got.body);
    ctx.eq(`message ${id} tag`, m.tag ?? null, got.tag);
    ctx.eq(`message ${id} keys`, [...(m.keys ?? [])].sort(), got.keys);
    ctx.eq(`message ${id} properties`, Object.fromEntries([...(m.properties ?? new Map()).entries()].sort(([a], [b]) => (a < b ? -1 : 1))), got.properties);
    ctx.eq(`message ${id} topic`, topic, got.topic);
    ctx.eq(`message ${id} deliveryAttempt`, 1, got.deliveryAttempt);
    ctx.eq(`message ${id} messageGroup`, null, got.messageGroup);
    ctx.eq(`message ${id} deliveryTimestamp`, null, got.deliveryTimestamp);
    const born = Number(got.bornTimestamp);
    ctx.check(born >= sentAt - 1000 && born <= Date.now(), `message ${id} bornTimestamp ${born} not at send time ${sentAt}`);
  }
  const tagged: string[] = [];
  await receiveUntil(tagA, 16, 30_000, () => tagged.length > 0, async (v) => {
    tagged.push(bodyOf(v));
    await tagA.ack(v);
  });
  for (const v of await tagA.receive(16, INVISIBLE_MS)) {
    tagged.push(bodyOf(v));
    await tagA.ack(v);
  }
  ctx.eq('TagA subscription received', ['normal-0 ünïcödé ✓'], tagged);
  ctx.eq('redelivered after ack', 0, (await all.receive(16, INVISIBLE_MS)).length);
}

async function delay(ctx: Ctx): Promise<void> {
  const topic = ctx.arg('topic');
  const delayMs = Number(ctx.args.delayMs ?? 5000);
  const c = await ctx.simple(ctx.arg('group'), topic);
  const p = await ctx.producer(topic);
  const sentAt = Date.now();
  const deliverAt = sentAt + delayMs;
  const r = await p.send(msg(topic, 'delayed', { tag: 'D', keys: ['kd'], deliveryTimestamp: new Date(deliverAt) }));
  let got: MessageView | undefined;
  let receivedAt = 0;
  await receiveUntil(c, 16, delayMs + 20_000, () => got !== undefined, async (v, at) => {
    got = v;
    receivedAt = at;
    await c.ack(v);
  });
  if (!got) {
    ctx.mismatches.push('delayed message never received');
    return;
  }
  Object.assign(ctx.facts, { received: view(got), delayMs, sendToReceiveMs: receivedAt - sentAt, lateMs: receivedAt - deliverAt });
  ctx.eq('message id', r.messageId, got.messageId);
  ctx.eq('deliveryTimestamp', deliverAt, got.deliveryTimestamp?.getTime());
  ctx.eq('deliveryAttempt', 1, got.deliveryAttempt);
  ctx.check(receivedAt >= deliverAt - 100, `received ${deliverAt - receivedAt} ms before the delivery time`);
  ctx.check(receivedAt <= deliverAt + 3000, `received ${receivedAt - deliverAt} ms after the delivery time (> 3 s)`);
}

async function transaction(ctx: Ctx): Promise<void> {
  const topic = ctx.arg('topic');
  const c = await ctx.simple(ctx.arg('group'), topic);
  const checked: Record<string, unknown>[] = [];
  let checkedAt = 0;
  const p = await ctx.producer(topic, (v) => {
    checked.push(view(v));
    checkedAt = Date.now();
    return v.properties.get('decision') === 'check-commit' ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
  });
  const idOf = new Map<string, string>();
  const t0 = Date.now();
  for (const decision of ['commit', 'rollback', 'check-commit']) {
    const tx = p.beginTransaction();
    const r = await p.send(msg(topic, `tx-${decision}`, { tag: 'TX', keys: [`k-${decision}`], properties: new Map([['decision', decision]]) }), tx);
    idOf.set(decision, r.messageId);
    if (decision === 'commit') await tx.commit();
    else if (decision === 'rollback') await tx.rollback();
  }
  const sentAt = Date.now();
  const receivedAt = new Map<string, number>();
  const received: Record<string, unknown>[] = [];
  const take = async (v: MessageView, at: number): Promise<void> => {
    received.push(view(v));
    receivedAt.set(bodyOf(v), at);
    await c.ack(v);
  };
  await receiveUntil(c, 16, 60_000, () => receivedAt.has('tx-commit') && receivedAt.has('tx-check-commit'), take);
  for (const v of await c.receive(16, INVISIBLE_MS)) await take(v, Date.now());
  Object.assign(ctx.facts, {
    received,
    checked,
    commitVisibleMs: receivedAt.has('tx-commit') ? receivedAt.get('tx-commit')! - t0 : null,
    checkBackMs: checkedAt > 0 ? checkedAt - sentAt : null,
  });
  ctx.eq('received bodies', ['tx-check-commit', 'tx-commit'], [...receivedAt.keys()].sort());
  ctx.eq('received count', 2, received.length);
  ctx.check(checked.length > 0, 'transaction checker never called');
  for (const ch of checked) {
    ctx.eq('checked message body', 'tx-check-commit', ch.body);
    ctx.eq('checked message topic', topic, ch.topic);
    ctx.eq('checked message id', idOf.get('check-commit'), ch.messageId);
  }
  for (const rec of received) {
    const decision = String(rec.body).slice(3);
    ctx.eq(`received ${rec.body} id`, idOf.get(decision), rec.messageId);
    ctx.eq(`received ${rec.body} user property decision`, decision, (rec.properties as Record<string, string>).decision);
  }
}

async function push(ctx: Ctx): Promise<void> {
  const topic = ctx.arg('topic');
  const n = 6;
  const attempts = new Map<string, number[]>();
  const times = new Map<string, number[]>();
  const succeeded = new Set<string>();
  await ctx.push(ctx.arg('group'), topic, (v) => {
    const body = bodyOf(v);
    attempts.set(body, [...(attempts.get(body) ?? []), v.deliveryAttempt ?? -1]);
    times.set(body, [...(times.get(body) ?? []), Date.now()]);
    if (body === 'push-fail-once' && v.deliveryAttempt === 1) return ConsumeResult.FAILURE;
    succeeded.add(body);
    return ConsumeResult.SUCCESS;
  });
  const p = await ctx.producer(topic);
  const bodies: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = i === 2 ? 'push-fail-once' : `push-${i}`;
    bodies.push(body);
    await p.send(msg(topic, body, { tag: 'P', keys: [`kp${i}`] }));
  }
  const end = Date.now() + 45_000;
  while (succeeded.size < n && Date.now() < end) await sleep(200);
  await sleep(1000);
  const ft = times.get('push-fail-once');
  ctx.facts.attempts = Object.fromEntries([...attempts.entries()].sort());
  ctx.facts.retryAfterMs = ft && ft.length >= 2 ? ft[1] - ft[0] : null;
  ctx.eq('consumed successfully', [...bodies].sort(), [...succeeded].sort());
  ctx.eq('attempts of the failed message', [1, 2], attempts.get('push-fail-once'));
  for (const b of bodies) if (b !== 'push-fail-once') ctx.eq(`attempts of ${b}`, [1], attempts.get(b));
}

async function invisible(ctx: Ctx): Promise<void> {
  const topic = ctx.arg('topic');
  const c = await ctx.simple(ctx.arg('group'), topic);
  const p = await ctx.producer(topic);
  const { messageId: id } = await p.send(msg(topic, 'invisible', { tag: 'I', keys: ['ki'], properties: new Map([['x', '1']]) }));
  const next = async (timeoutMs: number): Promise<{ v?: MessageView; at: number }> => {
    let v: MessageView | undefined;
    let at = 0;
    await receiveUntil(c, 16, timeoutMs, () => v !== undefined, (m, t) => {
      if (m.messageId === id) {
        v = m;
        at = t;
      }
    });
    return { v, at };
  };
  const first = await next(30_000);
  if (!first.v) return void ctx.mismatches.push('message never received');
  ctx.eq('first delivery attempt', 1, first.v.deliveryAttempt);
  const changedAt = Date.now();
  await c.changeInvisibleDuration(first.v, 2000);
  const second = await next(30_000);
  if (!second.v) return void ctx.mismatches.push('message not redelivered after changeInvisibleDuration(2 s)');
  ctx.facts.afterChange = view(second.v);
  ctx.facts.redeliveredAfterChangeMs = second.at - changedAt;
  ctx.eq('delivery attempt after changeInvisibleDuration', 2, second.v.deliveryAttempt);
  ctx.check(second.at - changedAt >= 1500, `redelivered ${second.at - changedAt} ms after changeInvisibleDuration(2 s)`);
  ctx.eq('properties after redelivery', { x: '1' }, Object.fromEntries(second.v.properties));
  const third = await next(40_000);
  if (!third.v) return void ctx.mismatches.push('message not redelivered after its invisible time ran out');
  ctx.facts.afterTimeout = view(third.v);
  ctx.facts.redeliveredAfterTimeoutMs = third.at - second.at;
  ctx.eq('delivery attempt after the invisible time', 3, third.v.deliveryAttempt);
  ctx.check(third.at - second.at >= 9500, `redelivered ${third.at - second.at} ms after a 10 s receive`);
  ctx.facts.staleAck = await c.ack(second.v).then(
    () => 'accepted',
    (e: unknown) => errText(e),
  );
  await c.ack(third.v);
  ctx.eq('messages after the ack', 0, (await c.receive(16, INVISIBLE_MS)).length);
}

async function dlq(ctx: Ctx): Promise<void> {
  const topic = ctx.arg('topic');
  const group = ctx.arg('group');
  const maxAttempts = Number(ctx.arg('maxAttempts'));
  const c = await ctx.simple(group, topic);
  const p = await ctx.producer(topic);
  const { messageId: id } = await p.send(msg(topic, 'to-dlq', { tag: 'Q', keys: ['kq'], properties: new Map([['y', '2']]) }));
  const attempts: number[] = [];
  const t0 = Date.now();
  let emptyAfterLast = 0;
  while (Date.now() < t0 + 60_000 && emptyAfterLast < 2) {
    const got = await c.receive(16, INVISIBLE_MS);
    if (got.length === 0 && attempts.length >= maxAttempts) emptyAfterLast++;
    for (const v of got) {
      if (v.messageId !== id) continue;
      attempts.push(v.deliveryAttempt ?? -1);
      await c.changeInvisibleDuration(v, 1000);
    }
  }
  ctx.facts.attempts = attempts;
  ctx.eq('delivery attempts', Array.from({ length: maxAttempts }, (_, i) => i + 1), attempts);
  const dlqTopic = `%DLQ%${group}`;
  ctx.facts.dlqTopic = dlqTopic;
  let d: SimpleConsumer | undefined;
  let lastErr = '';
  for (const end = Date.now() + 20_000; !d && Date.now() < end; ) {
    d = await ctx.simple(ctx.arg('dlqGroup'), dlqTopic).catch((e: unknown) => {
      lastErr = errText(e);
      return sleep(1000).then(() => undefined);
    });
  }
  if (!d) return void ctx.mismatches.push(`no simple consumer on ${dlqTopic}: ${lastErr}`);
  let dead: MessageView | undefined;
  const dc = d;
  await receiveUntil(dc, 16, 30_000, () => dead !== undefined, async (v) => {
    dead = v;
    await dc.ack(v);
  });
  if (!dead) return void ctx.mismatches.push(`nothing in ${dlqTopic}`);
  const v = view(dead);
  ctx.facts.dlqMessage = v;
  ctx.eq('DLQ message body', 'to-dlq', v.body);
  ctx.eq('DLQ message id', id, v.messageId);
  ctx.eq('DLQ message topic', dlqTopic, v.topic);
  ctx.eq('DLQ message tag', 'Q', v.tag);
  ctx.eq('DLQ message keys', ['kq'], v.keys);
}

async function fifo(ctx: Ctx): Promise<void> {
  const topic = ctx.arg('topic');
  const c = await ctx.simple(ctx.arg('group'), topic);
  const p = await ctx.producer(topic);
  const groups = ['gA', 'gB', 'gC'];
  const perGroup = 3;
  for (let i = 0; i < perGroup; i++) for (const g of groups) await p.send(msg(topic, `${g}-${i}`, { tag: 'F', keys: [`${g}k${i}`], messageGroup: g }));
  const order: Record<string, string[]> = {};
  const roundSizes: number[] = [];
  let total = 0;
  for (const end = Date.now() + 90_000; total < groups.length * perGroup && Date.now() < end; ) {
    const held = new Map<string, MessageView>();
    const all: MessageView[] = [];
    for (;;) {
      const got = await c.receive(1, INVISIBLE_MS);
      if (got.length === 0) break;
      const v = got[0];
      const g = v.messageGroup ?? '';
      ctx.check(bodyOf(v).startsWith(`${g}-`), `message ${bodyOf(v)} has message group ${g}`);
      ctx.eq(`${bodyOf(v)} delivery attempt`, 1, v.deliveryAttempt);
      if (held.has(g)) ctx.mismatches.push(`received ${bodyOf(v)} while ${bodyOf(held.get(g)!)} of the same group was neither acked nor expired`);
      held.set(g, v);
      all.push(v);
      (order[g] ??= []).push(bodyOf(v));
      total++;
    }
    for (const v of all) await c.ack(v);
    roundSizes.push(all.length);
    if (all.length === 0) break;
  }
  ctx.facts.order = order;
  ctx.facts.roundSizes = roundSizes;
  for (const g of groups) ctx.eq(`order of ${g}`, Array.from({ length: perGroup }, (_, i) => `${g}-${i}`), order[g]);

  await p.send(msg(topic, 'gX-0', { messageGroup: 'gX' }));
  await p.send(msg(topic, 'gX-1', { messageGroup: 'gX' }));
  let got: MessageView[] = [];
  for (const end = Date.now() + 20_000; got.length === 0 && Date.now() < end; ) got = await c.receive(1, INVISIBLE_MS);
  if (got.length === 0) return void ctx.mismatches.push('gX-0 never received');
  const firstAt = Date.now();
  ctx.eq('first of gX', 'gX-0', bodyOf(got[0]));
  const sequence: string[] = [];
  const attempts: (number | undefined)[] = [];
  let again: MessageView | undefined;
  let againAt = 0;
  while (!again && Date.now() < firstAt + 30_000) {
    for (const v of await c.receive(1, INVISIBLE_MS)) {
      sequence.push(bodyOf(v));
      attempts.push(v.deliveryAttempt);
      if (bodyOf(v) === 'gX-0') {
        again = v;
        againAt = Date.now();
      } else await c.ack(v);
    }
  }
  ctx.facts.blockedSequence = sequence;
  ctx.facts.blockedAttempts = attempts;
  if (!again) return void ctx.mismatches.push('gX-0 not redelivered after its invisible time');
  ctx.facts.redeliveredAfterMs = againAt - firstAt;
  ctx.eq('what came while gX-0 was invisible, then', ['gX-0'], sequence);
  ctx.eq('attempt of the redelivered gX-0', [2], attempts);
  ctx.check(againAt - firstAt >= 9500, `gX-0 came back ${againAt - firstAt} ms after a 10 s receive`);
  await c.ack(again);
  let nxt: MessageView[] = [];
  for (const end = Date.now() + 20_000; nxt.length === 0 && Date.now() < end; ) nxt = await c.receive(1, INVISIBLE_MS);
  ctx.eq('after acking gX-0', 'gX-1', nxt[0] ? bodyOf(nxt[0]) : null);
  ctx.eq('attempt of gX-1', 1, nxt[0]?.deliveryAttempt ?? null);
  for (const v of nxt) await c.ack(v);
}

export const NODE_SCENARIOS = { send, normal, delay, transaction, push, invisible, dlq, fifo } as const;
export type NodeScenario = keyof typeof NODE_SCENARIOS;

/** Plays one scenario; never throws (a throw is a mismatch). */
export async function playNodeScenario(
  scenario: NodeScenario,
  endpoint: string,
  args: Record<string, string | number>,
  logger: CollectingLogger,
): Promise<NodeScenarioResult> {
  const t0 = Date.now();
  const ctx = new Ctx(endpoint, args, logger);
  try {
    await NODE_SCENARIOS[scenario](ctx);
  } catch (err) {
    ctx.mismatches.push(`threw ${(err as Error)?.stack?.split('\n').slice(0, 8).join('\n') ?? String(err)}`);
  } finally {
    await ctx.closeAll();
  }
  return { scenario, ok: ctx.mismatches.length === 0, ms: Date.now() - t0, mismatches: ctx.mismatches, facts: ctx.facts };
}
