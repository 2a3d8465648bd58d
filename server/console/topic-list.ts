/**
 * `listTopics`: every topic with its config, filtered and paged on the server (clusters hold thousands).
 * The whole list (name server topic list + each master's topic configs) is kept for a few seconds per admin
 * client, so paging, searching and several open consoles do not each ask every broker for every config;
 * topic changes made through the console drop it at once.
 */
import type { Page, TopicRowDto } from '../../lib/dto/admin';
import { pageOf, topicKind } from '../../lib/topics';
import type { TopicSummary } from '../client/admin/types';
import type { AdminClientLike } from './admin-client-cache';
import { admin, clusterNames } from './cluster-admin';

/** How long a fetched topic list is reused (shorter than the UI's 4 s refresh, so each refresh is current). */
export const TOPIC_LIST_TTL_MS = 3_000;

interface Snapshot {
  at: number;
  rows: Promise<TopicRowDto[]>;
}

// On globalThis: Next.js may evaluate this module once per route bundle, and the mutation routes must drop
// the cache the list route reads.
const CACHE_KEY = Symbol.for('orbit.console.topicListCache');
type Holder = { [CACHE_KEY]?: WeakMap<AdminClientLike, Snapshot> };
const holder = globalThis as typeof globalThis & Holder;
const cache = (): WeakMap<AdminClientLike, Snapshot> => (holder[CACHE_KEY] ??= new WeakMap());

/** Forgets the cached topic lists (after a topic was created, changed or deleted). */
export function invalidateTopicList(): void {
  holder[CACHE_KEY] = new WeakMap();
}

async function fetchRows(client: AdminClientLike): Promise<TopicRowDto[]> {
  const [summaries, info] = await Promise.all([client.listTopicsWithConfig(), client.getBrokerClusterInfo()]);
  const system = clusterNames(info);
  return summaries.map((s) => toTopicRow(s, system));
}

/** Every topic row, from the cache when fresh; concurrent callers share one fetch. */
export function allTopicRows(client: AdminClientLike, now = Date.now()): Promise<TopicRowDto[]> {
  const map = cache();
  const hit = map.get(client);
  if (hit && now - hit.at < TOPIC_LIST_TTL_MS) return hit.rows;
  const rows = fetchRows(client);
  const entry: Snapshot = { at: now, rows };
  map.set(client, entry);
  // A failure is not cached.
  rows.catch(() => {
    if (map.get(client) === entry) map.delete(client);
  });
  return rows;
}

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
  const rows = await allTopicRows(admin());
  const filtered = filterTopics(rows, query.q, query.system === '1');
  const { items, page } = pageOf(filtered, query.page, query.pageSize);
  return { items, total: filtered.length, page, pageSize: query.pageSize, totalAll: rows.length, fetchedAt: new Date().toISOString() };
}
