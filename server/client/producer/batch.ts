/** Batch sends: validation, per-message size as the broker counts it, and splitting under the size limit. */
import { ClientError } from '../../common/errors';
import { encodeProperties } from '../../common/message/properties';
import type { BatchEntry } from '../../common/message/batch-codec';
import { RETRY_GROUP_TOPIC_PREFIX, type Message } from '../impl/message';

/** RocketMQ's maxMessageSize: 4 MiB. */
export const DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** Bytes one message takes in a batch body, plus the log overhead the Java splitter example counts (20 bytes). */
export function batchEntrySize(topic: string, entry: BatchEntry): number {
  return 20 + Buffer.byteLength(topic) + entry.body.length + 2 + Buffer.byteLength(entry.properties) + 20;
}

/** Throws a ClientError unless the messages can travel in one batch request (one topic, no delay, no retry topic). */
export function validateBatch(msgs: Message[]): void {
  if (msgs.length === 0) throw new ClientError('BATCH_EMPTY', 'a batch needs at least one message');
  const topic = msgs[0].topic;
  const wait = msgs[0].waitStoreMsgOK ?? true;
  for (const m of msgs) {
    if (m.topic !== topic) throw new ClientError('BATCH_MIXED_TOPICS', 'the topic of the messages in one batch should be the same');
    if (m.delayTimeLevel || m.deliverTimeMs) throw new ClientError('BATCH_DELAY', 'TimeDelayLevel is not supported for batching');
    if (m.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) throw new ClientError('BATCH_RETRY_TOPIC', 'Retry Group is not supported for batching');
    if ((m.waitStoreMsgOK ?? true) !== wait) throw new ClientError('BATCH_MIXED_WAIT', 'The waitStoreMsgOK of the messages in one batch should the same');
  }
}

/**
 * Splits encoded entries into consecutive chunks whose total size stays within `limitBytes`. A single entry
 * over the limit is an error (the broker would refuse it).
 */
export function splitBatch<T extends BatchEntry>(topic: string, entries: T[], limitBytes = DEFAULT_MAX_BATCH_BYTES): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let size = 0;
  for (const e of entries) {
    const s = batchEntrySize(topic, e);
    if (s > limitBytes) throw new ClientError('MESSAGE_TOO_LARGE', `a batch entry of ${s} bytes exceeds the ${limitBytes}-byte limit`);
    if (size + s > limitBytes && cur.length > 0) {
      out.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(e);
    size += s;
  }
  if (cur.length) out.push(cur);
  return out;
}

export { encodeProperties };
