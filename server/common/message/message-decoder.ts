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

// Pull bodies carry many records from few hosts: their "ip:port" text and offset-id prefix are reused.
const hostCache = new Map<number, { text: string; idPrefix: string }>();
const HOST_CACHE_MAX = 4096;

function hostAt(buf: Buffer, pos: number, ipLen: number): { text: string; idPrefix: string } {
  const port = buf.readInt32BE(pos + ipLen);
  if (ipLen !== 4 || port < 0 || port > 0xffff) return hostEntry(buf.subarray(pos, pos + ipLen), port);
  const key = buf.readUInt32BE(pos) * 0x10000 + port;
  let e = hostCache.get(key);
  if (!e) {
    if (hostCache.size >= HOST_CACHE_MAX) hostCache.clear();
    e = hostEntry(buf.subarray(pos, pos + 4), port);
    hostCache.set(key, e);
  }
  return e;
}

function hostEntry(ip: Buffer, port: number): { text: string; idPrefix: string } {
  const id = createOffsetMsgId(ip, port, 0);
  return { text: `${bytesToIp(ip)}:${port}`, idPrefix: id.slice(0, id.length - 16) };
}

const TWO_32 = 4294967296;

/** A stored int64 that is a safe integer (offsets, timestamps): two int32 reads instead of a BigInt. */
function readLong(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * TWO_32 + buf.readUInt32BE(pos + 4);
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

function hex8(v: number): string {
  return HEX2[(v >>> 24) & 0xff] + HEX2[(v >>> 16) & 0xff] + HEX2[(v >>> 8) & 0xff] + HEX2[v & 0xff];
}

/** The commit-log offset as 16 uppercase hex digits (the tail of an offset message id). */
function offsetIdSuffix(offset: number): string {
  return hex8(Math.floor(offset / TWO_32)) + hex8(offset >>> 0);
}

function truncated(): never {
  throw new MessageDecodeError('record truncated');
}

/** Decode one record at `pos`. */
export function decodeMessage(buf: Buffer, pos = 0, opts: { inflate?: boolean } = {}): MessageExt {
  const start = pos;
  if (pos + 4 > buf.length) truncated();
  const totalSize = buf.readInt32BE(pos);
  if (totalSize < 20 || start + totalSize > buf.length) throw new MessageDecodeError(`bad record size ${totalSize}`);
  // Bounds are checked against the buffer, as before; the final sum check catches fields that overrun the record.
  const end = buf.length;
  if (pos + 48 > end) truncated();
  const magicCode = buf.readInt32BE(pos + 4);
  if (magicCode !== MESSAGE_MAGIC_CODE && magicCode !== MESSAGE_MAGIC_CODE_V2) throw new MessageDecodeError(`bad magic ${magicCode}`);
  const bodyCRC = buf.readInt32BE(pos + 8);
  const queueId = buf.readInt32BE(pos + 12);
  const flag = buf.readInt32BE(pos + 16);
  const queueOffset = readLong(buf, pos + 20);
  const commitLogOffset = readLong(buf, pos + 28);
  const sysFlag = buf.readInt32BE(pos + 36);
  const bornTimestamp = readLong(buf, pos + 40);
  pos += 48;
  const bornIpLen = sysFlag & MessageSysFlag.BORNHOST_V6_FLAG ? 16 : 4;
  if (pos + bornIpLen + 4 + 8 > end) truncated();
  const bornHost = hostAt(buf, pos, bornIpLen).text;
  pos += bornIpLen + 4;
  const storeTimestamp = readLong(buf, pos);
  pos += 8;
  const storeIpLen = sysFlag & MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG ? 16 : 4;
  if (pos + storeIpLen + 4 + 4 + 8 + 4 > end) truncated();
  const storeIpPos = pos;
  const store = hostAt(buf, pos, storeIpLen);
  pos += storeIpLen + 4;
  const reconsumeTimes = buf.readInt32BE(pos);
  const preparedTransactionOffset = readLong(buf, pos + 4);
  pos += 12;
  const bodyLen = buf.readInt32BE(pos);
  pos += 4;
  if (bodyLen < 0) throw new MessageDecodeError('negative body length');
  if (pos + bodyLen > end) truncated();
  let body = buf.subarray(pos, pos + bodyLen);
  pos += bodyLen;
  let topicLen: number;
  if (magicCode === MESSAGE_MAGIC_CODE_V2) {
    if (pos + 2 > end) truncated();
    topicLen = buf.readInt16BE(pos);
    pos += 2;
  } else {
    if (pos + 1 > end) truncated();
    topicLen = buf.readInt8(pos);
    pos += 1;
  }
  if (topicLen < 0) throw new MessageDecodeError('negative topic length');
  if (pos + topicLen + 2 > end) truncated();
  const topic = buf.toString('utf8', pos, pos + topicLen);
  pos += topicLen;
  const propLen = buf.readInt16BE(pos);
  pos += 2;
  if (propLen < 0) throw new MessageDecodeError('negative properties length');
  if (pos + propLen > end) truncated();
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
  const offsetMsgId =
    commitLogOffset >= 0
      ? store.idPrefix + offsetIdSuffix(commitLogOffset)
      : createOffsetMsgId(buf.subarray(storeIpPos, storeIpPos + storeIpLen), buf.readInt32BE(storeIpPos + storeIpLen), commitLogOffset);
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
    storeHost: store.text,
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
