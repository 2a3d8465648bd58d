/**
 * One sample of a consumer group, over the wire through the admin client: per-queue offsets and lag
 * (GET_CONSUME_STATS), online clients (GET_CONSUMER_CONNECTION_LIST), and on demand the time lag per
 * queue and the depth of `%DLQ%<group>`.
 *
 * Time lag (the age of the oldest unconsumed message) comes from `../time-lag.ts`, as on the console's pages.
 */
import type { GroupConsumeStats, PullResultView, QueueConsumeStats, ReplicaGroupView } from '../../client/admin/types';
import { measureTimeLags } from '../time-lag';

/** The admin-client calls a sample needs (tests pass fakes). */
export interface SamplerAdmin {
  examineConsumeStats(group: string, topic?: string): Promise<GroupConsumeStats>;
  examineConsumerConnection(group: string): Promise<{ connections: { clientId: string; clientAddr: string }[]; messageModel?: string } | null>;
  pullQueue(q: { topic: string; brokerName: string; queueId: number }, offset: number, maxNums?: number): Promise<PullResultView>;
  topicDepth(topic: string): Promise<number>;
  /** Broker groups with each slave's bytes behind (replicaBehind rules). */
  examineReplication(): Promise<ReplicaGroupView[]>;
}

export interface QueueSample extends QueueConsumeStats {
  /** ms behind; null when not measured. */
  timeLagMs: number | null;
}

export interface GroupSample {
  group: string;
  t: number;
  queues: QueueSample[];
  /** Online clients; null when the connection list could not be read. */
  online: number | null;
  clients: { clientId: string; clientAddr: string }[];
  messageModel: string | null;
  /** Messages in `%DLQ%<group>`; null when not measured. */
  dlqDepth: number | null;
}

export async function sampleGroup(admin: SamplerAdmin, group: string, opts: { timeLag: boolean; dlq: boolean; now?: () => number }): Promise<GroupSample> {
  const now = opts.now ?? Date.now;
  const [stats, conn, dlq] = await Promise.allSettled([
    admin.examineConsumeStats(group),
    admin.examineConsumerConnection(group),
    opts.dlq ? admin.topicDepth(`%DLQ%${group}`) : Promise.resolve(null),
  ]);
  if (stats.status === 'rejected') throw stats.reason;
  const t = now();
  const queues: QueueSample[] = stats.value.queues.map((q) => ({ ...q, timeLagMs: null }));
  if (opts.timeLag) {
    // Uncached: a sample stands for its moment, and the engine samples far less often than the cache lives.
    const lags = await measureTimeLags(admin, queues, { now: t, cache: false });
    queues.forEach((q, i) => (q.timeLagMs = lags[i]));
  }
  return {
    group,
    t,
    queues,
    online: conn.status === 'fulfilled' ? (conn.value?.connections.length ?? 0) : null,
    clients: conn.status === 'fulfilled' ? (conn.value?.connections ?? []).map((c) => ({ clientId: c.clientId, clientAddr: c.clientAddr })) : [],
    messageModel: conn.status === 'fulfilled' ? (conn.value?.messageModel ?? null) : null,
    dlqDepth: dlq.status === 'fulfilled' ? dlq.value : null,
  };
}
