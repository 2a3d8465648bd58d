/**
 * RocketMQ 4.9's HA stream, both directions. There is no handshake, magic or version: the slave writes 8-byte
 * big-endian commit-log offsets (its log's end), the master writes frames of an 8-byte offset, a 4-byte body size
 * and that many raw commit-log bytes. Decoders here take whatever TCP hands them and never trust a length.
 */
import { ReplicationError } from '../common/errors';

export const REPORT_SIZE = 8;
export const FRAME_HEADER_SIZE = 12;
/** A frame body larger than this is taken for garbage (Apache's default batch is 32 KiB; a peer may raise it). */
export const MAX_FRAME_BODY = 64 * 1024 * 1024;

const EMPTY = Buffer.alloc(0);

export function encodeReport(offset: number): Buffer {
  const b = Buffer.allocUnsafe(REPORT_SIZE);
  b.writeBigInt64BE(BigInt(offset), 0);
  return b;
}

export function encodeFrameHeader(offset: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(FRAME_HEADER_SIZE);
  b.writeBigInt64BE(BigInt(offset), 0);
  b.writeInt32BE(size, 8);
  return b;
}

function readOffset(buf: Buffer, pos: number, what: string): number {
  const v = buf.readBigInt64BE(pos);
  if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ReplicationError('HA_BAD_FRAME', `${what} ${v} is not a commit-log offset`);
  return Number(v);
}

/** Slave → master: the offsets in the order they came (a partial value waits for its last bytes). */
export class ReportDecoder {
  private rest: Buffer = EMPTY;

  push(chunk: Buffer): number[] {
    const buf = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const out: number[] = [];
    let pos = 0;
    for (; pos + REPORT_SIZE <= buf.length; pos += REPORT_SIZE) out.push(readOffset(buf, pos, 'reported offset'));
    this.rest = pos === buf.length ? EMPTY : Buffer.from(buf.subarray(pos));
    return out;
  }
}

export interface HaFrame {
  offset: number;
  body: Buffer;
}

/** Master → slave: whole frames; a frame split across reads waits for the rest. */
export class FrameDecoder {
  private rest: Buffer = EMPTY;

  constructor(private readonly maxBody = MAX_FRAME_BODY) {}

  /** Bytes held for an incomplete frame. */
  get pending(): number {
    return this.rest.length;
  }

  push(chunk: Buffer): HaFrame[] {
    const buf = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const out: HaFrame[] = [];
    let pos = 0;
    while (buf.length - pos >= FRAME_HEADER_SIZE) {
      const offset = readOffset(buf, pos, 'frame offset');
      const size = buf.readInt32BE(pos + 8);
      if (size < 0 || size > this.maxBody) throw new ReplicationError('HA_BAD_FRAME', `frame body size ${size} (limit ${this.maxBody})`);
      if (buf.length - pos - FRAME_HEADER_SIZE < size) break;
      // A copy: the socket's buffer is reused, and the store keeps what it is given until it is written out.
      out.push({ offset, body: Buffer.from(buf.subarray(pos + FRAME_HEADER_SIZE, pos + FRAME_HEADER_SIZE + size)) });
      pos += FRAME_HEADER_SIZE + size;
    }
    this.rest = pos === buf.length ? EMPTY : Buffer.from(buf.subarray(pos));
    return out;
  }
}
