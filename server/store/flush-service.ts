/**
 * Writes and syncs the CommitLog. SYNC_FLUSH: a put waits for a pass whose fdatasync covers it; one pass serves
 * every put appended before it started (group commit), and the next pass starts as soon as one ends.
 * ASYNC_FLUSH: bytes are written as soon as possible (so the page cache holds them) and synced on a timer.
 */
import { logger } from '../common/logger';
import type { CommitLog } from './commit-log';
import { PutMessageStatus, type FlushDiskType } from './message-store';

const log = logger.child({ module: 'store' });

interface Waiter {
  end: number;
  deadline: number;
  resolve: (s: PutMessageStatus) => void;
}

export interface FlushServiceOptions {
  mode: FlushDiskType;
  intervalMs: number;
  syncTimeoutMs: number;
  /** After a pass: bytes below `flushedOffset` are durable (SYNC) or written (ASYNC). */
  onProgress: (durableOffset: number, writtenOffset: number) => void;
  /** A write or sync failed (ENOSPC, EIO): puts are refused until a later pass succeeds. */
  onIoError: (err: Error | undefined) => void;
}

export class FlushService {
  private readonly cl: CommitLog;
  private readonly opts: FlushServiceOptions;
  private waiters: Waiter[] = [];
  private head = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private syncWanted = false;
  private timer: NodeJS.Timeout | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  ioError: Error | undefined;
  /** Counters for runtime info and the bench. */
  passes = 0;
  syncedBytes = 0;

  constructor(cl: CommitLog, opts: FlushServiceOptions) {
    this.cl = cl;
    this.opts = opts;
  }

  start(): void {
    if (this.opts.mode === 'ASYNC_FLUSH') {
      this.timer = setInterval(() => void this.runPass(true), Math.max(1, this.opts.intervalMs));
    } else {
      const every = Math.max(5, Math.min(100, this.opts.syncTimeoutMs / 4));
      this.timeoutTimer = setInterval(() => this.expireWaiters(), every);
    }
    this.timer?.unref();
    this.timeoutTimer?.unref();
  }

  /** SYNC_FLUSH: resolves when `end` is durable, or FLUSH_DISK_TIMEOUT. */
  waitFor(end: number): Promise<PutMessageStatus> {
    return new Promise((resolve) => {
      this.waiters.push({ end, deadline: Date.now() + this.opts.syncTimeoutMs, resolve });
      this.kick(true);
    });
  }

  /** Starts a pass now, or right after the current one. */
  kick(sync: boolean): void {
    if (this.stopped || this.ioError) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runPass(sync);
  }

  private runPass(sync: boolean): Promise<void> {
    if (sync) this.syncWanted = true;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const before = this.cl.flushedOffset;
      try {
        await this.cl.writeOut();
        // ASYNC_FLUSH syncs when the timer asked, even if appends never pause long enough for the loop to end.
        if (this.opts.mode === 'SYNC_FLUSH' || this.syncWanted) {
          this.syncWanted = false;
          await this.cl.sync();
        }
        this.passes++;
        this.syncedBytes += this.cl.flushedOffset - before;
        if (this.ioError) {
          log.info('commitlog writes succeed again');
          this.ioError = undefined;
          this.opts.onIoError(undefined);
        }
      } catch (e) {
        this.fail(e as Error);
        return;
      }
      const durable = this.opts.mode === 'SYNC_FLUSH' ? this.cl.flushedOffset : this.cl.writtenOffset;
      this.opts.onProgress(durable, this.cl.writtenOffset);
      this.release(this.cl.flushedOffset);
      // In SYNC mode keep going while puts arrived during the pass; in ASYNC one write pass per kick is enough.
    } while (
      !this.stopped &&
      (this.syncWanted || (this.again && (this.opts.mode === 'SYNC_FLUSH' || this.cl.pendingBytes > 0)))
    );
  }

  private release(flushed: number): void {
    const w = this.waiters;
    let h = this.head;
    while (h < w.length && w[h].end <= flushed) {
      w[h].resolve(PutMessageStatus.PUT_OK);
      h++;
    }
    this.compact(h);
  }

  private compact(h: number): void {
    if (h > 1024 && h * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(h);
      h = 0;
    }
    this.head = h;
  }

  private expireWaiters(): void {
    const now = Date.now();
    const w = this.waiters;
    let h = this.head;
    while (h < w.length && w[h].deadline <= now) {
      w[h].resolve(PutMessageStatus.FLUSH_DISK_TIMEOUT);
      h++;
    }
    this.compact(h);
  }

  private fail(err: Error): void {
    if (!this.ioError) log.error({ err }, 'commitlog write failed; refusing puts until it succeeds again');
    this.ioError = err;
    this.opts.onIoError(err);
    // Waiters learn at once that their message may not be durable; the bytes stay queued and are retried.
    const w = this.waiters;
    for (let h = this.head; h < w.length; h++) w[h].resolve(PutMessageStatus.FLUSH_DISK_TIMEOUT);
    this.waiters = [];
    this.head = 0;
    if (!this.stopped && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        void this.runPass(true);
      }, 1000);
      this.retryTimer.unref();
    }
  }

  /**
   * Resolves once everything below `offset` is synced. Joins the running loop instead of waiting for it to go
   * idle, which under steady ASYNC load it never does (the checkpoint would starve).
   */
  syncTo(offset: number): Promise<void> {
    if (this.cl.flushedOffset >= offset) return Promise.resolve();
    if (this.ioError) return Promise.reject(this.ioError);
    return new Promise((resolve, reject) => {
      this.waiters.push({
        end: offset,
        deadline: Date.now() + this.opts.syncTimeoutMs,
        resolve: (s) => (s === PutMessageStatus.PUT_OK ? resolve() : reject(this.ioError ?? new Error('commitlog flush failed'))),
      });
      void this.runPass(true);
    });
  }

  /** Writes and syncs everything appended so far; used at shutdown and by the checkpoint. */
  flushAll(): Promise<void> {
    return this.syncTo(this.cl.appendOffset);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.timeoutTimer) clearInterval(this.timeoutTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    while (this.running) await this.running;
  }
}
