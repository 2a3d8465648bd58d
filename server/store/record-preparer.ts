/**
 * Turns a message into a record ready to encode, refusing what the encoder could choke on before any space is
 * reserved (a half-written record would be a hole in the log): topic and properties sizes, field ranges, the
 * record size against maxMessageSize and the segment size.
 */
import { PutMessageStatus, type MessageExtBrokerInner } from './message-store';
import { BLANK_MARKER_SIZE, MAX_PROPERTIES_BYTES, MAX_TOPIC_BYTES, prepareRecord, type PreparedRecord } from './record-codec';

export type Prepared = PreparedRecord | { error: PutMessageStatus; remark: string };

const TOPIC_CACHE_MAX = 10_000;

function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;
}

function isLong(n: number): boolean {
  return Number.isSafeInteger(n);
}

export class RecordPreparer {
  private readonly topicBytes = new Map<string, Buffer>();

  constructor(
    private readonly maxMessageSize: number,
    private readonly segmentSize: number,
    private readonly recordCrc: boolean,
  ) {}

  prepare(msg: MessageExtBrokerInner): Prepared {
    let topicBytes = this.topicBytes.get(msg.topic);
    if (!topicBytes) {
      topicBytes = Buffer.from(msg.topic, 'utf8');
      if (this.topicBytes.size >= TOPIC_CACHE_MAX) this.topicBytes.clear();
      this.topicBytes.set(msg.topic, topicBytes);
    }
    if (topicBytes.length === 0 || topicBytes.length > MAX_TOPIC_BYTES) {
      return { error: PutMessageStatus.MESSAGE_ILLEGAL, remark: `topic must be 1..${MAX_TOPIC_BYTES} bytes` };
    }
    const p = prepareRecord(msg, topicBytes, this.recordCrc);
    const propLen = p.propLen;
    if (propLen > MAX_PROPERTIES_BYTES) {
      return { error: PutMessageStatus.PROPERTIES_SIZE_EXCEEDED, remark: `properties are ${propLen} bytes, limit ${MAX_PROPERTIES_BYTES}` };
    }
    // Anything the encoder could choke on is refused before space is reserved: a half-written record would be a hole.
    if (
      !Buffer.isBuffer(msg.body) ||
      !isInt32(msg.queueId) || msg.queueId < 0 ||
      !isLong(msg.bornTimestamp) || !isLong(msg.preparedTransactionOffset) ||
      (msg.bornHost.ip.length !== 4 && msg.bornHost.ip.length !== 16) ||
      (msg.storeHost.ip.length !== 4 && msg.storeHost.ip.length !== 16) ||
      !isInt32(msg.bornHost.port) || !isInt32(msg.storeHost.port) ||
      !isLong(msg.tagsCode)
    ) {
      return { error: PutMessageStatus.MESSAGE_ILLEGAL, remark: 'message fields out of range' };
    }
    const size = p.size;
    if (size > this.maxMessageSize || size + BLANK_MARKER_SIZE > this.segmentSize) {
      return { error: PutMessageStatus.MESSAGE_ILLEGAL, remark: `message of ${size} bytes exceeds the limit ${this.maxMessageSize}` };
    }
    return p;
  }
}
