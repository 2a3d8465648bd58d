/**
 * At-least-once delivery means duplicates (retries, rebalances, producer retries). This helper drops a
 * message whose key was consumed successfully within a bounded window (by count and by age).
 */
import type { MessageExt } from '../impl/message';

/** Options of the dedup window. */
export interface IdempotentOptions {
  /** Keys remembered at most (oldest forgotten first). Default 10 000. */
  maxKeys?: number;
  /** Keys forgotten after this long. Default 1 hour. */
  ttlMs?: number;
  /** The dedup key of a message (default: its UNIQ_KEY msgId; use the business key when producers may resend). */
  keyOf?: (msg: MessageExt) => string;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * A bounded "seen" set. Keys are recorded only after the handler succeeds, and a key in flight is not
 * handled twice at once.
 *
 * ```ts
 * const dedup = new IdempotentFilter({ keyOf: (m) => m.keys[0] ?? m.msgId });
 * consumer.registerMessageListenerConcurrently(async (msgs) => {
 *   for (const m of msgs) await dedup.process(m, handle);
 *   return 'CONSUME_SUCCESS';
 * });
 * ```
 */
export class IdempotentFilter {
  private readonly seen = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly maxKeys: number;
  private readonly ttlMs: number;
  private readonly keyOf: (msg: MessageExt) => string;
  private readonly now: () => number;

  constructor(options: IdempotentOptions = {}) {
    this.maxKeys = options.maxKeys ?? 10_000;
    this.ttlMs = options.ttlMs ?? 60 * 60_000;
    this.keyOf = options.keyOf ?? ((m) => m.msgId);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(): void {
    const limit = this.now() - this.ttlMs;
    for (const [k, t] of this.seen) {
      if (this.seen.size > this.maxKeys || t < limit) this.seen.delete(k);
      else break;
    }
  }

  /** True when the key was marked done within the window. */
  isDuplicate(key: string): boolean {
    this.evict();
    const t = this.seen.get(key);
    return t !== undefined && t >= this.now() - this.ttlMs;
  }

  /** Record a key as consumed. */
  markDone(key: string): void {
    this.seen.delete(key);
    this.seen.set(key, this.now());
    this.evict();
  }

  /**
   * Runs `handler` unless the message's key was already handled; returns whether it ran. A throw leaves the
   * key unmarked (so a redelivery runs it again) and propagates.
   */
  async process(msg: MessageExt, handler: (msg: MessageExt) => Promise<void> | void): Promise<boolean> {
    const key = this.keyOf(msg);
    const running = this.inFlight.get(key);
    if (running) {
      await running.catch(() => {});
      if (this.isDuplicate(key)) return false;
    }
    if (this.isDuplicate(key)) return false;
    const p = (async () => handler(msg))();
    this.inFlight.set(key, p);
    try {
      await p;
      this.markDone(key);
      return true;
    } finally {
      if (this.inFlight.get(key) === p) this.inFlight.delete(key);
    }
  }
}
