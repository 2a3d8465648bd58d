/**
 * Time lag of a consumer group: the age of the oldest unconsumed message, per queue. One place for the
 * console pages, the alert engine and /metrics.
 *
 * It is what Apache's rocketmq-exporter measures: now minus the store time of the message at the consumer
 * offset, read with a one-message pull at that offset (at the queue's min offset when the consumer offset
 * was already deleted); 0 for a caught-up queue; null when no message could be read there.
 *
 * The pull is the cost (one per lagging queue), so it is bounded: only queues with lag, the largest lags
 * first, at most `maxQueues` per call, a few in parallel. The store time of the message at an offset never
 * changes, so it is cached for a few seconds per (queue, offset) and the age is computed from it afresh: a
 * page that polls every few seconds pulls again only where the consumer moved.
 */
import type { PullResultView, QueueConsumeStats } from '../client/admin/types';
import { mapLimit } from '../client/admin/admin-context';

/** The admin-client call time lag needs (tests pass fakes). */
export interface TimeLagAdmin {
  pullQueue(q: { topic: string; brokerName: string; queueId: number }, offset: number, maxNums?: number): Promise<PullResultView>;
}

/** Queues whose time lag is measured per call, at most (the largest lags first). */
export const MAX_TIME_LAG_QUEUES = 64;
/** Pulls in flight per call. */
export const TIME_LAG_PARALLEL = 4;
/** How long a store time read at an offset is reused. */
export const TIME_LAG_CACHE_MS = 5_000;
const CACHE_MAX_ENTRIES = 20_000;

type Entry = { storeTimestamp: number | null; at: number };
// Per admin client: another name-server list is another cluster, with other messages at the same offsets.
const caches = new WeakMap<object, Map<string, Entry>>();

function cacheOf(admin: object): Map<string, Entry> {
  let c = caches.get(admin);
  if (!c) caches.set(admin, (c = new Map()));
  return c;
}

/** Store time (ms) of the first unconsumed message of `q`; null when none could be read. */
export async function oldestUnconsumedStoreTime(admin: TimeLagAdmin, q: QueueConsumeStats): Promise<number | null> {
  const mq = { topic: q.topic, brokerName: q.brokerName, queueId: q.queueId };
  let r = await admin.pullQueue(mq, Math.max(0, q.consumerOffset), 1);
  if (r.status === 'OFFSET_ILLEGAL' && r.minOffset > q.consumerOffset) r = await admin.pullQueue(mq, r.minOffset, 1);
  const m = r.status === 'FOUND' ? r.messages[0] : undefined;
  return m ? m.storeTimestamp : null;
}

/** ms between `now` and the store time of the message at the queue's consumer offset (0 when caught up, null when unknown). */
export async function queueTimeLagMs(admin: TimeLagAdmin, q: QueueConsumeStats, now: number): Promise<number | null> {
  if (q.consumerOffset >= q.brokerOffset) return 0;
  const t = await oldestUnconsumedStoreTime(admin, q);
  return t === null ? null : Math.max(0, now - t);
}

async function cachedStoreTime(admin: TimeLagAdmin, q: QueueConsumeStats, now: number): Promise<number | null> {
  const cache = cacheOf(admin);
  const key = `${q.topic}\u0000${q.brokerName}\u0000${q.queueId}\u0000${q.consumerOffset}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < TIME_LAG_CACHE_MS) return hit.storeTimestamp;
  const storeTimestamp = await oldestUnconsumedStoreTime(admin, q).catch(() => null);
  if (cache.size >= CACHE_MAX_ENTRIES) {
    for (const [k, e] of cache) if (now - e.at >= TIME_LAG_CACHE_MS) cache.delete(k);
    if (cache.size >= CACHE_MAX_ENTRIES) cache.clear();
  }
  cache.set(key, { storeTimestamp, at: now });
  return storeTimestamp;
}

/**
 * Time lag per queue, in the order of `queues`: 0 without lag, ms behind for the `maxQueues` largest lags,
 * null for a lagging queue not measured or unreadable.
 */
export async function measureTimeLags(
  admin: TimeLagAdmin,
  queues: readonly QueueConsumeStats[],
  opts: { now?: number; maxQueues?: number; cache?: boolean } = {},
): Promise<(number | null)[]> {
  const now = opts.now ?? Date.now();
  const out: (number | null)[] = queues.map((q) => (q.consumerOffset >= q.brokerOffset ? 0 : null));
  const lagging = queues
    .map((q, i) => ({ q, i }))
    .filter(({ q }) => q.consumerOffset < q.brokerOffset)
    .sort((a, b) => b.q.lag - a.q.lag)
    .slice(0, opts.maxQueues ?? MAX_TIME_LAG_QUEUES);
  await mapLimit(lagging, TIME_LAG_PARALLEL, async ({ q, i }) => {
    const t = opts.cache === false ? await oldestUnconsumedStoreTime(admin, q).catch(() => null) : await cachedStoreTime(admin, q, now);
    out[i] = t === null ? null : Math.max(0, now - t);
  });
  return out;
}

/**
 * A group's time lag: the oldest of its queues. 0 when nothing lags; null when some queue lags but none
 * of those could be read (a lagging queue not read does not make the known maximum unknown).
 */
export function groupTimeLagMs(queues: readonly { lag: number; timeLagMs: number | null }[]): number | null {
  const lagging = queues.filter((q) => q.lag > 0);
  if (lagging.length === 0) return 0;
  const known = lagging.map((q) => q.timeLagMs).filter((v): v is number => v !== null);
  return known.length ? Math.max(...known) : null;
}

/** A group's time lag from its queues' stats in one call (the list and the overview need no per-queue figures). */
export async function measureGroupTimeLag(
  admin: TimeLagAdmin,
  queues: readonly QueueConsumeStats[],
  opts: Parameters<typeof measureTimeLags>[2] = {},
): Promise<number | null> {
  const lags = await measureTimeLags(admin, queues, opts);
  return groupTimeLagMs(queues.map((q, i) => ({ lag: q.lag, timeLagMs: lags[i] })));
}
