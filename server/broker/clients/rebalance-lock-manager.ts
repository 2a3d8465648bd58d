/** Queue locks for orderly consumers: one client per (group, queue), expiring when not renewed. */
import { mqKey, type MessageQueue } from '../../remoting/body/heartbeat';

/** rocketmq.broker.rebalance.lockMaxLiveTime */
export const LOCK_MAX_LIVE_MS = 60_000;

interface LockEntry {
  clientId: string;
  lastUpdateTimestamp: number;
}

export class RebalanceLockManager {
  private readonly table = new Map<string, Map<string, LockEntry>>();

  constructor(private readonly maxLiveMs = LOCK_MAX_LIVE_MS) {}

  private live(e: LockEntry | undefined, now: number): boolean {
    return !!e && now - e.lastUpdateTimestamp <= this.maxLiveMs;
  }

  /** Locks what it can for `clientId`; returns the queues the client now holds. */
  tryLockBatch(group: string, mqs: MessageQueue[], clientId: string, now = Date.now()): MessageQueue[] {
    let g = this.table.get(group);
    if (!g) this.table.set(group, (g = new Map()));
    const ok: MessageQueue[] = [];
    for (const mq of mqs) {
      const key = mqKey(mq);
      const e = g.get(key);
      if (!this.live(e, now) || e!.clientId === clientId) {
        g.set(key, { clientId, lastUpdateTimestamp: now });
        ok.push(mq);
      }
    }
    return ok;
  }

  unlockBatch(group: string, mqs: MessageQueue[], clientId: string): void {
    const g = this.table.get(group);
    if (!g) return;
    for (const mq of mqs) {
      const key = mqKey(mq);
      if (g.get(key)?.clientId === clientId) g.delete(key);
    }
  }

  isLockedBy(group: string, mq: MessageQueue, clientId: string, now = Date.now()): boolean {
    const e = this.table.get(group)?.get(mqKey(mq));
    return this.live(e, now) && e!.clientId === clientId;
  }

  /** Who holds each locked queue of a group (for the console). */
  holders(group: string, now = Date.now()): Map<string, string> {
    const out = new Map<string, string>();
    for (const [k, e] of this.table.get(group) ?? []) if (this.live(e, now)) out.set(k, e.clientId);
    return out;
  }
}
