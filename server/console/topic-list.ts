/** `listTopics`: every topic with its config, filtered and paged on the server (clusters hold thousands). */
import type { Page, TopicRowDto } from '../../lib/dto/admin';
import { pageOf, topicKind } from '../../lib/topics';
import type { TopicSummary } from '../client/admin/types';
import { admin, clusterNames } from './cluster-admin';

export function toTopicRow(s: TopicSummary, system: ReadonlySet<string>): TopicRowDto {
  const cs = s.configs.map((c) => c.config);
  return {
    topic: s.topic,
    kind: topicKind(s.topic, system),
    readQueueNums: cs.length ? cs.reduce((n, c) => n + c.readQueueNums, 0) : null,
    writeQueueNums: cs.length ? cs.reduce((n, c) => n + c.writeQueueNums, 0) : null,
    perm: cs.length ? cs[0].perm : null,
    order: cs.some((c) => c.order),
    brokerNames: s.configs.map((c) => c.brokerName).sort(),
  };
}

export function filterTopics(rows: TopicRowDto[], q: string, showSystem: boolean): TopicRowDto[] {
  const needle = q.toLowerCase();
  return rows.filter((r) => (showSystem || r.kind === 'normal') && (!needle || r.topic.toLowerCase().includes(needle)));
}

export async function listTopics(query: { q: string; system: '0' | '1'; page: number; pageSize: number }): Promise<Page<TopicRowDto>> {
  const client = admin();
  const [summaries, info] = await Promise.all([client.listTopicsWithConfig(), client.getBrokerClusterInfo()]);
  const system = clusterNames(info);
  const rows = summaries.map((s) => toTopicRow(s, system));
  const filtered = filterTopics(rows, query.q, query.system === '1');
  const { items, page } = pageOf(filtered, query.page, query.pageSize);
  return { items, total: filtered.length, page, pageSize: query.pageSize, totalAll: rows.length, fetchedAt: new Date().toISOString() };
}
