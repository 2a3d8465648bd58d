/**
 * One sample of a consumer group, over the wire through the admin client: per-queue offsets and lag
 * (GET_CONSUME_STATS), online clients (GET_CONSUMER_CONNECTION_LIST), and on demand the time lag per
 * queue and the depth of `%DLQ%<group>`.
 *
 * Time lag is what Apache's rocketmq-exporter measures: now minus the store time of the message at the
 * consumer offset, read with a one-message pull at that offset (at the queue's min offset when the consumer
 * offset was already deleted), 0 for a caught-up queue.
 */
import type { GroupConsumeStats, PullResultView, QueueConsumeStats, ReplicaGroupView } from '../../client/admin/types';
import { mapLimit } from '../../client/admin/admin-context';

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

/** Queues whose time lag is measured per sample, at most (the largest lags first). */
export const MAX_TIME_LAG_QUEUES = 64;

/** ms between `now` and the store time of the message at the queue's consumer offset (0 when caught up). */
export async function queueTimeLagMs(admin: Pick<SamplerAdmin, 'pullQueue'>, q: QueueConsumeStats, now: number): Promise<number> {
  if (q.consumerOffset >= q.brokerOffset) return 0;
  const mq = { topic: q.topic, brokerName: q.brokerName, queueId: q.queueId };
  let r = await admin.pullQueue(mq, Math.max(0, q.consumerOffset), 1);
  if (r.status === 'OFFSET_ILLEGAL' && r.minOffset > q.consumerOffset) r = await admin.pullQueue(mq, r.minOffset, 1);
  const m = r.status === 'FOUND' ? r.messages[0] : undefined;
  return m ? Math.max(0, now - m.storeTimestamp) : 0;
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
    const lagging = queues.filter((q) => q.lag > 0).sort((a, b) => b.lag - a.lag).slice(0, MAX_TIME_LAG_QUEUES);
    for (const q of queues) if (q.lag === 0) q.timeLagMs = 0;
    await mapLimit(lagging, 4, async (q) => {
      q.timeLagMs = await queueTimeLagMs(admin, q, t).catch(() => null);
    });
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
