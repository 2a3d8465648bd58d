/** Topic and group name rules of the 5.x proxy (§5.4): ILLEGAL_TOPIC / ILLEGAL_CONSUMER_GROUP. */
import { ProxyError } from './codes';
import type { Resource } from './proto-types';

const NAME_CHARS = /^[%|a-zA-Z0-9_-]+$/;
const TOPIC_MAX = 127;
const GROUP_MAX = 255;

const SYSTEM_TOPICS = new Set([
  'TBW102',
  'SCHEDULE_TOPIC_XXXX',
  'BenchmarkTest',
  'RMQ_SYS_TRANS_HALF_TOPIC',
  'RMQ_SYS_TRACE_TOPIC',
  'RMQ_SYS_TRANS_OP_HALF_TOPIC',
  'TRANS_CHECK_MAX_TIME_TOPIC',
  'SELF_TEST_TOPIC',
  'OFFSET_MOVED_EVENT',
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
]);

export function isSystemTopic(topic: string): boolean {
  return SYSTEM_TOPICS.has(topic) || topic.startsWith('rmq_sys_');
}

/** The topic's name, or ILLEGAL_TOPIC for a blank, malformed, too long or system one. */
export function validTopic(r: Resource | undefined): string {
  const name = r?.name ?? '';
  if (name.trim() === '') throw new ProxyError('ILLEGAL_TOPIC', 'topic name cannot be empty');
  if (name.length > TOPIC_MAX) throw new ProxyError('ILLEGAL_TOPIC', `topic name cannot exceed ${TOPIC_MAX} characters`);
  if (!NAME_CHARS.test(name)) throw new ProxyError('ILLEGAL_TOPIC', `topic name "${name}" contains illegal characters, allowed: [%|a-zA-Z0-9_-]`);
  if (isSystemTopic(name)) throw new ProxyError('ILLEGAL_TOPIC', `cannot access system topic: ${name}`);
  return name;
}

/** The group's name, or ILLEGAL_CONSUMER_GROUP for a blank, malformed, too long or system one. */
export function validGroup(r: Resource | undefined): string {
  const name = r?.name ?? '';
  if (name.trim() === '') throw new ProxyError('ILLEGAL_CONSUMER_GROUP', 'consumer group cannot be empty');
  if (name.length > GROUP_MAX) throw new ProxyError('ILLEGAL_CONSUMER_GROUP', `consumer group cannot exceed ${GROUP_MAX} characters`);
  if (!NAME_CHARS.test(name)) throw new ProxyError('ILLEGAL_CONSUMER_GROUP', `consumer group "${name}" contains illegal characters, allowed: [%|a-zA-Z0-9_-]`);
  if (SYSTEM_GROUPS.has(name) || name.startsWith('CID_RMQ_SYS_')) throw new ProxyError('ILLEGAL_CONSUMER_GROUP', `cannot use system consumer group: ${name}`);
  return name;
}

/** Java's Character.isISOControl: C0 controls and DEL..U+009F. */
export function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
