/**
 * Header serialization: JSON (what Java and ali-ons write by default) and the ROCKETMQ binary layout.
 *
 * ROCKETMQ binary header:
 * ┌────────┬──────┬─────────┬────────┬──────┬─────────────────────┬──────────────────────────────┐
 * │code i16│lang i8│version i16│opaque i32│flag i32│remarkLen i32 + UTF-8│extLen i32 + (i16 k, i32 v)* │
 * └────────┴──────┴─────────┴────────┴──────┴─────────────────────┴──────────────────────────────┘
 */
import { RemotingFrameError } from '../common/errors';
import { languageFromOrdinal, languageOrdinal } from './language-code';
import type { ExtFields, RemotingCommand } from './remoting-command';

export interface DecodedHeader {
  code: number;
  language: string;
  version: number;
  opaque: number;
  flag: number;
  remark: string | undefined;
  extFields: ExtFields | undefined;
}

function toInt(v: unknown, field: string): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || !Number.isInteger(n)) throw new RemotingFrameError(`header field ${field} is not an integer`);
  return n;
}

/** Own-property write: a key such as "__proto__" from the wire must stay a plain field. */
function setField(obj: ExtFields, key: string, value: string): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Java and Orbit send only strings. JSON.parse made the object's fields own, enumerable and writable, in the order
 * a copy would have, so such an object is used as it is instead of being copied field by field.
 */
function onlyStrings(o: object): boolean {
  for (const k in o) {
    if (typeof (o as Record<string, unknown>)[k] !== 'string') return false;
  }
  return true;
}

/** ali-ons sends numbers and booleans in extFields; Java reads strings. Normalise every scalar to its string form. */
function toExtFields(v: unknown): ExtFields | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new RemotingFrameError('header extFields is not an object');
  if (onlyStrings(v)) return v as ExtFields;
  const out: ExtFields = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (val === null || val === undefined) continue;
    setField(out, k, typeof val === 'object' ? JSON.stringify(val) : String(val));
  }
  return out;
}

export function decodeJsonHeader(buf: Buffer): DecodedHeader {
  let obj: unknown;
  try {
    obj = JSON.parse(buf.toString('utf8'));
  } catch {
    throw new RemotingFrameError('header is not valid JSON');
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new RemotingFrameError('header is not a JSON object');
  const h = obj as Record<string, unknown>;
  const language = typeof h.language === 'string' ? h.language : languageFromOrdinal(toInt(h.language, 'language'));
  return {
    code: toInt(h.code, 'code'),
    language,
    version: toInt(h.version, 'version'),
    opaque: toInt(h.opaque, 'opaque'),
    flag: toInt(h.flag, 'flag'),
    remark: typeof h.remark === 'string' ? h.remark : h.remark == null ? undefined : String(h.remark),
    extFields: toExtFields(h.extFields),
  };
}

/** Key order as fastjson writes a RemotingCommand: bean properties sorted by name, nulls left out. */
export function encodeJsonHeader(cmd: RemotingCommand): Buffer {
  const h: Record<string, unknown> = { code: cmd.code };
  if (cmd.extFields) h.extFields = cmd.extFields;
  h.flag = cmd.flag;
  h.language = cmd.language;
  h.opaque = cmd.opaque;
  if (cmd.remark !== undefined) h.remark = cmd.remark;
  h.serializeTypeCurrentRPC = 'JSON';
  h.version = cmd.version;
  return Buffer.from(JSON.stringify(h), 'utf8');
}

export function decodeBinaryHeader(buf: Buffer): DecodedHeader {
  const need = (pos: number, n: number) => {
    if (pos + n > buf.length) throw new RemotingFrameError('ROCKETMQ header truncated');
  };
  need(0, 17);
  const code = buf.readInt16BE(0);
  const language = languageFromOrdinal(buf.readInt8(2));
  const version = buf.readInt16BE(3);
  const opaque = buf.readInt32BE(5);
  const flag = buf.readInt32BE(9);
  const remarkLen = buf.readInt32BE(13);
  if (remarkLen < 0) throw new RemotingFrameError('ROCKETMQ header remark length negative');
  let pos = 17;
  need(pos, remarkLen);
  const remark = remarkLen > 0 ? buf.toString('utf8', pos, pos + remarkLen) : undefined;
  pos += remarkLen;
  need(pos, 4);
  const extLen = buf.readInt32BE(pos);
  if (extLen < 0) throw new RemotingFrameError('ROCKETMQ header extFields length negative');
  pos += 4;
  need(pos, extLen);
  let extFields: ExtFields | undefined;
  if (extLen > 0) {
    extFields = {};
    const end = pos + extLen;
    while (pos < end) {
      if (pos + 2 > end) throw new RemotingFrameError('ROCKETMQ extFields key truncated');
      const kl = buf.readUInt16BE(pos);
      pos += 2;
      if (pos + kl + 4 > end) throw new RemotingFrameError('ROCKETMQ extFields entry truncated');
      const k = buf.toString('utf8', pos, pos + kl);
      pos += kl;
      const vl = buf.readInt32BE(pos);
      pos += 4;
      if (vl < 0 || pos + vl > end) throw new RemotingFrameError('ROCKETMQ extFields value truncated');
      setField(extFields, k, buf.toString('utf8', pos, pos + vl));
      pos += vl;
    }
  }
  return { code, language, version, opaque, flag, remark, extFields };
}

export function encodeBinaryHeader(cmd: RemotingCommand): Buffer {
  const remark = cmd.remark !== undefined ? Buffer.from(cmd.remark, 'utf8') : undefined;
  const entries: [Buffer, Buffer][] = [];
  let extLen = 0;
  if (cmd.extFields) {
    for (const [k, v] of Object.entries(cmd.extFields)) {
      if (v === undefined || v === null) continue;
      const kb = Buffer.from(k, 'utf8');
      const vb = Buffer.from(String(v), 'utf8');
      entries.push([kb, vb]);
      extLen += 2 + kb.length + 4 + vb.length;
    }
  }
  const out = Buffer.allocUnsafe(17 + (remark?.length ?? 0) + 4 + extLen);
  out.writeInt16BE(cmd.code, 0);
  out.writeInt8(languageOrdinal(cmd.language), 2);
  out.writeInt16BE(cmd.version, 3);
  out.writeInt32BE(cmd.opaque | 0, 5);
  out.writeInt32BE(cmd.flag, 9);
  let pos = 13;
  out.writeInt32BE(remark?.length ?? 0, pos);
  pos += 4;
  if (remark) pos += remark.copy(out, pos);
  out.writeInt32BE(extLen, pos);
  pos += 4;
  for (const [kb, vb] of entries) {
    out.writeInt16BE(kb.length, pos);
    pos += 2;
    pos += kb.copy(out, pos);
    out.writeInt32BE(vb.length, pos);
    pos += 4;
    pos += vb.copy(out, pos);
  }
  return out;
}
