/**
 * Reading offset ranges of a topic's queues through the admin client: the exact first offset stored at or
 * after a time, and a cursor that hands out a range's messages in small batches (for jobs and scans).
 */
import { clusterMasters, topicMastersOrNull } from '../client/admin/admin-context';
import type { MessageView, QueueStats } from '../client/admin/types';
import type { AdminClientLike } from './admin-client-cache';

export interface QueueRef {
  topic: string;
  brokerName: string;
  queueId: number;
  /** The broker to pull from. */
  addr: string;
}

/** One queue's offsets [start, end). */
export interface QueueRange {
  q: QueueRef;
  start: number;
  end: number;
}

/** Most messages a broker hands out per pull (Apache's maxTransferCountOnMessageInMemory). */
export const PULL_BATCH = 32;

/** The topic's queues with their offsets and the address of each one's broker (a fresh DLQ topic may not be routed yet). */
export async function topicQueues(client: AdminClientLike, topic: string): Promise<(QueueStats & { ref: QueueRef })[]> {
  const [stats, brokers] = await Promise.all([
    client.examineTopicStats(topic),
    topicMastersOrNull(client, topic, true).then((r) => r ?? clusterMasters(client)),
  ]);
  const addrs = new Map(brokers.map((b) => [b.brokerName, b.addr]));
  return stats.flatMap((s) => {
    const addr = addrs.get(s.brokerName);
    return addr ? [{ ...s, ref: { topic, brokerName: s.brokerName, queueId: s.queueId, addr } }] : [];
  });
}

/** Up to `n` messages from `offset`; an offset below the queue's minimum moves to it. */
export async function pullAt(client: AdminClientLike, q: QueueRef, offset: number, n: number): Promise<{ messages: MessageView[]; next: number }> {
  const r = await client.pullQueue({ topic: q.topic, brokerName: q.brokerName, queueId: q.queueId }, offset, Math.min(n, PULL_BATCH), q.addr);
  if (r.status === 'FOUND') return { messages: r.messages, next: r.messages.length ? r.messages[r.messages.length - 1].queueOffset + 1 : r.nextBeginOffset };
  if (r.status === 'OFFSET_ILLEGAL' && r.nextBeginOffset > offset) return { messages: [], next: r.nextBeginOffset };
  return { messages: [], next: offset };
}

/**
 * The first offset in [min, max] whose message was stored at or after `ts` (max when none is): the broker's
 * SEARCH_OFFSET_BY_TIMESTAMP answer, checked against the messages around it, since brokers answer the
 * closest entry rather than the first one (store times only grow along a queue).
 */
export async function firstOffsetAtOrAfter(client: AdminClientLike, q: QueueRef, min: number, max: number, ts: number): Promise<number> {
  if (min >= max) return max;
  let o = Math.min(max, Math.max(min, await client.searchOffsetByTime(q, ts)));
  // Back while the batch before `o` starts at or after ts.
  for (let i = 0; i < 64 && o > min; i++) {
    const from = Math.max(min, o - PULL_BATCH);
    const { messages } = await pullAt(client, q, from, o - from);
    const before = messages.filter((m) => m.queueOffset < o);
    if (before.length === 0) break;
    const firstAfter = before.findIndex((m) => m.storeTimestamp >= ts);
    if (firstAfter === -1) break;
    o = before[firstAfter].queueOffset;
    if (firstAfter > 0) break;
  }
  // Forward past messages stored before ts.
  for (let i = 0; i < 64 && o < max; i++) {
    const { messages } = await pullAt(client, q, o, PULL_BATCH);
    if (messages.length === 0) break;
    const hit = messages.find((m) => m.storeTimestamp >= ts);
    if (hit) return hit.queueOffset;
    o = messages[messages.length - 1].queueOffset + 1;
  }
  return Math.min(o, max);
}

/** Each readable queue's offsets of the messages stored within [from, to] (ms). */
export async function rangesByTime(client: AdminClientLike, topic: string, from: number, to: number): Promise<(QueueRange & { maxOffset: number })[]> {
  const queues = await topicQueues(client, topic);
  return Promise.all(
    queues.map(async (s) => {
      const start = await firstOffsetAtOrAfter(client, s.ref, s.minOffset, s.maxOffset, from);
      const end = to === Number.MAX_SAFE_INTEGER ? s.maxOffset : await firstOffsetAtOrAfter(client, s.ref, start, s.maxOffset, to + 1);
      return { q: s.ref, start, end, maxOffset: s.maxOffset };
    }),
  );
}

/** Hands out the messages of several queue ranges in order, a batch at a time; `keep` filters (the rest count as skipped). */
export class RangeCursor {
  private index = 0;
  private next: number;

  constructor(
    private readonly client: AdminClientLike,
    private readonly ranges: QueueRange[],
    private readonly keep: (m: MessageView) => boolean = () => true,
  ) {
    this.next = ranges[0]?.start ?? 0;
  }

  get finished(): boolean {
    return this.index >= this.ranges.length;
  }

  async take(max: number): Promise<{ messages: MessageView[]; skipped: number }> {
    const out: MessageView[] = [];
    let skipped = 0;
    while (!this.finished && out.length + skipped < max) {
      const r = this.ranges[this.index];
      if (this.next >= r.end) {
        this.advance();
        continue;
      }
      const { messages, next } = await pullAt(this.client, r.q, this.next, Math.min(max - out.length - skipped, r.end - this.next));
      if (next <= this.next) {
        // Nothing more can be read here (messages expired or the queue shrank): what is left is skipped.
        skipped += r.end - this.next;
        this.advance();
        continue;
      }
      // Offsets the broker jumped over (deleted by retention) count as skipped.
      skipped += Math.max(0, Math.min(next, r.end) - this.next - messages.filter((m) => m.queueOffset < r.end).length);
      for (const m of messages) {
        if (m.queueOffset >= r.end) continue;
        if (this.keep(m)) out.push(m);
        else skipped++;
      }
      this.next = next;
    }
    return { messages: out, skipped };
  }

  private advance(): void {
    this.index++;
    this.next = this.ranges[this.index]?.start ?? 0;
  }
}
