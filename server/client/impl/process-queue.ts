/**
 * The messages pulled from one queue and not yet consumed (Java's ProcessQueue), ordered by queue offset.
 * The commit offset is the smallest offset still held, or one past the largest seen when none is.
 */
import type { MessageExt } from './message';

export class ProcessQueue {
  private readonly msgs = new Map<number, MessageExt>();
  /** Sorted offsets of `msgs` (kept small by flow control, so a sorted array is enough). */
  private offsets: number[] = [];
  /** Orderly consumption: taken but not yet committed. */
  private readonly consuming = new Map<number, MessageExt>();
  private queueOffsetMax = -1;
  msgSizeBytes = 0;
  dropped = false;
  locked = false;
  lastLockTimestamp = 0;
  lastPullTimestamp = Date.now();
  lastConsumeTimestamp = Date.now();
  tryUnlockTimes = 0;
  /** Orderly: a consume task for this queue is running. */
  consumingNow = false;

  get msgCount(): number {
    return this.msgs.size + this.consuming.size;
  }

  get maxOffset(): number {
    return this.queueOffsetMax;
  }

  /** Offset span of the held messages (flow control of concurrent consumption). */
  get maxSpan(): number {
    if (this.offsets.length === 0) return 0;
    return this.offsets[this.offsets.length - 1] - this.offsets[0];
  }

  get minOffsetHeld(): number {
    return this.offsets.length ? this.offsets[0] : -1;
  }

  isLockExpired(maxLiveMs = 30_000): boolean {
    return Date.now() - this.lastLockTimestamp > maxLiveMs;
  }

  /** Adds pulled messages; returns true when they are the first held (orderly: start a consume task). */
  putMessages(list: MessageExt[]): boolean {
    const wasEmpty = this.msgs.size === 0;
    for (const m of list) {
      if (this.msgs.has(m.queueOffset) || this.consuming.has(m.queueOffset)) continue;
      this.msgs.set(m.queueOffset, m);
      this.insertOffset(m.queueOffset);
      this.msgSizeBytes += m.body.length;
      if (m.queueOffset > this.queueOffsetMax) this.queueOffsetMax = m.queueOffset;
    }
    return wasEmpty && this.msgs.size > 0 && !this.consumingNow;
  }

  private insertOffset(o: number): void {
    const a = this.offsets;
    if (a.length === 0 || a[a.length - 1] < o) {
      a.push(o);
      return;
    }
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] < o) lo = mid + 1;
      else hi = mid;
    }
    a.splice(lo, 0, o);
  }

  private deleteOffset(o: number): void {
    const i = this.offsets.indexOf(o);
    if (i >= 0) this.offsets.splice(i, 1);
  }

  /**
   * Removes consumed messages and returns the offset to commit: the smallest still held, else one past the
   * largest ever held; -1 when nothing was held (Java's removeMessage).
   */
  removeMessages(list: MessageExt[]): number {
    if (this.msgs.size === 0) return -1;
    for (const m of list) {
      const prev = this.msgs.get(m.queueOffset);
      if (!prev) continue;
      this.msgs.delete(m.queueOffset);
      this.deleteOffset(m.queueOffset);
      this.msgSizeBytes -= prev.body.length;
    }
    this.lastConsumeTimestamp = Date.now();
    return this.offsets.length ? this.offsets[0] : this.queueOffsetMax + 1;
  }

  /** Orderly: move up to `n` of the oldest messages into the consuming set. */
  takeMessages(n: number): MessageExt[] {
    const out: MessageExt[] = [];
    this.lastConsumeTimestamp = Date.now();
    while (out.length < n && this.offsets.length) {
      const o = this.offsets.shift()!;
      const m = this.msgs.get(o)!;
      this.msgs.delete(o);
      this.consuming.set(o, m);
      out.push(m);
    }
    return out;
  }

  /** Orderly: the taken messages are done; returns the offset to commit (-1 if none were taken). */
  commit(): number {
    let max = -1;
    for (const [o, m] of this.consuming) {
      if (o > max) max = o;
      this.msgSizeBytes -= m.body.length;
    }
    this.consuming.clear();
    return max >= 0 ? max + 1 : -1;
  }

  /** Orderly: put the taken messages back to be consumed again. */
  makeMessagesToConsumeAgain(list: MessageExt[]): void {
    for (const m of list) {
      if (!this.consuming.delete(m.queueOffset)) continue;
      this.msgs.set(m.queueOffset, m);
      this.insertOffset(m.queueOffset);
    }
  }

  /** Drops every held message (queue reassigned or offset reset). */
  clear(): void {
    this.msgs.clear();
    this.consuming.clear();
    this.offsets = [];
    this.msgSizeBytes = 0;
  }

  /** ProcessQueueInfo for ConsumerRunningInfo. */
  info(commitOffset: number): Record<string, unknown> {
    return {
      commitOffset,
      cachedMsgMinOffset: this.offsets[0] ?? 0,
      cachedMsgMaxOffset: this.offsets[this.offsets.length - 1] ?? 0,
      cachedMsgCount: this.msgs.size,
      cachedMsgSizeInMiB: Math.floor(this.msgSizeBytes / (1024 * 1024)),
      transactionMsgMinOffset: 0,
      transactionMsgMaxOffset: 0,
      transactionMsgCount: this.consuming.size,
      locked: this.locked,
      tryUnlockTimes: this.tryUnlockTimes,
      lastLockTimestamp: this.lastLockTimestamp,
      droped: this.dropped,
      lastPullTimestamp: this.lastPullTimestamp,
      lastConsumeTimestamp: this.lastConsumeTimestamp,
    };
  }
}
