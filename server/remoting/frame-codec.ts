/**
 * Remoting frames, big-endian:
 * ┌──────────────┬───────────────────┬───────────────────────┬────────┬──────┐
 * │ length  i32  │ serializeType u8  │ headerLength  u24     │ header │ body │
 * └──────────────┴───────────────────┴───────────────────────┴────────┴──────┘
 * `length` counts everything after itself: 4 + headerLength + bodyLength.
 */
import { RemotingFrameError } from '../common/errors';
import { decodeBinaryHeader, decodeJsonHeader, encodeBinaryHeader, encodeJsonHeader } from './header-codec';
import { RemotingCommand, SerializeType, type SerializeTypeValue } from './remoting-command';

/** Java's default `com.rocketmq.remoting.frameMaxLength`. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

export function encodeCommand(cmd: RemotingCommand): Buffer {
  const header = cmd.serializeType === SerializeType.ROCKETMQ ? encodeBinaryHeader(cmd) : encodeJsonHeader(cmd);
  const bodyLen = cmd.body?.length ?? 0;
  const out = Buffer.allocUnsafe(8 + header.length + bodyLen);
  out.writeInt32BE(4 + header.length + bodyLen, 0);
  out.writeUInt32BE(((cmd.serializeType & 0xff) << 24 | (header.length & 0xffffff)) >>> 0, 4);
  header.copy(out, 8);
  if (bodyLen) cmd.body!.copy(out, 8 + header.length);
  return out;
}

/** Decode one frame's content (everything after the length field). */
export function decodeFrame(frame: Buffer): RemotingCommand {
  if (frame.length < 4) throw new RemotingFrameError('frame shorter than its header-length field');
  const typeByte = frame[0];
  const headerLength = frame.readUIntBE(1, 3);
  if (headerLength > frame.length - 4) throw new RemotingFrameError(`header length ${headerLength} exceeds frame`);
  if (typeByte !== SerializeType.JSON && typeByte !== SerializeType.ROCKETMQ) {
    throw new RemotingFrameError(`unknown serialize type ${typeByte}`);
  }
  const headerBuf = frame.subarray(4, 4 + headerLength);
  const h = typeByte === SerializeType.ROCKETMQ ? decodeBinaryHeader(headerBuf) : decodeJsonHeader(headerBuf);
  const body = frame.length > 4 + headerLength ? frame.subarray(4 + headerLength) : undefined;
  return new RemotingCommand({
    code: h.code,
    language: h.language,
    version: h.version,
    opaque: h.opaque,
    flag: h.flag,
    remark: h.remark,
    extFields: h.extFields,
    body,
    serializeType: typeByte as SerializeTypeValue,
  });
}

/**
 * Incremental splitter for a byte stream. Chunks are kept in a list and only joined when a frame is complete,
 * so a large body arriving in many chunks is copied once.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES) {}

  /** Feed bytes; returns every complete frame's content. Throws RemotingFrameError on a frame that can't be valid. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    while (this.buffered >= 4) {
      const length = this.peekInt32();
      if (length < 4 || length > this.maxFrameBytes) {
        throw new RemotingFrameError(`frame length ${length} out of range (4..${this.maxFrameBytes})`);
      }
      if (this.buffered < 4 + length) break;
      const whole = this.take(4 + length);
      frames.push(whole.subarray(4));
    }
    return frames;
  }

  get pendingBytes(): number {
    return this.buffered;
  }

  private peekInt32(): number {
    const first = this.chunks[0];
    if (first.length >= 4) return first.readInt32BE(0);
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.readInt32BE(0);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let pos = 0;
    while (pos < n) {
      const c = this.chunks[0];
      const want = n - pos;
      if (c.length <= want) {
        c.copy(out, pos);
        pos += c.length;
        this.chunks.shift();
      } else {
        c.copy(out, pos, 0, want);
        this.chunks[0] = c.subarray(want);
        pos += want;
      }
    }
    this.buffered -= n;
    return out;
  }
}
