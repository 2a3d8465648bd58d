/**
 * One browser connection on a tail: its filter and a bounded queue between the tailer (which never waits)
 * and the connection (which takes batches as fast as the socket drains). When the queue holds `capacity`
 * entries or `maxBytes` the oldest go and `dropped` counts them, so a slow browser costs a bounded amount of
 * memory, large bodies included.
 */
import type { TailEntry, TailMatcher } from './tail-filter';

export interface TailBatch {
  entries: TailEntry[];
  matched: number;
  dropped: number;
}

export class TailWatcher {
  /** Entries that passed the filter, delivered or dropped. */
  matched = 0;
  dropped = 0;
  private queue: TailEntry[] = [];
  private bytes = 0;
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly matches: TailMatcher,
    readonly capacity: number,
    readonly maxBytes = 4 * 1024 * 1024,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Called by the tailer for every new entry (and for replays); filters, enqueues, drops the oldest past capacity. */
  offer(e: TailEntry): void {
    if (this.closed || !this.matches(e)) return;
    this.matched++;
    this.queue.push(e);
    this.bytes += e.bytes;
    while (this.queue.length > 1 && (this.queue.length > this.capacity || this.bytes > this.maxBytes)) {
      this.bytes -= this.queue.shift()!.bytes;
      this.dropped++;
    }
    this.notify();
  }

  /**
   * Up to `max` entries, oldest first, waiting up to `waitMs` for the first one. Null when the wait ended empty
   * (the caller sends a keep-alive) or the watcher is closed.
   */
  async take(max: number, waitMs: number): Promise<TailBatch | null> {
    if (this.queue.length === 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          if (this.wake === done) this.wake = null;
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        this.wake = done;
      });
    }
    if (this.queue.length === 0) return null;
    const entries = this.queue.splice(0, max);
    for (const e of entries) this.bytes -= e.bytes;
    return { entries, matched: this.matched, dropped: this.dropped };
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    this.bytes = 0;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}
