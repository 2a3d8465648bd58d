/**
 * Orderly (FIFO) POP state, Apache's ConsumerOrderInfoManager in substance: per (topic, group, queue) the batch
 * handed out last — its offsets, pop time, invisible time, attempt id, which offsets were acknowledged, per-offset
 * next-visible times (ChangeInvisibleTime) and how often each offset was delivered. While any offset of the batch
 * is unacknowledged and still invisible the queue is blocked for the group (another attempt id gets nothing from
 * it); once it is visible again the same offsets are popped again, with their delivery count + 1. The consumer
 * offset moves only when acks close the batch's head, so the state itself is a convenience: lost (crash) it
 * costs only exact delivery counts, never a message. Saved to `<store>/config/consumerOrderInfo.json` every 5 s.
 */
import path from 'node:path';
import type { Logger } from '../../common/logger';
import { DirtyJsonConfig, JsonConfigFile } from '../json-config-file';

interface OrderInfo {
  popTime: number;
  invisibleTime: number;
  /** Absolute queue offsets of the batch, ascending. */
  offsets: number[];
  attemptId?: string;
  acked: boolean[];
  nextVisible: Record<string, number>;
  /** Deliveries before the current one, per offset (absent = 0). */
  counts: Record<string, number>;
  lastUsed: number;
}

/** Commit results of `commitAndNext` besides an offset. */
export const ORDER_ACK_ILLEGAL = -1;
export const ORDER_ACK_STALE = -2;
const CLEAN_AFTER_MS = 24 * 3600_000;

export class ConsumerOrderInfoManager {
  private readonly table = new Map<string, Map<number, OrderInfo>>();
  private readonly file: JsonConfigFile;
  private readonly saver: DirtyJsonConfig;

  constructor(storeRoot: string, log: Logger) {
    this.file = new JsonConfigFile(path.join(storeRoot, 'config', 'consumerOrderInfo.json'), log);
    this.saver = new DirtyJsonConfig(this.file, () => this.text());
  }

  load(): void {
    const text = this.file.read();
    if (!text) return;
    try {
      const o = JSON.parse(text) as Record<string, Record<string, OrderInfo>>;
      for (const [key, qs] of Object.entries(o)) {
        const m = new Map<number, OrderInfo>();
        for (const [q, info] of Object.entries(qs)) if (Array.isArray(info.offsets)) m.set(Number(q), info);
        this.table.set(key, m);
      }
    } catch {
      // Unreadable: the consumer offsets still hold every unacknowledged message; only delivery counts reset.
    }
  }

  /** Periodic save, in the background, when something changed. */
  persistSoon(): Promise<void> {
    return this.saver.saveSoon();
  }

  /** Blocking save (shutdown). */
  persist(): Promise<void> {
    return this.saver.save();
  }

  private text(): string {
    const now = Date.now();
    const o: Record<string, Record<number, OrderInfo>> = {};
    for (const [k, qs] of this.table) {
      const e: Record<number, OrderInfo> = {};
      for (const [q, info] of qs) if (now - info.lastUsed < CLEAN_AFTER_MS) e[q] = info;
      o[k] = e;
    }
    return JSON.stringify(o);
  }

  private get(topic: string, group: string, queueId: number): OrderInfo | undefined {
    return this.table.get(`${topic}@${group}`)?.get(queueId);
  }

  /** True while the last batch of this queue has an offset unacknowledged and invisible, for another attempt. */
  checkBlock(attemptId: string | undefined, topic: string, group: string, queueId: number, now = Date.now()): boolean {
    const info = this.get(topic, group, queueId);
    if (!info || info.offsets.length === 0) return false;
    if (info.attemptId && attemptId && info.attemptId === attemptId) return false;
    for (let i = 0; i < info.offsets.length; i++) {
      if (info.acked[i]) continue;
      const visibleAt = info.nextVisible[info.offsets[i]] ?? info.popTime + info.invisibleTime;
      if (visibleAt > now) return true;
    }
    return false;
  }

  /**
   * Records a new batch; returns, per offset, how often it was delivered before (a retry with the batch's own
   * attempt id is the same delivery again).
   */
  update(attemptId: string | undefined, topic: string, group: string, queueId: number, popTime: number, invisibleTime: number, offsets: number[]): number[] {
    const key = `${topic}@${group}`;
    let qs = this.table.get(key);
    if (!qs) this.table.set(key, (qs = new Map()));
    const old = qs.get(queueId);
    const counts: Record<string, number> = {};
    for (const off of offsets) {
      const before = old?.counts[off] ?? 0;
      const deliveredBefore = old !== undefined && old.offsets.includes(off);
      const sameAttempt = deliveredBefore && old.attemptId !== undefined && old.attemptId === attemptId;
      counts[off] = deliveredBefore && !sameAttempt ? before + 1 : before;
    }
    qs.set(queueId, { popTime, invisibleTime, offsets, attemptId, acked: offsets.map(() => false), nextVisible: {}, counts, lastUsed: Date.now() });
    this.saver.markDirty();
    return offsets.map((o) => counts[o] ?? 0);
  }

  /**
   * Marks `queueOffset` of the batch popped at `popTime` acknowledged. Returns the consumer offset to commit (the
   * first offset still unacknowledged, or past the batch), ORDER_ACK_STALE for an ack of an older batch, or
   * ORDER_ACK_ILLEGAL for an offset the batch does not hold. Without any state the ack commits past its offset.
   */
  commitAndNext(topic: string, group: string, queueId: number, queueOffset: number, popTime: number): number {
    const info = this.get(topic, group, queueId);
    if (!info) return queueOffset + 1;
    if (info.offsets.length === 0) return ORDER_ACK_ILLEGAL;
    if (popTime !== info.popTime) return ORDER_ACK_STALE;
    const i = info.offsets.indexOf(queueOffset);
    if (i < 0) return ORDER_ACK_ILLEGAL;
    info.acked[i] = true;
    info.lastUsed = Date.now();
    this.saver.markDirty();
    const first = info.acked.indexOf(false);
    return first < 0 ? info.offsets[info.offsets.length - 1] + 1 : info.offsets[first];
  }

  updateNextVisibleTime(topic: string, group: string, queueId: number, queueOffset: number, popTime: number, nextVisibleTime: number): boolean {
    const info = this.get(topic, group, queueId);
    if (!info || popTime !== info.popTime || !info.offsets.includes(queueOffset)) return false;
    info.nextVisible[queueOffset] = nextVisibleTime;
    info.lastUsed = Date.now();
    this.saver.markDirty();
    return true;
  }

  /** Unacknowledged offsets of the current batches of `group`, per topic (lag and console). */
  inflight(group: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, qs] of this.table) {
      const at = key.lastIndexOf('@');
      if (key.slice(at + 1) !== group) continue;
      const topic = key.slice(0, at);
      for (const info of qs.values()) out.set(topic, (out.get(topic) ?? 0) + info.acked.filter((a) => !a).length);
    }
    return out;
  }

  clearBlock(topic: string, group: string, queueId: number): void {
    if (this.table.get(`${topic}@${group}`)?.delete(queueId)) this.saver.markDirty();
  }
}
