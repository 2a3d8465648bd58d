/**
 * One tailer per (cluster, topic), shared by every watcher of it. It reads each readable queue from the max
 * offset it had when the tailer started, with PULL_MESSAGE (no suspend, no offset committed): a queue loops at
 * once while it finds messages and waits `pollIntervalMs` when it finds none. The queue list is read again every
 * `queueRefreshMs`; a queue that appears later is read from its start, keeping only messages stored after the
 * tailer started, so a tail never shows what was there before it. Recent entries stay in a small ring so a
 * browser reconnecting with Last-Event-ID gets what it missed.
 */
import { randomBytes } from 'node:crypto';
import type { MessageView, PullResultView, ReadableQueue } from '../../client/admin/types';
import type { TailEntry } from './tail-filter';
import { toTailEntry } from './tail-message';
import type { TailWatcher } from './tail-watcher';

/** What the tailer reads through (the admin client in production, a fake in tests). */
export interface TailPullSource {
  readableQueues(topic: string): Promise<ReadableQueue[]>;
  queueMaxOffset(addr: string, topic: string, queueId: number): Promise<number>;
  pullQueue(q: { topic: string; brokerName: string; queueId: number }, offset: number, maxNums: number, addr: string): Promise<PullResultView>;
}

export interface TailerOptions {
  pollIntervalMs: number;
  queueRefreshMs: number;
  /** Messages per PULL_MESSAGE (brokers cap it at 32 by default). */
  pullBatch: number;
  /** Recent entries kept for reconnects, and at most this many bytes of them. */
  replayEntries: number;
  replayBytes?: number;
  /** Longest wait after a failed pull (it doubles from `pollIntervalMs`). */
  maxBackoffMs: number;
}

export function defaultTailerOptions(): TailerOptions {
  return { pollIntervalMs: 200, queueRefreshMs: 5_000, pullBatch: 32, replayEntries: 500, maxBackoffMs: 5_000 };
}

interface QueueCursor {
  q: ReadableQueue;
  offset: number;
  /** Store time before which messages are skipped (queues found after start, read from their beginning). */
  notBefore: number;
  gone: boolean;
}

const queueKey = (q: ReadableQueue) => `${q.brokerName}/${q.queueId}`;

export class Tailer {
  /** Names this tailer in event ids, so an id from an earlier tailer of the topic is not taken for one of ours. */
  readonly id = randomBytes(6).toString('hex');
  startedAt = 0;
  /** PULL_MESSAGE requests made (tests check none are made once stopped). */
  pulls = 0;
  /** The last read failure, until a pull succeeds again (watchers show it). */
  lastProblem: string | null = null;
  private seq = 0;
  private readonly watchers = new Set<TailWatcher>();
  private readonly cursors = new Map<string, QueueCursor>();
  private recent: TailEntry[] = [];
  private recentBytes = 0;
  private stopped = false;
  private readonly sleepers = new Set<() => void>();
  private readonly running: Promise<void>[] = [];
  private ready: Promise<void> | null = null;

  constructor(
    readonly topic: string,
    private readonly source: TailPullSource,
    private readonly opts: TailerOptions = defaultTailerOptions(),
  ) {}

  get watcherCount(): number {
    return this.watchers.size;
  }

  get queueCount(): number {
    return [...this.cursors.values()].filter((c) => !c.gone).length;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Reads the queues and their max offsets, then starts the loops; resolves once the start offsets are known. */
  start(): Promise<void> {
    this.ready ??= (async () => {
      this.startedAt = Date.now();
      await this.refreshQueues(true);
      this.running.push(this.refreshLoop());
    })();
    return this.ready;
  }

  /** Stops every loop; resolves when no pull is in flight any more. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.sleepers]) wake();
    for (const w of this.watchers) w.close();
    this.watchers.clear();
    await Promise.allSettled(this.running);
  }

  /**
   * Adds a watcher; with `afterSeq` (from a Last-Event-ID of this tailer) first replays the entries after it.
   * True when the replay covered the whole gap.
   */
  add(w: TailWatcher, afterSeq?: number): boolean {
    let resumed = false;
    if (afterSeq !== undefined) {
      const oldest = this.recent[0]?.seq ?? this.seq + 1;
      resumed = afterSeq + 1 >= oldest;
      for (const e of this.recent) if (e.seq > afterSeq) w.offer(e);
    }
    this.watchers.add(w);
    return resumed;
  }

  remove(w: TailWatcher): void {
    this.watchers.delete(w);
  }

  private async refreshQueues(initial: boolean): Promise<void> {
    let queues: ReadableQueue[];
    try {
      queues = await this.source.readableQueues(this.topic);
    } catch (err) {
      if (initial) throw err;
      this.problem(err);
      return;
    }
    const seen = new Set<string>();
    for (const q of queues) {
      const key = queueKey(q);
      seen.add(key);
      const known = this.cursors.get(key);
      if (known && !known.gone) {
        known.q = q;
        continue;
      }
      let cursor: QueueCursor;
      if (initial) {
        cursor = { q, offset: await this.source.queueMaxOffset(q.addr, this.topic, q.queueId), notBefore: 0, gone: false };
      } else {
        cursor = { q, offset: known?.offset ?? 0, notBefore: known ? 0 : this.startedAt, gone: false };
      }
      if (this.stopped) return;
      this.cursors.set(key, cursor);
      this.running.push(this.queueLoop(cursor));
    }
    for (const [key, c] of this.cursors) if (!seen.has(key)) c.gone = true;
  }

  private async refreshLoop(): Promise<void> {
    while (!this.stopped) {
      await this.sleep(this.opts.queueRefreshMs);
      if (this.stopped) return;
      await this.refreshQueues(false);
    }
  }

  private async queueLoop(c: QueueCursor): Promise<void> {
    let failures = 0;
    while (!this.stopped && !c.gone) {
      let found = false;
      try {
        this.pulls++;
        const r = await this.source.pullQueue({ topic: this.topic, brokerName: c.q.brokerName, queueId: c.q.queueId }, c.offset, this.opts.pullBatch, c.q.addr);
        if (this.stopped) return;
        if (r.status === 'FOUND') {
          this.emit(r.messages, c.notBefore);
          found = r.messages.length > 0;
        }
        // OFFSET_ILLEGAL (the queue was truncated or the offset is past its end) answers where to go on.
        if (r.status === 'FOUND' || r.status === 'OFFSET_ILLEGAL' || r.nextBeginOffset > c.offset) c.offset = r.nextBeginOffset;
        if (failures > 0) this.recovered();
        failures = 0;
      } catch (err) {
        failures++;
        this.problem(err);
      }
      if (!found) await this.sleep(failures ? Math.min(this.opts.maxBackoffMs, this.opts.pollIntervalMs * 2 ** failures) : this.opts.pollIntervalMs);
    }
  }

  private emit(messages: MessageView[], notBefore: number): void {
    for (const m of messages) {
      if (m.storeTimestamp < notBefore) continue;
      const e = toTailEntry(m, ++this.seq);
      this.recent.push(e);
      this.recentBytes += e.bytes;
      for (const w of this.watchers) w.offer(e);
    }
    // Trimmed in one go rather than per message: shift() per entry at thousands a second adds up.
    const maxBytes = this.opts.replayBytes ?? 4 * 1024 * 1024;
    if (this.recent.length > this.opts.replayEntries * 2 || this.recentBytes > maxBytes) {
      let cut = Math.max(0, this.recent.length - this.opts.replayEntries);
      let bytes = this.recent.slice(cut).reduce((n, e) => n + e.bytes, 0);
      while (bytes > maxBytes / 2 && cut < this.recent.length - 1) bytes -= this.recent[cut++].bytes;
      this.recent = this.recent.slice(cut);
      this.recentBytes = bytes;
    }
  }

  private problem(err: unknown): void {
    this.lastProblem = err instanceof Error ? err.message : String(err);
  }

  private recovered(): void {
    this.lastProblem = null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
