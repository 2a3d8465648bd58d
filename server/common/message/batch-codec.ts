/**
 * SEND_BATCH_MESSAGE body: one entry per message, all sharing the header's topic and queue.
 * ┌─────────┬──────────┬─────────┬──────┬────────────────┬──────────────────────┐
 * │total i32│magic=0 i32│crc=0 i32│flag i32│bodyLen i32 + body│propLen i16 + props │
 * └─────────┴──────────┴─────────┴──────┴────────────────┴──────────────────────┘
 */
export interface BatchEntry {
  flag: number;
  body: Buffer;
  properties: string;
}

export class BatchDecodeError extends Error {}

export function encodeBatch(entries: BatchEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const props = Buffer.from(e.properties, 'utf8');
    const total = 4 + 4 + 4 + 4 + 4 + e.body.length + 2 + props.length;
    const head = Buffer.alloc(20);
    head.writeInt32BE(total, 0);
    head.writeInt32BE(0, 4);
    head.writeInt32BE(0, 8);
    head.writeInt32BE(e.flag, 12);
    head.writeInt32BE(e.body.length, 16);
    const plen = Buffer.alloc(2);
    plen.writeInt16BE(props.length, 0);
    parts.push(head, e.body, plen, props);
  }
  return Buffer.concat(parts);
}

export function decodeBatch(buf: Buffer): BatchEntry[] {
  const out: BatchEntry[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (pos + 20 > buf.length) throw new BatchDecodeError('batch entry truncated');
    const total = buf.readInt32BE(pos);
    const flag = buf.readInt32BE(pos + 12);
    const bodyLen = buf.readInt32BE(pos + 16);
    if (total < 22 || pos + total > buf.length || bodyLen < 0 || 20 + bodyLen + 2 > total) {
      throw new BatchDecodeError(`bad batch entry at ${pos}`);
    }
    const body = buf.subarray(pos + 20, pos + 20 + bodyLen);
    const propLen = buf.readInt16BE(pos + 20 + bodyLen);
    if (propLen < 0 || 20 + bodyLen + 2 + propLen !== total) throw new BatchDecodeError(`bad batch entry at ${pos}`);
    const properties = buf.toString('utf8', pos + 22 + bodyLen, pos + 22 + bodyLen + propLen);
    out.push({ flag, body, properties });
    pos += total;
  }
  return out;
}
