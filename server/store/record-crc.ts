/**
 * The whole-record checksum: RocketMQ 5's `enabledAppendPropCRC` format, so Orbit's records stay Apache records.
 * The record's properties end with one more item, `__CRC32#` NAME_VALUE_SEPARATOR ten decimal digits (least
 * significant first) PROPERTY_SEPARATOR — 20 bytes — holding the CRC-32 (sign bit masked, as Java's UtilAll.crc32)
 * of every byte of the record before those 20:
 *
 *   ┌ totalSize … body … topic … propLen ┬ properties … \u0002 ┬ __CRC32# \u0001 dddddddddd \u0002 ┐
 *   └──────────── CRC-32 covers all of this ──────────────────┴────── RECORD_CRC_LEN = 20 ───────┘
 *
 * The body CRC of the Apache layout covers the body only; this one also covers the header, the topic and the
 * properties, so a torn write anywhere in a record is caught. Records written without it (older Orbit stores,
 * Apache 4.9 stores) still open: they are checked by their body CRC and structure. Clients never see the item:
 * it is cut from records before they go on the wire (forClient), so a consumer's properties are what was sent.
 */
import { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from '../common/message/message-const';
import { bodyCrc } from './crc32';

export const RECORD_CRC_NAME = '__CRC32#';
export const RECORD_CRC_LEN = RECORD_CRC_NAME.length + 1 + 10 + 1;

const ITEM_HEAD = `${RECORD_CRC_NAME}${NAME_VALUE_SEPARATOR}`;
const HEAD_BYTES = Buffer.from(ITEM_HEAD, 'latin1');
const ZERO = 0x30;
const SEP = PROPERTY_SEPARATOR.charCodeAt(0);

/**
 * A property string without CRC items: a stored record re-put by the broker carries its old one, and a client may
 * send a property of that name; either would be checked as the record's CRC, so the store always drops them.
 */
export function withoutRecordCrc(props: string): string {
  let from = 0;
  for (;;) {
    const at = props.indexOf(ITEM_HEAD, from);
    if (at < 0) return props;
    if (at > 0 && props[at - 1] !== PROPERTY_SEPARATOR) {
      from = at + 1;
      continue;
    }
    let end = props.indexOf(PROPERTY_SEPARATOR, at + ITEM_HEAD.length);
    end = end < 0 ? props.length : end + 1;
    props = props.slice(0, at) + props.slice(end);
    from = at;
  }
}

/** The property text to store before the CRC item: Apache adds a separator when the text does not end in one. */
export function propsBeforeRecordCrc(props: string): string {
  return props.length > 0 && !props.endsWith(PROPERTY_SEPARATOR) ? props + PROPERTY_SEPARATOR : props;
}

/** Writes the CRC item into the last 20 bytes of the record at `start` (every other byte already written). */
export function writeRecordCrc(buf: Uint8Array, start: number, totalSize: number): void {
  const at = start + totalSize - RECORD_CRC_LEN;
  let crc = bodyCrc(buf, start, at);
  buf.set(HEAD_BYTES, at);
  let p = at + HEAD_BYTES.length;
  for (let i = 0; i < 10; i++) {
    buf[p++] = ZERO + (crc % 10);
    crc = Math.floor(crc / 10);
  }
  buf[p] = SEP;
}

/** Whether properties [propStart, propEnd) end with a CRC item (its digits not checked). */
export function hasRecordCrcItem(buf: Uint8Array, propStart: number, propEnd: number): boolean {
  const at = propEnd - RECORD_CRC_LEN;
  if (at < propStart || buf[propEnd - 1] !== SEP) return false;
  for (let i = 0; i < HEAD_BYTES.length; i++) if (buf[at + i] !== HEAD_BYTES[i]) return false;
  return at === propStart || buf[at - 1] === SEP;
}

/** Whether the record's properties [propStart, propEnd) end with a CRC item, and whether it matches. */
export function recordCrcState(buf: Uint8Array, start: number, propStart: number, propEnd: number): 'absent' | 'ok' | 'bad' {
  if (!hasRecordCrcItem(buf, propStart, propEnd)) return 'absent';
  const at = propEnd - RECORD_CRC_LEN;
  let want = 0;
  for (let i = 9; i >= 0; i--) {
    const d = buf[at + HEAD_BYTES.length + i] - ZERO;
    if (d < 0 || d > 9) return 'bad';
    want = want * 10 + d;
  }
  return want === bodyCrc(buf, start, at) ? 'ok' : 'bad';
}
