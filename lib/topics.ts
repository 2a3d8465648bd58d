/** Topic and group naming rules of RocketMQ, shared by browser and Node. */
import type { TopicKind } from './dto/admin';

export const RETRY_PREFIX = '%RETRY%';
export const DLQ_PREFIX = '%DLQ%';

const SYSTEM_TOPICS = new Set([
  'TBW102',
  'SCHEDULE_TOPIC_XXXX',
  'BenchmarkTest',
  'OFFSET_MOVED_EVENT',
  'SELF_TEST_TOPIC',
  'RMQ_SYS_TRANS_HALF_TOPIC',
  'RMQ_SYS_TRACE_TOPIC',
  'RMQ_SYS_TRANS_OP_HALF_TOPIC',
  'TRANS_CHECK_MAX_TIME_TOPIC',
]);

const SYSTEM_GROUPS = new Set([
  'TOOLS_CONSUMER',
  'FILTERSRV_CONSUMER',
  '__MONITOR_CONSUMER',
  'CLIENT_INNER_PRODUCER',
  'SELF_TEST_P_GROUP',
  'SELF_TEST_C_GROUP',
  'CID_ONS-HTTP-PROXY',
  'CID_ONSAPI_PERMISSION',
  'CID_ONSAPI_OWNER',
  'CID_ONSAPI_PULL',
  'CID_RMQ_SYS_TRANS',
  'orbit-console',
]);

/** `extraSystem`: names that are system topics in this cluster (its cluster and broker names). */
export function topicKind(topic: string, extraSystem: ReadonlySet<string> = new Set()): TopicKind {
  if (topic.startsWith(RETRY_PREFIX)) return 'retry';
  if (topic.startsWith(DLQ_PREFIX)) return 'dlq';
  if (SYSTEM_TOPICS.has(topic) || topic.startsWith('rmq_sys_') || topic.startsWith('RMQ_SYS_') || extraSystem.has(topic) || [...extraSystem].some((c) => topic === `${c}_REPLY_TOPIC`)) return 'system';
  return 'normal';
}

export function isSystemGroup(group: string): boolean {
  return SYSTEM_GROUPS.has(group) || group.startsWith('CID_RMQ_SYS_');
}

/** Filters by a case-insensitive substring and pages; page numbers start at 1 and are clamped. */
/** Rows per page of the topic and group lists (the server renders the first page into the HTML). */
export const TOPIC_PAGE_SIZE = 50;
export const GROUP_PAGE_SIZE = 20;
/** Dead letters per page of the DLQ triage view (/dlq/:group); its first page is rendered on the server. */
export const DLQ_PAGE_SIZE = 50;

export function pageOf<T>(items: readonly T[], page: number, pageSize: number): { items: T[]; page: number } {
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const p = Math.min(Math.max(1, page), pages);
  return { items: items.slice((p - 1) * pageSize, p * pageSize), page: p };
}

/** A path segment as typed, whether or not the router already decoded it. */
export function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
