/**
 * Java's AsyncTraceDispatcher: trace contexts go into a bounded queue (a full queue drops the context and counts
 * it, the user's send or consume never waits), a poller every 100 ms encodes them into one pending batch per
 * trace topic, and a batch is sent as one trace message once it nears the trace producer's 128 KB limit or its
 * first record is 500 ms old. The trace message's keys are every traced msgId (and the messages' own keys, and a
 * Pub's offset msgId), so the broker's index finds a message's records with a query by key on the trace topic.
 * Sends go through a dedicated producer; a failed send is counted and logged at debug, never thrown.
 */
import type { Message } from '../impl/message';
import { encodeTraceContext, type TraceContext } from './trace-codec';

/** The slice of a producer the dispatcher sends with (a Producer in practice; a fake in unit tests). */
export interface TraceSender {
  start(): Promise<void>;
  sendAsync(msg: Message): Promise<unknown>;
  shutdown(): Promise<void>;
}

export interface TraceDispatcherOptions {
  traceTopic: string;
  sender: TraceSender;
  /** Java: 1024 contexts. */
  queueSize?: number;
  /** Java: 128000 bytes; a batch is sent when within 10000 of it. */
  maxMsgSize?: number;
  /** Java: 100 ms. */
  pollingTimeMs?: number;
  /** Java: 500 ms. */
  waitTimeThresholdMs?: number;
  /** Java's executor queue (2048): batches in flight beyond it are dropped and counted. */
  maxInflightSends?: number;
  onDebug?: (obj: object, msg: string) => void;
}

/** What the dispatcher did; `dropped` counts contexts lost to a full queue or too many sends in flight. */
export interface TraceDispatcherStats {
  appended: number;
  dropped: number;
  sentMessages: number;
  sendFailed: number;
}

interface Pending {
  data: string;
  keys: Set<string>;
  /** Length of the KEYS property the keys make (space-joined). */
  keysChars: number;
  firstAddedAt: number;
  records: number;
}

/** The size margin Java keeps under maxMsgSize before it sends a batch. */
const SIZE_MARGIN = 10_000;
/**
 * The KEYS property of one trace message stays under this many characters: a broker refuses a message whose
 * properties pass 32767 bytes, and 4.9's Java client, which bounds a batch by body size alone, loses whole batches
 * of short records that way under load (5.x bounds a batch to 20 contexts instead).
 */
const MAX_KEYS_CHARS = 16_000;

export class AsyncTraceDispatcher {
  private readonly queue: TraceContext[] = [];
  private pending: Pending | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private started: Promise<void> | undefined;
  private readonly s: TraceDispatcherStats = { appended: 0, dropped: 0, sentMessages: 0, sendFailed: 0 };
  private readonly o: Required<Omit<TraceDispatcherOptions, 'onDebug'>> & Pick<TraceDispatcherOptions, 'onDebug'>;

  constructor(options: TraceDispatcherOptions) {
    this.o = {
      queueSize: 1024,
      maxMsgSize: 128_000,
      pollingTimeMs: 100,
      waitTimeThresholdMs: 500,
      maxInflightSends: 2048,
      ...options,
    };
  }

  get traceTopic(): string {
    return this.o.traceTopic;
  }

  /** Starts the trace producer and the poller; a trace producer that cannot start only costs its traces. */
  start(): Promise<void> {
    this.started ??= this.o.sender.start().catch((err) => this.o.onDebug?.({ err: (err as Error).message }, 'trace producer start failed'));
    if (!this.timer) {
      this.timer = setInterval(() => this.poll(), this.o.pollingTimeMs);
      this.timer.unref();
    }
    return this.started;
  }

  /** Queues one context; false (and counted as dropped) when the queue is full. Never throws, never waits. */
  append(ctx: TraceContext): boolean {
    if (this.queue.length >= this.o.queueSize) {
      this.s.dropped++;
      return false;
    }
    this.queue.push(ctx);
    this.s.appended++;
    return true;
  }

  stats(): TraceDispatcherStats {
    return { ...this.s };
  }

  /** Sends everything queued now and waits for the sends in flight (Java's flush waits at most 500 ms too). */
  async flush(maxWaitMs = 500): Promise<void> {
    this.drain();
    this.sendPending();
    if (this.inflight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => (timer = setTimeout(r, maxWaitMs)))]);
    clearTimeout(timer);
  }

  /** Flushes, stops the poller and the trace producer. */
  async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.started;
    await this.flush(3000);
    await this.o.sender.shutdown().catch(() => {});
  }

  private poll(): void {
    this.drain();
    if (this.pending && Date.now() - this.pending.firstAddedAt >= this.o.waitTimeThresholdMs) this.sendPending();
  }

  private drain(): void {
    for (let ctx = this.queue.shift(); ctx; ctx = this.queue.shift()) {
      if (ctx.beans.length === 0) continue;
      const t = encodeTraceContext(ctx);
      // Beyond Java (which keys by msgId and the message's keys only): a Pub is also found by its offset msgId.
      if (ctx.traceType === 'Pub' && ctx.beans[0].offsetMsgId) t.keys.push(ctx.beans[0].offsetMsgId);
      const keysChars = t.keys.reduce((n, k) => n + k.length + 1, 0);
      if (this.pending && this.pending.keysChars + keysChars > MAX_KEYS_CHARS) this.sendPending();
      const p = (this.pending ??= { data: '', keys: new Set(), keysChars: 0, firstAddedAt: Date.now(), records: 0 });
      p.data += t.data;
      p.records += ctx.beans.length;
      for (const k of t.keys) {
        if (p.keys.has(k)) continue;
        p.keys.add(k);
        p.keysChars += k.length + 1;
      }
      if (p.data.length >= this.o.maxMsgSize - SIZE_MARGIN) this.sendPending();
    }
  }

  private sendPending(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    if (this.inflight.size >= this.o.maxInflightSends) {
      this.s.dropped += p.records;
      return;
    }
    const send = (async () => {
      await this.started;
      await this.o.sender.sendAsync({ topic: this.o.traceTopic, body: Buffer.from(p.data, 'utf8'), keys: [...p.keys] });
    })().then(
      () => {
        this.s.sentMessages++;
      },
      (err) => {
        this.s.sendFailed++;
        this.o.onDebug?.({ topic: this.o.traceTopic, err: (err as Error).message }, 'trace send failed');
      },
    );
    this.inflight.add(send);
    void send.finally(() => this.inflight.delete(send));
  }
}
