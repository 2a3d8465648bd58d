/**
 * CommitLog record encoding and the structural check used by recovery. The byte layout is RocketMQ's stored record
 * (remoting-protocol.md §4.1), which `decodeMessage` reads back.
 */
import {
  BLANK_MAGIC_CODE,
  MESSAGE_MAGIC_CODE,
  MESSAGE_MAGIC_CODE_V2,
  MessageConst,
  MessageSysFlag,
  NAME_VALUE_SEPARATOR,
  PROPERTY_SEPARATOR,
} from '../common/message/message-const';
import type { MessageExtBrokerInner } from './message-store';

import { bodyCrc } from './crc32';
import { hasRecordCrcItem, propsBeforeRecordCrc, RECORD_CRC_LEN, recordCrcState, withoutRecordCrc, writeRecordCrc } from './record-crc';

export { bodyCrc, crc32 } from './crc32';

export const BLANK_MARKER_SIZE = 8;
/** Fixed bytes of a record with IPv4 hosts, before the body length. */
export const RECORD_FIXED_V4 = 84;
export const MIN_RECORD_SIZE = RECORD_FIXED_V4 + 4 + 1 + 2;
export const MAX_TOPIC_BYTES = 127;
export const MAX_PROPERTIES_BYTES = 32767;

// Offsets inside a record that readers outside the codec need.
export const POS_QUEUE_ID = 12;
export const POS_QUEUE_OFFSET = 20;
export const POS_PHYSICAL_OFFSET = 28;
export const POS_SYS_FLAG = 36;
export const POS_BORN_HOST = 48;

/** Sets the host-width bits from the actual address lengths, so the record can never disagree with itself. */
export function normalizedSysFlag(msg: MessageExtBrokerInner): number {
  let f = msg.sysFlag & ~(MessageSysFlag.BORNHOST_V6_FLAG | MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG);
  if (msg.bornHost.ip.length === 16) f |= MessageSysFlag.BORNHOST_V6_FLAG;
  if (msg.storeHost.ip.length === 16) f |= MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG;
  return f;
}

export function storeTimestampPos(sysFlag: number): number {
  return POS_BORN_HOST + (sysFlag & MessageSysFlag.BORNHOST_V6_FLAG ? 20 : 8);
}

function fixedSize(sysFlag: number): number {
  return (
    RECORD_FIXED_V4 +
    (sysFlag & MessageSysFlag.BORNHOST_V6_FLAG ? 12 : 0) +
    (sysFlag & MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG ? 12 : 0)
  );
}

export function recordSize(sysFlag: number, bodyLen: number, topicLen: number, propLen: number): number {
  return fixedSize(sysFlag) + 4 + bodyLen + 1 + topicLen + 2 + propLen;
}

/** Per-message sizes, computed once so the encoder writes strings straight into the target buffer. */
export interface PreparedRecord {
  msg: MessageExtBrokerInner;
  sysFlag: number;
  topicBytes: Buffer;
  /** The property text to write (without any CRC item; with the separator Apache adds before one). */
  props: string;
  /** Stored properties length, the CRC item included. */
  propLen: number;
  /** Whether the record ends with the whole-record CRC item (record-crc.ts). */
  recordCrc: boolean;
  size: number;
}

/**
 * Sizes and texts for encoding `msg` (no validation: the store's prepare checks limits first). CRC items already in
 * the properties are dropped (withoutRecordCrc); with `recordCrc`, room is made for the record's own.
 */
export function prepareRecord(msg: MessageExtBrokerInner, topicBytes: Buffer, recordCrc: boolean): PreparedRecord {
  const raw = withoutRecordCrc(msg.propertiesString ?? '');
  const props = recordCrc ? propsBeforeRecordCrc(raw) : raw;
  const propLen = (props.length === 0 ? 0 : Buffer.byteLength(props, 'utf8')) + (recordCrc ? RECORD_CRC_LEN : 0);
  const sysFlag = normalizedSysFlag(msg);
  return { msg, sysFlag, topicBytes, props, propLen, recordCrc, size: recordSize(sysFlag, msg.body.length, topicBytes.length, propLen) };
}

/**
 * Writes the record at `pos` and returns its size. The caller checked `size` fits; queueOffset, physical offset
 * and store time are the values assigned under the append order. `view` is a DataView over `target` (the hot path
 * keeps one per write chunk: its setters are much cheaper than Buffer's checked writers).
 */
export function encodeRecord(
  target: Buffer,
  pos: number,
  p: PreparedRecord,
  queueOffset: number,
  physicalOffset: number,
  storeTimestamp: number,
  view?: DataView,
): number {
  const v = view ?? new DataView(target.buffer, target.byteOffset, target.length);
  const m = p.msg;
  const body = m.body;
  const start = pos;
  v.setInt32(pos, p.size);
  v.setInt32(pos + 4, MESSAGE_MAGIC_CODE);
  v.setInt32(pos + 8, bodyCrc(body, 0, body.length));
  v.setInt32(pos + 12, m.queueId);
  v.setInt32(pos + 16, m.flag | 0);
  setLong(v, pos + 20, queueOffset);
  setLong(v, pos + 28, physicalOffset);
  v.setInt32(pos + 36, p.sysFlag);
  setLong(v, pos + 40, m.bornTimestamp);
  pos = copySmall(m.bornHost.ip, target, pos + 48);
  v.setInt32(pos, m.bornHost.port);
  setLong(v, pos + 4, storeTimestamp);
  pos = copySmall(m.storeHost.ip, target, pos + 12);
  v.setInt32(pos, m.storeHost.port);
  v.setInt32(pos + 4, m.reconsumeTimes | 0);
  setLong(v, pos + 8, m.preparedTransactionOffset);
  v.setInt32(pos + 16, body.length);
  pos += 20;
  if (body.length > 0) target.set(body, pos);
  pos += body.length;
  const topic = p.topicBytes;
  target[pos++] = topic.length;
  pos = copySmall(topic, target, pos);
  v.setInt16(pos, p.propLen);
  pos += 2;
  const textLen = p.recordCrc ? p.propLen - RECORD_CRC_LEN : p.propLen;
  if (textLen > 0) {
    // ASCII (the usual case) encodes identically as latin1, which V8 writes without UTF-8 transcoding.
    pos += target.write(p.props, pos, textLen, textLen === p.props.length ? 'latin1' : 'utf8');
  }
  if (p.recordCrc) {
    pos += RECORD_CRC_LEN;
    writeRecordCrc(target, start, pos - start);
  }
  return pos - start;
}

function copySmall(src: Uint8Array, dst: Uint8Array, pos: number): number {
  const n = src.length;
  if (n > 32) {
    dst.set(src, pos);
    return pos + n;
  }
  for (let i = 0; i < n; i++) dst[pos + i] = src[i];
  return pos + n;
}

// Offsets stay below 2^53; splitting avoids a BigInt per field on the hot path.
function setLong(v: DataView, pos: number, n: number): void {
  const hi = Math.floor(n / 0x100000000);
  v.setInt32(pos, hi);
  v.setUint32(pos + 4, n - hi * 0x100000000);
}

/**
 * Big-endian int32 (signed or unsigned) for hot paths whose positions are in range by construction: plain byte
 * stores cost about half of Buffer's range-checked writeInt32BE.
 */
export function putInt32(buf: Uint8Array, pos: number, v: number): void {
  buf[pos] = v >>> 24;
  buf[pos + 1] = v >>> 16;
  buf[pos + 2] = v >>> 8;
  buf[pos + 3] = v;
}

/** Big-endian int64 of a safe integer, as putInt32 does for int32. */
export function putLong(buf: Uint8Array, pos: number, n: number): void {
  const hi = Math.floor(n / 0x100000000);
  putInt32(buf, pos, hi);
  putInt32(buf, pos + 4, n - hi * 0x100000000);
}

export function readLong(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 0x100000000 + buf.readUInt32BE(pos + 4);
}

export function writeBlankMarker(target: Buffer, pos: number, remaining: number): void {
  target.writeInt32BE(remaining, pos);
  target.writeInt32BE(BLANK_MAGIC_CODE, pos + 4);
}

/** What recovery and the dispatcher need from a record. */
export interface RecordInfo {
  size: number;
  queueId: number;
  queueOffset: number;
  physicalOffset: number;
  sysFlag: number;
  storeTimestamp: number;
  topic: string;
  propertiesString: string;
}

export type RecordCheck =
  | { kind: 'record'; info: RecordInfo }
  | { kind: 'blank'; size: number }
  | { kind: 'end' }
  | { kind: 'need'; bytes: number }
  | { kind: 'bad'; reason: string };

export interface CheckLimits {
  /** Bytes left in the segment from this record's start. */
  segmentRemaining: number;
  maxMessageSize: number;
  /** The record must carry the whole-record CRC (the store wrote it for every record from some offset on). */
  requireRecordCrc?: boolean;
}

// Store times outside 2000..2100 are garbage. The bounds are absolute: a clock set back must not cut the log.
const MIN_STORE_TIMESTAMP = 946_684_800_000;
const MAX_STORE_TIMESTAMP = 4_102_444_800_000;

/**
 * Strict whole-record check: a torn write can leave a body whose CRC still matches, so every length field must add
 * up to totalSize, the physical offset field must name this position, and the store time must be plausible.
 * `buf[pos..]` holds at least the first 8 bytes; answers `need` when more bytes are required.
 */
export function checkRecord(buf: Buffer, pos: number, avail: number, expectedOffset: number, lim: CheckLimits): RecordCheck {
  if (avail < 8) return lim.segmentRemaining < 8 ? { kind: 'end' } : { kind: 'need', bytes: 8 };
  const totalSize = buf.readInt32BE(pos);
  const magic = buf.readInt32BE(pos + 4);
  if (totalSize === 0 && magic === 0) return { kind: 'end' };
  if (magic === BLANK_MAGIC_CODE) {
    if (totalSize !== lim.segmentRemaining) return { kind: 'bad', reason: `blank marker size ${totalSize} ≠ ${lim.segmentRemaining}` };
    return { kind: 'blank', size: totalSize };
  }
  if (magic !== MESSAGE_MAGIC_CODE && magic !== MESSAGE_MAGIC_CODE_V2) return { kind: 'bad', reason: `bad magic ${magic}` };
  if (totalSize < MIN_RECORD_SIZE || totalSize > lim.maxMessageSize + 1024 || totalSize + BLANK_MARKER_SIZE > lim.segmentRemaining) {
    return { kind: 'bad', reason: `bad totalSize ${totalSize}` };
  }
  if (avail < totalSize) return { kind: 'need', bytes: totalSize };
  const physicalOffset = readLong(buf, pos + POS_PHYSICAL_OFFSET);
  if (physicalOffset !== expectedOffset) return { kind: 'bad', reason: `physical offset ${physicalOffset} ≠ ${expectedOffset}` };
  const sysFlag = buf.readInt32BE(pos + POS_SYS_FLAG);
  const fixed = fixedSize(sysFlag);
  const bodyLen = buf.readInt32BE(pos + fixed);
  if (bodyLen < 0 || fixed + 4 + bodyLen + 3 > totalSize) return { kind: 'bad', reason: `bad body length ${bodyLen}` };
  const bodyStart = pos + fixed + 4;
  let p = bodyStart + bodyLen;
  const v2 = magic === MESSAGE_MAGIC_CODE_V2;
  const topicLen = v2 ? buf.readInt16BE(p) : buf.readInt8(p);
  p += v2 ? 2 : 1;
  if (topicLen <= 0 || p + topicLen + 2 > pos + totalSize) return { kind: 'bad', reason: `bad topic length ${topicLen}` };
  const topicStart = p;
  p += topicLen;
  const propLen = buf.readInt16BE(p);
  p += 2;
  if (propLen < 0 || p + propLen !== pos + totalSize) return { kind: 'bad', reason: `fields add up to ${p + propLen - pos}, not ${totalSize}` };
  const storeTimestamp = readLong(buf, pos + storeTimestampPos(sysFlag));
  if (storeTimestamp < MIN_STORE_TIMESTAMP || storeTimestamp > MAX_STORE_TIMESTAMP) return { kind: 'bad', reason: `implausible store time ${storeTimestamp}` };
  const crc = buf.readInt32BE(pos + 8);
  if (crc !== bodyCrc(buf, bodyStart, bodyStart + bodyLen)) return { kind: 'bad', reason: 'body CRC mismatch' };
  const whole = recordCrcState(buf, pos, p, p + propLen);
  if (whole === 'bad') return { kind: 'bad', reason: 'record CRC mismatch' };
  if (whole === 'absent' && lim.requireRecordCrc) return { kind: 'bad', reason: 'record CRC missing' };
  return {
    kind: 'record',
    info: {
      size: totalSize,
      queueId: buf.readInt32BE(pos + POS_QUEUE_ID),
      queueOffset: readLong(buf, pos + POS_QUEUE_OFFSET),
      physicalOffset,
      sysFlag,
      storeTimestamp,
      topic: buf.toString('utf8', topicStart, topicStart + topicLen),
      propertiesString: propLen > 0 ? buf.toString('utf8', p, p + propLen) : '',
    },
  };
}

/** One property of a property string, without building the whole map. */
export function propertyOf(props: string, name: string): string | undefined {
  if (!props) return undefined;
  const key = name + NAME_VALUE_SEPARATOR;
  let i = props.startsWith(key) ? 0 : props.indexOf(PROPERTY_SEPARATOR + key);
  if (i < 0) return undefined;
  if (i > 0 || !props.startsWith(key)) i += 1;
  const start = i + key.length;
  const end = props.indexOf(PROPERTY_SEPARATOR, start);
  const v = props.slice(start, end < 0 ? props.length : end);
  return v === '' ? undefined : v;
}

/** Index keys of a record: its KEYS (space-separated) and UNIQ_KEY. */
export function indexKeysOf(props: string): { keys: string[]; uniqKey: string | undefined } {
  const k = propertyOf(props, MessageConst.KEYS);
  return { keys: k ? k.split(' ').filter((s) => s.length > 0) : [], uniqKey: propertyOf(props, MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX) };
}

/** Why a whole record's field lengths do not add up to its size, or undefined when they do (cheap: no CRC). */
export function recordFieldsMismatch(rec: Buffer): string | undefined {
  const total = rec.length;
  const fixed = fixedSize(rec.readInt32BE(POS_SYS_FLAG));
  if (fixed + 4 + 3 > total) return 'header longer than the record';
  const bodyLen = rec.readInt32BE(fixed);
  let p = fixed + 4 + bodyLen;
  if (bodyLen < 0 || p + 3 > total) return `bad body length ${bodyLen}`;
  const v2 = rec.readInt32BE(4) === MESSAGE_MAGIC_CODE_V2;
  const topicLen = v2 ? rec.readInt16BE(p) : rec.readInt8(p);
  p += v2 ? 2 : 1;
  if (topicLen <= 0 || p + topicLen + 2 > total) return `bad topic length ${topicLen}`;
  p += topicLen;
  const propLen = rec.readInt16BE(p);
  if (propLen < 0 || p + 2 + propLen !== total) return `fields add up to ${p + 2 + propLen}, not ${total}`;
  return undefined;
}

/** [start, end) of a whole record's properties, relative to the record. */
function propertiesRange(rec: Buffer): { start: number; end: number } {
  const fixed = fixedSize(rec.readInt32BE(POS_SYS_FLAG));
  let p = fixed + 4 + rec.readInt32BE(fixed);
  p += rec.readInt32BE(4) === MESSAGE_MAGIC_CODE_V2 ? rec.readInt16BE(p) + 2 : rec.readInt8(p) + 1;
  const len = rec.readInt16BE(p);
  return { start: p + 2, end: p + 2 + len };
}

/**
 * Stored records as a pull or query answer carries them: back to back, each without its whole-record CRC item
 * (record-crc.ts), so clients see the properties that were sent. totalSize and the properties length are patched;
 * nothing else changes (the body CRC covers the body only, which is untouched).
 */
export function recordsForClient(recs: readonly Buffer[]): Buffer {
  let total = 0;
  let cuts = 0;
  const ranges: ({ start: number; end: number } | undefined)[] = new Array(recs.length);
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i];
    const r = propertiesRange(rec);
    const has = hasRecordCrcItem(rec, r.start, r.end);
    ranges[i] = has ? r : undefined;
    total += rec.length - (has ? RECORD_CRC_LEN : 0);
    if (has) cuts++;
  }
  if (cuts === 0) return recs.length === 1 ? recs[0] : Buffer.concat(recs, total);
  const out = Buffer.allocUnsafe(total);
  let pos = 0;
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i];
    const r = ranges[i];
    if (!r) {
      rec.copy(out, pos);
      pos += rec.length;
      continue;
    }
    const keepEnd = r.end - RECORD_CRC_LEN;
    rec.copy(out, pos, 0, keepEnd);
    rec.copy(out, pos + keepEnd, r.end);
    const size = rec.length - RECORD_CRC_LEN;
    out.writeInt32BE(size, pos);
    out.writeInt16BE(r.end - r.start - RECORD_CRC_LEN, pos + r.start - 2);
    pos += size;
  }
  return out;
}

/** The property string of a record read back from the log, without its CRC item (the SQL92 filter reads this). */
export function recordPropertiesString(rec: Buffer): string {
  const r = propertiesRange(rec);
  const end = hasRecordCrcItem(rec, r.start, r.end) ? r.end - RECORD_CRC_LEN : r.end;
  return end > r.start ? rec.toString('utf8', r.start, end) : '';
}

/** True when the whole record belongs to `topic` and carries `key` among its KEYS or as its UNIQ_KEY. */
export function recordHasKey(rec: Buffer, topic: string, key: string): boolean {
  if (rec.length < MIN_RECORD_SIZE || recordFieldsMismatch(rec)) return false;
  const fixed = fixedSize(rec.readInt32BE(POS_SYS_FLAG));
  let p = fixed + 4 + rec.readInt32BE(fixed);
  const v2 = rec.readInt32BE(4) === MESSAGE_MAGIC_CODE_V2;
  const topicLen = v2 ? rec.readInt16BE(p) : rec.readInt8(p);
  p += v2 ? 2 : 1;
  if (rec.toString('utf8', p, p + topicLen) !== topic) return false;
  const { keys, uniqKey } = indexKeysOf(recordPropertiesString(rec));
  return uniqKey === key || keys.includes(key);
}
