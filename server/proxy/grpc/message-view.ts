/**
 * A stored message (remoting record) → a gRPC Message (§5.1, "server delivers"): every property but the reserved
 * ones as user properties, the system fields from their properties, and always an MD5 body digest (the Node client
 * dereferences it unchecked). Used for RecoverOrphanedTransactionCommand here and by the consumer RPCs.
 */
import crypto from 'node:crypto';
import { MessageConst, MessageSysFlag } from '../../common/message/message-const';
import type { MessageExt } from '../../common/message/message-decoder';
import { BORN_HOST, RESERVED_PROPERTY_NAMES, SHARDING_KEY, TRACE_CONTEXT, actualMessageType } from '../producer/message-build';
import type { Message, SystemProperties, Timestamp } from './proto-types';

export function timestampOf(ms: number): Timestamp {
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

export function md5Hex(body: Buffer): string {
  return crypto.createHash('md5').update(body).digest('hex').toUpperCase();
}

/**
 * `topic` overrides the record's (a half message's real topic); `body` should be the body as stored (still
 * compressed when the record is), since clients check the digest before inflating.
 */
export function toProtoMessage(msg: MessageExt, opts: { topic?: string; receiptHandle?: string; body?: Buffer } = {}): Message {
  const p = msg.properties;
  const user: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (!RESERVED_PROPERTY_NAMES.has(k) && k !== SHARDING_KEY && k !== TRACE_CONTEXT) user[k] = v;
  const body = opts.body ?? msg.body;
  const sp: SystemProperties = {
    messageId: p[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? msg.offsetMsgId,
    bodyDigest: { type: 'MD5', checksum: md5Hex(body) },
    bodyEncoding: opts.body && (msg.sysFlag & MessageSysFlag.COMPRESSED_FLAG) !== 0 ? 'GZIP' : 'IDENTITY',
    messageType: actualMessageType(p),
    bornTimestamp: timestampOf(msg.bornTimestamp),
    bornHost: p[BORN_HOST] ?? msg.bornHost,
    storeTimestamp: timestampOf(msg.storeTimestamp),
    storeHost: msg.storeHost,
    queueId: msg.queueId,
    queueOffset: msg.queueOffset,
    deliveryAttempt: msg.reconsumeTimes + 1,
  };
  if (p[MessageConst.TAGS]) sp.tag = p[MessageConst.TAGS];
  if (p[MessageConst.KEYS]) sp.keys = p[MessageConst.KEYS].split(' ').filter((k) => k !== '');
  const deliverAt = Number(p[MessageConst.TIMER_DELIVER_MS] ?? 0);
  if (deliverAt > 0) sp.deliveryTimestamp = timestampOf(deliverAt);
  if (p[SHARDING_KEY]) sp.messageGroup = p[SHARDING_KEY];
  if (p[TRACE_CONTEXT]) sp.traceContext = p[TRACE_CONTEXT];
  if (opts.receiptHandle) sp.receiptHandle = opts.receiptHandle;
  if (p.DLQ_ORIGIN_TOPIC && p.DLQ_ORIGIN_MESSAGE_ID) sp.deadLetterQueue = { topic: p.DLQ_ORIGIN_TOPIC, messageId: p.DLQ_ORIGIN_MESSAGE_ID };
  return { topic: { name: opts.topic ?? msg.topic }, userProperties: user, systemProperties: sp, body };
}
