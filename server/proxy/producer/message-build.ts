/**
 * A gRPC Message → what SEND_MESSAGE_V2 carries (properties, sysFlag, body), with the 5.x proxy's checks
 * (§5.1, §5.3) and their codes. Pure: the send service picks the queue and talks to the broker.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { MessageConst, MessageSysFlag } from '../../common/message/message-const';
import { ProxyError } from '../grpc/codes';
import { hasControlChar } from '../grpc/names';
import type { Message, Timestamp } from '../grpc/proto-types';
import type { ProxyConfig } from '../proxy-config';
import type { TopicMessageType } from '../route/route-convert';

/** RocketMQ 5's message-group property (MessageConst.PROPERTY_SHARDING_KEY). */
export const SHARDING_KEY = '__SHARDINGKEY';
export const TRACE_CONTEXT = 'TRACE_CONTEXT';
export const BORN_HOST = '__BORNHOST';
export const BORN_TIMESTAMP = 'BORN_TIMESTAMP';

/** MessageConst.STRING_HASH_SET of RocketMQ 5.3: names a user property may not use. */
export const RESERVED_PROPERTY_NAMES: ReadonlySet<string> = new Set([
  'TRACE_ON', 'MSG_REGION', 'KEYS', 'TAGS', 'WAIT', 'DELAY', 'RETRY_TOPIC', 'REAL_TOPIC', 'REAL_QID', 'TRAN_MSG', 'PGROUP',
  'MIN_OFFSET', 'MAX_OFFSET', 'BUYER_ID', 'ORIGIN_MESSAGE_ID', 'TRANSFER_FLAG', 'CORRECTION_FLAG', 'MQ2_FLAG', 'RECONSUME_TIME',
  'UNIQ_KEY', 'MAX_RECONSUME_TIMES', 'CONSUME_START_TIME', 'POP_CK', 'POP_CK_OFFSET', '1ST_POP_TIME', 'TRAN_PREPARED_QUEUE_OFFSET',
  'DUP_INFO', 'EXTEND_UNIQ_INFO', 'INSTANCE_ID', 'CORRELATION_ID', 'REPLY_TO_CLIENT', 'TTL', 'ARRIVE_TIME', 'PUSH_REPLY_TIME',
  'CLUSTER', 'MSG_TYPE', 'INNER_MULTI_QUEUE_OFFSET', 'TIMER_DELAY_MS', 'TIMER_DELAY_SEC', 'TIMER_DELIVER_MS', 'TIMER_ENQUEUE_MS',
  'TIMER_DEQUEUE_MS', 'TIMER_ROLL_TIMES', 'TIMER_OUT_MS', 'TIMER_DEL_UNIQKEY', 'TIMER_DELAY_LEVEL', '__BORNHOST', 'BORN_TIMESTAMP',
  'DLQ_ORIGIN_TOPIC', 'DLQ_ORIGIN_MESSAGE_ID', '__CRC32#',
]);

export type ActualMessageType = 'NORMAL' | 'FIFO' | 'DELAY' | 'TRANSACTION';

export interface RemotingMessage {
  body: Buffer;
  properties: Record<string, string>;
  sysFlag: number;
  bornTimestamp: number;
  messageId: string;
  messageGroup?: string;
  type: ActualMessageType;
}

export type BuildLimits = Pick<
  ProxyConfig,
  'maxMessageSize' | 'userPropertyMaxNum' | 'maxUserPropertySize' | 'maxMessageGroupSize' | 'maxDelayTimeMs' | 'maxTransactionRecoverySecond'
>;

export function timestampMs(t: Timestamp | undefined): number {
  return t ? Number(t.seconds ?? 0) * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6) : 0;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function validateTag(tag: string): void {
  if (tag.trim() === '') throw new ProxyError('ILLEGAL_MESSAGE_TAG', 'tag cannot be the char sequence of whitespace');
  if (tag.includes('|')) throw new ProxyError('ILLEGAL_MESSAGE_TAG', "tag cannot contain '|'");
  if (hasControlChar(tag)) throw new ProxyError('ILLEGAL_MESSAGE_TAG', 'tag cannot contain control character');
}

/** The type the stored properties say (as the 5.x broker derives it for the topic-type check). */
export function actualMessageType(p: Record<string, string>): ActualMessageType {
  if (p[MessageConst.TRANSACTION_PREPARED] === 'true') return 'TRANSACTION';
  if (p[MessageConst.DELAY_TIME_LEVEL] || p[MessageConst.TIMER_DELIVER_MS] || p[MessageConst.TIMER_DELAY_SEC]) return 'DELAY';
  if (p[SHARDING_KEY]) return 'FIFO';
  return 'NORMAL';
}

/** MESSAGE_PROPERTY_CONFLICT_WITH_TYPE unless the message's type fits the topic's (§5.3). */
export function checkTopicType(topic: string, topicType: TopicMessageType, type: ActualMessageType): void {
  if (topicType === 'MIXED') return;
  if (topicType === 'UNSPECIFIED' || topicType !== type) {
    throw new ProxyError('MESSAGE_PROPERTY_CONFLICT_WITH_TYPE', `current message type not match with topic accept message types, topic ${topic} is ${topicType}, message is ${type}`);
  }
}

/**
 * A digest a producer sent (the Java and Node clients send none) against the body as sent: MD5 and SHA1 in hex,
 * CRC32 in hex (Java) or decimal (Node), case-insensitive. A CRC32 is taken as matching where Node has no zlib.crc32.
 */
export function digestMatches(body: Buffer, type: string | undefined, checksum: string | undefined): boolean {
  const want = (checksum ?? '').trim().toUpperCase();
  switch (type) {
    case 'MD5':
    case 'SHA1':
      return crypto.createHash(type === 'MD5' ? 'md5' : 'sha1').update(body).digest('hex').toUpperCase() === want;
    case 'CRC32': {
      const crc32 = (zlib as unknown as { crc32?: (b: Buffer) => number }).crc32;
      if (!crc32) return true;
      const v = crc32(body) >>> 0;
      return want === v.toString(16).toUpperCase() || want === String(v);
    }
    default:
      return true;
  }
}

/**
 * Validates one message and builds its properties. `producerGroup` is the topic (the 5.x proxy's producer group for
 * transaction checks); `peer` is the born host when the message names none.
 */
export function buildRemotingMessage(m: Message, producerGroup: string, peer: string, limits: BuildLimits, now = Date.now()): RemotingMessage {
  let body = m.body ?? Buffer.alloc(0);
  if (body.length === 0) throw new ProxyError('MESSAGE_BODY_EMPTY', 'message body cannot be empty');
  if (body.length > limits.maxMessageSize) throw new ProxyError('MESSAGE_BODY_TOO_LARGE', `message body cannot exceed the max ${limits.maxMessageSize}`);
  const sp = m.systemProperties ?? {};
  if (sp.bodyDigest && !digestMatches(body, sp.bodyDigest.type, sp.bodyDigest.checksum)) {
    throw new ProxyError('MESSAGE_CORRUPTED', `message body does not match its ${sp.bodyDigest.type} digest`);
  }
  const user = m.userProperties ?? {};
  const entries = Object.entries(user);
  if (entries.length > limits.userPropertyMaxNum) throw new ProxyError('MESSAGE_PROPERTIES_TOO_LARGE', `too many user properties, max is ${limits.userPropertyMaxNum}`);
  let size = 0;
  for (const [k, v] of entries) {
    if (RESERVED_PROPERTY_NAMES.has(k)) throw new ProxyError('ILLEGAL_MESSAGE_PROPERTY_KEY', `property is used by system: ${k}`);
    if (hasControlChar(k)) throw new ProxyError('ILLEGAL_MESSAGE_PROPERTY_KEY', 'the key of property cannot contain control character');
    if (hasControlChar(v)) throw new ProxyError('ILLEGAL_MESSAGE_PROPERTY_KEY', 'the value of property cannot contain control character');
    size += utf8(k) + utf8(v);
  }
  const props: Record<string, string> = { ...user };
  const tag = sp.tag;
  if (tag !== undefined && tag !== '') {
    validateTag(tag);
    props[MessageConst.TAGS] = tag;
    size += utf8(tag);
  }
  const keys = sp.keys ?? [];
  for (const key of keys) {
    if (key.trim() === '') throw new ProxyError('ILLEGAL_MESSAGE_KEY', 'key cannot be the char sequence of whitespace');
    if (hasControlChar(key)) throw new ProxyError('ILLEGAL_MESSAGE_KEY', 'key cannot contain control character');
    size += utf8(key);
  }
  if (keys.length) props[MessageConst.KEYS] = keys.join(' ');
  if (size > limits.maxUserPropertySize) throw new ProxyError('MESSAGE_PROPERTIES_TOO_LARGE', `the total size of user property is too large, max is ${limits.maxUserPropertySize}`);
  const messageId = sp.messageId ?? '';
  if (messageId.trim() === '') throw new ProxyError('ILLEGAL_MESSAGE_ID', 'message id cannot be empty');
  props[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] = messageId;

  let sysFlag = 0;
  if (sp.bodyEncoding === 'GZIP') {
    // RocketMQ's COMPRESSED flag means zlib (what 4.x consumers inflate), not gzip: store it as zlib.
    let raw: Buffer;
    try {
      raw = zlib.gunzipSync(body);
    } catch {
      throw new ProxyError('MESSAGE_CORRUPTED', 'message body is marked GZIP but is not gzip data');
    }
    body = zlib.deflateSync(raw);
    sysFlag |= MessageSysFlag.COMPRESSED_FLAG;
  }
  if (sp.messageType === 'TRANSACTION') {
    sysFlag |= MessageSysFlag.TRANSACTION_PREPARED_TYPE;
    props[MessageConst.TRANSACTION_PREPARED] = 'true';
    if (sp.orphanedTransactionRecoveryDuration) {
      const sec = Number(sp.orphanedTransactionRecoveryDuration.seconds ?? 0);
      if (sec > limits.maxTransactionRecoverySecond) {
        throw new ProxyError('BAD_REQUEST', `the max transaction recovery time of message is too large, max is ${limits.maxTransactionRecoverySecond}`);
      }
      props[MessageConst.CHECK_IMMUNITY_TIME_IN_SECONDS] = String(sec);
    }
  }
  if (sp.deliveryTimestamp) {
    const at = timestampMs(sp.deliveryTimestamp);
    if (at - now > limits.maxDelayTimeMs) {
      throw new ProxyError('ILLEGAL_DELIVERY_TIME', `the max delay time of message is too large, max is ${limits.maxDelayTimeMs}`);
    }
    props[MessageConst.TIMER_DELIVER_MS] = String(at);
  }
  props[MessageConst.RECONSUME_TIME] = String(sp.deliveryAttempt ?? 0);
  props[MessageConst.PRODUCER_GROUP] = producerGroup;
  const group = sp.messageGroup;
  if (group !== undefined && group !== '') {
    if (group.trim() === '') throw new ProxyError('ILLEGAL_MESSAGE_GROUP', 'message group cannot be the char sequence of whitespace');
    if (utf8(group) >= limits.maxMessageGroupSize) throw new ProxyError('ILLEGAL_MESSAGE_GROUP', `message group exceed the max size ${limits.maxMessageGroupSize}`);
    if (hasControlChar(group)) throw new ProxyError('ILLEGAL_MESSAGE_GROUP', 'message group cannot contain control character');
    props[SHARDING_KEY] = group;
  }
  if (sp.traceContext) props[TRACE_CONTEXT] = sp.traceContext;
  const bornHost = sp.bornHost && sp.bornHost.trim() !== '' ? sp.bornHost : peer;
  if (bornHost) props[BORN_HOST] = bornHost;
  const born = timestampMs(sp.bornTimestamp);
  if (born > 0) props[BORN_TIMESTAMP] = String(born);
  return {
    body,
    properties: props,
    sysFlag,
    bornTimestamp: born > 0 ? born : now,
    messageId,
    ...(props[SHARDING_KEY] ? { messageGroup: props[SHARDING_KEY] } : {}),
    type: actualMessageType(props),
  };
}

/** Java's String.hashCode (UTF-16 units, int32 overflow): the FIFO queue choice must match the 5.x proxy's. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Guava's IntMath.mod: never negative. */
export function floorMod(x: number, m: number): number {
  return ((x % m) + m) % m;
}
