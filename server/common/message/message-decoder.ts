/**
 * Stored message records (CommitLog entries, and the units of pull/query/view bodies):
 * ┌─────────┬──────┬───────┬───────┬────┬──────────┬──────────┬───────┬──────────┬────────────┬──────────┐
 * │totalSize│magic │bodyCRC│queueId│flag│queueOffs.│physOffs. │sysFlag│bornTs i64│bornHost 8/20│storeTs  │
 * │ i32     │ i32  │ i32   │ i32   │i32 │ i64      │ i64      │ i32   │          │            │ i64      │
 * ├─────────┴──────┴───────┴───────┴────┴──────────┴──────────┴───────┴──────────┴────────────┴──────────┤
 * │storeHost 8/20│reconsumeTimes i32│preparedTxOffset i64│bodyLen i32+body│topicLen i8+topic│propLen i16+props│
 * └───────────────────────────────────────────────────────────────────────────────────────────────────────┘
 */
import zlib from 'node:zlib';
import { MESSAGE_MAGIC_CODE, MESSAGE_MAGIC_CODE_V2, MessageConst, MessageSysFlag } from './message-const';
import { bytesToIp, createOffsetMsgId } from './message-id';
import { decodeProperties, type MessageProperties } from './properties';

export interface MessageExt {
  totalSize: number;
  magicCode: number;
  bodyCRC: number;
  queueId: number;
  flag: number;
  queueOffset: number;
  commitLogOffset: number;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: string;
  storeTimestamp: number;
  storeHost: string;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  /** Body as the client sees it: inflated when the record is compressed (and `inflate` was asked). */
  body: Buffer;
  topic: string;
  properties: MessageProperties;
  /** Offset message id (store host + commit-log offset). */
  offsetMsgId: string;
  /** UNIQ_KEY when present, else the offset id: what Java's getMsgId() returns. */
  msgId: string;
}

export class MessageDecodeError extends Error {}

/** Decode one record at `pos`. */
export function decodeMessage(buf: Buffer, pos = 0, opts: { inflate?: boolean } = {}): MessageExt {
  const need = (n: number) => {
    if (pos + n > buf.length) throw new MessageDecodeError('record truncated');
  };
  const start = pos;
  need(4);
  const totalSize = buf.readInt32BE(pos);
  if (totalSize < 20 || start + totalSize > buf.length) throw new MessageDecodeError(`bad record size ${totalSize}`);
  const magicCode = buf.readInt32BE(pos + 4);
  if (magicCode !== MESSAGE_MAGIC_CODE && magicCode !== MESSAGE_MAGIC_CODE_V2) throw new MessageDecodeError(`bad magic ${magicCode}`);
  const bodyCRC = buf.readInt32BE(pos + 8);
  const queueId = buf.readInt32BE(pos + 12);
  const flag = buf.readInt32BE(pos + 16);
  const queueOffset = Number(buf.readBigInt64BE(pos + 20));
  const commitLogOffset = Number(buf.readBigInt64BE(pos + 28));
  const sysFlag = buf.readInt32BE(pos + 36);
  const bornTimestamp = Number(buf.readBigInt64BE(pos + 40));
  pos += 48;
  const bornIpLen = sysFlag & MessageSysFlag.BORNHOST_V6_FLAG ? 16 : 4;
  need(bornIpLen + 4 + 8);
  const bornHost = `${bytesToIp(buf.subarray(pos, pos + bornIpLen))}:${buf.readInt32BE(pos + bornIpLen)}`;
  pos += bornIpLen + 4;
  const storeTimestamp = Number(buf.readBigInt64BE(pos));
  pos += 8;
  const storeIpLen = sysFlag & MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG ? 16 : 4;
  need(storeIpLen + 4 + 4 + 8 + 4);
  const storeIp = buf.subarray(pos, pos + storeIpLen);
  const storePort = buf.readInt32BE(pos + storeIpLen);
  const storeHost = `${bytesToIp(storeIp)}:${storePort}`;
  pos += storeIpLen + 4;
  const reconsumeTimes = buf.readInt32BE(pos);
  const preparedTransactionOffset = Number(buf.readBigInt64BE(pos + 4));
  pos += 12;
  const bodyLen = buf.readInt32BE(pos);
  pos += 4;
  if (bodyLen < 0) throw new MessageDecodeError('negative body length');
  need(bodyLen);
  let body = buf.subarray(pos, pos + bodyLen);
  pos += bodyLen;
  let topicLen: number;
  if (magicCode === MESSAGE_MAGIC_CODE_V2) {
    need(2);
    topicLen = buf.readInt16BE(pos);
    pos += 2;
  } else {
    need(1);
    topicLen = buf.readInt8(pos);
    pos += 1;
  }
  if (topicLen < 0) throw new MessageDecodeError('negative topic length');
  need(topicLen + 2);
  const topic = buf.toString('utf8', pos, pos + topicLen);
  pos += topicLen;
  const propLen = buf.readInt16BE(pos);
  pos += 2;
  if (propLen < 0) throw new MessageDecodeError('negative properties length');
  need(propLen);
  const properties = decodeProperties(buf.toString('utf8', pos, pos + propLen));
  pos += propLen;
  if (pos - start !== totalSize) throw new MessageDecodeError(`record fields add up to ${pos - start}, not ${totalSize}`);
  if (opts.inflate && sysFlag & MessageSysFlag.COMPRESSED_FLAG) {
    try {
      body = zlib.inflateSync(body);
    } catch {
      throw new MessageDecodeError('compressed body does not inflate');
    }
  }
  const offsetMsgId = createOffsetMsgId(storeIp, storePort, commitLogOffset);
  return {
    totalSize,
    magicCode,
    bodyCRC,
    queueId,
    flag,
    queueOffset,
    commitLogOffset,
    sysFlag,
    bornTimestamp,
    bornHost,
    storeTimestamp,
    storeHost,
    reconsumeTimes,
    preparedTransactionOffset,
    body,
    topic,
    properties,
    offsetMsgId,
    msgId: properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? offsetMsgId,
  };
}

/** Decode every record in a pull/query body. Unlike Java, a broken record is an error, not a silent stop. */
export function decodeMessages(buf: Buffer | undefined, opts: { inflate?: boolean } = { inflate: true }): MessageExt[] {
  const out: MessageExt[] = [];
  if (!buf) return out;
  let pos = 0;
  while (pos < buf.length) {
    const m = decodeMessage(buf, pos, opts);
    out.push(m);
    pos += m.totalSize;
  }
  return out;
}
