/** Retry and dead-letter queues per group: their depth, and the DLQ's messages. */
import type { DlqRowDto, MessageListDto, Page } from '../../lib/dto/admin';
import { DLQ_PREFIX, RETRY_PREFIX, isSystemGroup, pageOf } from '../../lib/topics';
import { mapLimit } from '../client/admin/admin-context';
import type { MessageView } from '../client/admin/types';
import { ConsoleError } from '../common/errors';
import { admin } from './cluster-admin';
import { toMessageSummary } from './message-dto';

/** Groups with a subscription config or a retry/DLQ topic; depths read for the page shown. */
export async function listDlq(query: { q: string; system: '0' | '1'; page: number; pageSize: number }): Promise<Page<DlqRowDto>> {
  const client = admin();
  // Topics from the brokers too: a fresh retry/DLQ topic may not be registered with the name server yet.
  const [groups, topics] = await Promise.all([client.listGroups(), client.listTopicsWithConfig().then((l) => l.map((t) => t.topic))]);
  const topicSet = new Set(topics);
  const names = new Set(groups.map((g) => g.group));
  for (const t of topics) {
    if (t.startsWith(DLQ_PREFIX)) names.add(t.slice(DLQ_PREFIX.length));
    if (t.startsWith(RETRY_PREFIX)) names.add(t.slice(RETRY_PREFIX.length));
  }
  const needle = query.q.toLowerCase();
  const all = [...names].sort();
  // Groups with a DLQ topic first: those are the ones an operator comes here for.
  const filtered = all
    .filter((g) => (query.system === '1' || !isSystemGroup(g)) && (!needle || g.toLowerCase().includes(needle)))
    .sort((a, b) => Number(topicSet.has(DLQ_PREFIX + b)) - Number(topicSet.has(DLQ_PREFIX + a)) || a.localeCompare(b));
  const { items, page } = pageOf(filtered, query.page, query.pageSize);
  const rows = await mapLimit(items, 6, async (group): Promise<DlqRowDto> => {
    const hasRetryTopic = topicSet.has(RETRY_PREFIX + group);
    const hasDlqTopic = topicSet.has(DLQ_PREFIX + group);
    const [retryDepth, dlqDepth] = await Promise.all([
      hasRetryTopic ? client.topicDepth(RETRY_PREFIX + group).catch(() => 0) : 0,
      hasDlqTopic ? client.topicDepth(DLQ_PREFIX + group).catch(() => 0) : 0,
    ]);
    return { group, retryDepth, dlqDepth, hasRetryTopic, hasDlqTopic };
  });
  return { items: rows, total: filtered.length, page, pageSize: query.pageSize, totalAll: all.length, fetchedAt: new Date().toISOString() };
}

/** The oldest `limit` messages of a group's DLQ (or retry) topic, read queue by queue from the min offset. */
export async function browseGroupQueue(group: string, which: 'dlq' | 'retry', limit: number): Promise<MessageListDto> {
  const client = admin();
  const topic = (which === 'dlq' ? DLQ_PREFIX : RETRY_PREFIX) + group;
  let queues;
  try {
    queues = await client.examineTopicStats(topic);
  } catch (err) {
    if ((err as { responseCode?: number }).responseCode === 17) return { messages: [], truncated: false };
    throw err;
  }
  const out: MessageView[] = [];
  let truncated = false;
  for (const q of queues) {
    let offset = q.minOffset;
    while (offset < q.maxOffset && out.length < limit) {
      const r = await client.pullQueue({ topic, brokerName: q.brokerName, queueId: q.queueId }, offset, Math.min(32, limit - out.length)).catch((err: unknown) => {
        if ((err as { responseCode?: number }).responseCode === 16) {
          throw new ConsoleError(409, 'TOPIC_NOT_READABLE', `${topic} is not readable (its permission lacks read); make it readable to browse it`);
        }
        throw err;
      });
      if (r.status !== 'FOUND' || r.nextBeginOffset <= offset) break;
      out.push(...r.messages);
      offset = r.nextBeginOffset;
    }
    if (out.length >= limit) {
      truncated = queues.reduce((n, x) => n + x.maxOffset - x.minOffset, 0) > limit;
      break;
    }
  }
  return { messages: out.map(toMessageSummary), truncated };
}
