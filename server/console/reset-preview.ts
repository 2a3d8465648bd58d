/**
 * `previewResetOffset`: what a reset of a group's offsets to a time would do, per queue, before it is done.
 * The targets come from the brokers' own search (SEARCH_OFFSET_BY_TIMESTAMP, the one a reset uses; the
 * queue's max offset for −1, as a reset does), the current offsets from GET_CONSUME_STATS of the group.
 */
import type { ResetPreviewDto, ResetPreviewQueueDto } from '../../lib/dto/admin';
import type { ResetOffsetInput } from '../../lib/schemas/admin';
import { RETRY_PREFIX } from '../../lib/topics';
import { mapLimit } from '../client/admin/admin-context';
import { admin } from './cluster-admin';

type QueueOffset = { topic: string; brokerName: string; queueId: number; offset: number };

const key = (topic: string, brokerName: string, queueId: number) => `${topic}\u0000${brokerName}\u0000${queueId}`;

/**
 * Per target queue: the current offset (null when the group has none there), how many messages it would
 * read again (target before current) or skip (target after current), and the totals.
 */
export function buildResetPreview(
  group: string,
  timestamp: number,
  current: readonly QueueOffset[],
  targets: readonly QueueOffset[],
  now: Date = new Date(),
): ResetPreviewDto {
  const byQueue = new Map(current.map((c) => [key(c.topic, c.brokerName, c.queueId), c.offset]));
  const queues: ResetPreviewQueueDto[] = targets
    .map((t) => {
      const cur = byQueue.get(key(t.topic, t.brokerName, t.queueId)) ?? null;
      // A broker clamps a negative search result to 0 before it resets; so does the preview.
      const target = Math.max(0, t.offset);
      return {
        topic: t.topic,
        brokerName: t.brokerName,
        queueId: t.queueId,
        currentOffset: cur,
        targetOffset: target,
        reconsume: cur !== null && target < cur ? cur - target : 0,
        skip: cur !== null && target > cur ? target - cur : 0,
      };
    })
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.brokerName.localeCompare(b.brokerName) || a.queueId - b.queueId);
  const totals = {
    queues: queues.length,
    reconsume: queues.reduce((n, q) => n + q.reconsume, 0),
    skip: queues.reduce((n, q) => n + q.skip, 0),
  };
  return { group, timestamp, queues, totals, fetchedAt: now.toISOString() };
}

/** The preview of `resetGroupOffset(group, input)`: the same topics (one, or all the group has offsets on but its retry topic). */
export async function previewResetOffset(group: string, input: ResetOffsetInput): Promise<ResetPreviewDto> {
  const client = admin();
  // The group-wide stats list only topics the group has offsets on, so a chosen topic missing there has none.
  const stats = await client.examineConsumeStats(group);
  const current = stats.queues.map((q) => ({ topic: q.topic, brokerName: q.brokerName, queueId: q.queueId, offset: q.consumerOffset }));
  const topics = input.topic ? [input.topic] : [...new Set(current.map((q) => q.topic))].filter((t) => !t.startsWith(RETRY_PREFIX));
  const perTopic = await mapLimit(topics, 4, async (topic): Promise<QueueOffset[]> => {
    if (input.timestamp < 0) {
      return (await client.examineTopicStats(topic)).map((q) => ({ topic, brokerName: q.brokerName, queueId: q.queueId, offset: q.maxOffset }));
    }
    return (await client.searchOffsetsByTime(topic, input.timestamp)).map((q) => ({ topic, ...q }));
  });
  return buildResetPreview(group, input.timestamp, current, perTopic.flat());
}
