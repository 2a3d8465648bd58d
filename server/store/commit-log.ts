/**
 * The CommitLog: records are encoded into in-memory chunks at append time (offsets assigned serially, in memory),
 * and the flush service writes each chunk's new bytes with one positional write and then fdatasyncs. Reads of bytes
 * not yet written are served from the chunks, so acknowledged data is always readable.
 */
import fs from 'node:fs';
import { ReplicationError } from '../common/errors';
import { fdatasync, pwriteAll } from './file-io';
import { MappedFile } from './mapped-file';
import { MappedFileQueue } from './mapped-file-queue';
import { BLANK_MARKER_SIZE, writeBlankMarker } from './record-codec';

const CHUNK_SIZE = 4 * 1024 * 1024;
const POOL_MAX = 4;

interface Chunk {
  buf: Buffer;
  view: DataView;
  segment: MappedFile;
  /** CommitLog offset of buf[0]. */
  phyStart: number;
  /** Bytes appended. */
  len: number;
  /** Bytes written to the file. */
  written: number;
  /** No more appends: the segment ended (blank marker) or the buffer filled. */
  sealed: boolean;
  /** Offset the log continues at after this chunk (the next segment's start when a blank marker ended it). */
  end: number;
}

export interface Reservation {
  buf: Buffer;
  view: DataView;
  pos: number;
  offset: number;
}

/** Reads this close behind the write position are served synchronously (see read). */
const HOT_READ_WINDOW = 64 * 1024 * 1024;

export class CommitLog {
  readonly queue: MappedFileQueue;
  readonly segmentSize: number;
  /** Next offset to assign. */
  appendOffset = 0;
  /** Bytes below this are in the files (page cache). */
  writtenOffset = 0;
  /** Called when writtenOffset moved (the master's HA senders wake on it: they serve only written bytes). */
  onWritten: (() => void) | undefined;
  /** Bytes below this are on disk (fdatasync). */
  flushedOffset = 0;
  private chunks: Chunk[] = [];
  private pool: Buffer[] = [];
  private dirty = new Set<MappedFile>();
  private writing: Promise<void> | undefined;
  /** Injected by tests to simulate ENOSPC and similar write faults. */
  writeFault: (() => Error | undefined) | undefined;

  constructor(dir: string, segmentSize: number) {
    this.segmentSize = segmentSize;
    this.queue = new MappedFileQueue(dir, segmentSize);
  }

  get minOffset(): number {
    return this.queue.first?.fileFromOffset ?? 0;
  }

  /** After recovery: the log continues at `offset`, everything before it is on disk. */
  setRecovered(offset: number): void {
    this.appendOffset = this.writtenOffset = this.flushedOffset = offset;
  }

  /** Bytes appended but not yet written to a file. */
  get pendingBytes(): number {
    return this.appendOffset - this.writtenOffset;
  }

  /**
   * Reserves `size` contiguous bytes in one segment, ending the current segment with a blank marker first when the
   * record (plus room for a marker) does not fit. The caller encodes into buf[pos, pos+size).
   */
  reserve(size: number): Reservation {
    let seg = this.currentSegment();
    let remaining = seg.endOffset - this.appendOffset;
    if (size + BLANK_MARKER_SIZE > remaining) {
      const c = this.chunkFor(seg, BLANK_MARKER_SIZE);
      writeBlankMarker(c.buf, c.len, remaining);
      c.len += BLANK_MARKER_SIZE;
      c.sealed = true;
      c.end = seg.endOffset;
      this.appendOffset = seg.endOffset;
      seg = this.queue.obtain(this.appendOffset);
      remaining = this.segmentSize;
    }
    const c = this.chunkFor(seg, size);
    const r = { buf: c.buf, view: c.view, pos: c.len, offset: this.appendOffset };
    c.len += size;
    c.end = c.phyStart + c.len;
    this.appendOffset += size;
    return r;
  }

  private currentSegment(): MappedFile {
    const last = this.queue.last;
    if (last && this.appendOffset < last.endOffset) return last;
    return this.queue.obtain(this.appendOffset);
  }

  private chunkFor(seg: MappedFile, size: number): Chunk {
    const cur = this.chunks[this.chunks.length - 1];
    if (cur && !cur.sealed && cur.segment === seg && cur.buf.length - cur.len >= size) return cur;
    if (cur && !cur.sealed) cur.sealed = true;
    const want = Math.min(Math.max(CHUNK_SIZE, size), seg.endOffset - this.appendOffset);
    const buf = want === CHUNK_SIZE && this.pool.length > 0 ? this.pool.pop()! : Buffer.allocUnsafe(want);
    const c: Chunk = { buf, view: new DataView(buf.buffer, buf.byteOffset, buf.length), segment: seg, phyStart: this.appendOffset, len: 0, written: 0, sealed: false, end: this.appendOffset };
    this.chunks.push(c);
    return c;
  }

  /**
   * Writes every appended byte to its segment file. One write per chunk; concurrent callers share the same pass.
   */
  writeOut(): Promise<void> {
    if (!this.writing) {
      this.writing = this.doWriteOut().finally(() => {
        this.writing = undefined;
      });
    }
    return this.writing;
  }

  private async doWriteOut(): Promise<void> {
    const before = this.writtenOffset;
    try {
      await this.writeChunks();
    } finally {
      if (this.writtenOffset > before) this.onWritten?.();
    }
  }

  private async writeChunks(): Promise<void> {
    while (this.chunks.length > 0) {
      const c = this.chunks[0];
      const end = c.len;
      if (c.written < end) {
        const fault = this.writeFault?.();
        if (fault) throw fault;
        if (!c.segment.file.acquire()) throw new Error(`segment ${c.segment.path} was closed with unwritten data`);
        try {
          await pwriteAll(c.segment.file.fd, c.buf, c.written, end - c.written, c.phyStart - c.segment.fileFromOffset + c.written);
        } finally {
          c.segment.file.release();
        }
        c.written = end;
        this.dirty.add(c.segment);
      }
      this.writtenOffset = c.phyStart + c.written;
      if (c.sealed && c.written === c.len) {
        this.writtenOffset = c.end;
        this.chunks.shift();
        if (c.buf.length === CHUNK_SIZE && this.pool.length < POOL_MAX) this.pool.push(c.buf);
        continue;
      }
      if (c.written === c.len) break;
    }
  }

  /** fdatasync of every segment written since the last sync; returns the offset now durable. */
  async sync(): Promise<number> {
    const target = this.writtenOffset;
    const segs = [...this.dirty];
    this.dirty.clear();
    try {
      for (const s of segs) {
        if (!s.file.acquire()) continue;
        try {
          await fdatasync(s.file.fd);
        } finally {
          s.file.release();
        }
      }
    } catch (e) {
      for (const s of segs) this.dirty.add(s);
      throw e;
    }
    if (target > this.flushedOffset) this.flushedOffset = target;
    return this.flushedOffset;
  }

  /** Copies [offset, offset+len) from the chunks still held in memory, or undefined when they are not there. */
  private readPending(offset: number, len: number): Buffer | undefined {
    for (const c of this.chunks) {
      if (offset >= c.phyStart && offset + len <= c.phyStart + c.len) {
        const out = Buffer.allocUnsafe(len);
        c.buf.copy(out, 0, offset - c.phyStart, offset - c.phyStart + len);
        return out;
      }
    }
    return undefined;
  }

  /** Bytes of one record (or a prefix of it); undefined when outside the log or its segment is gone. */
  async read(offset: number, len: number): Promise<Buffer | undefined> {
    if (offset < 0 || len <= 0 || offset + len > this.appendOffset) return undefined;
    const p = this.readPending(offset, len);
    if (p) return p;
    if (offset + len > this.writtenOffset) return undefined;
    const seg = this.queue.findByOffset(offset);
    if (!seg || offset + len > seg.endOffset) return undefined;
    // Bytes written moments ago are in the page cache: copy them now. An async read would wait in libuv's
    // thread pool behind the flush's fdatasyncs, which is what a caught-up consumer's latency would show.
    if (offset >= this.writtenOffset - HOT_READ_WINDOW) return seg.readSync(offset, len);
    return seg.read(offset, len);
  }

  readSync(offset: number, len: number): Buffer | undefined {
    if (offset < 0 || len <= 0 || offset + len > this.appendOffset) return undefined;
    const p = this.readPending(offset, len);
    if (p) return p;
    if (offset + len > this.writtenOffset) return undefined;
    const seg = this.queue.findByOffset(offset);
    if (!seg || offset + len > seg.endOffset) return undefined;
    return seg.readSync(offset, len);
  }

  /**
   * Replication: bytes from `offset` on, at most `max`, within one segment and below `limit` (default the append
   * position). The rest
   * of a segment after its end marker is zeros on disk and reads so. Empty when nothing is there yet; undefined when
   * the offset is in no segment (below the log's start).
   */
  async readRange(offset: number, max: number, limit = this.appendOffset): Promise<Buffer | undefined> {
    const upTo = Math.min(limit, this.appendOffset);
    if (offset >= upTo) return Buffer.alloc(0);
    const seg = this.queue.findByOffset(offset);
    if (!seg) return undefined;
    const end = Math.min(upTo, seg.endOffset, offset + max);
    for (const c of this.chunks) {
      if (offset < c.phyStart || offset >= c.end) continue;
      const dataEnd = c.phyStart + c.len;
      if (offset >= dataEnd) return Buffer.alloc(Math.min(end, c.end) - offset);
      const n = Math.min(end, dataEnd) - offset;
      const out = Buffer.allocUnsafe(n);
      c.buf.copy(out, 0, offset - c.phyStart, offset - c.phyStart + n);
      return out;
    }
    // Not in memory: in the file, below the first chunk (or the written offset when no chunk is held).
    const fileEnd = Math.min(end, this.chunks.length > 0 ? this.chunks[0].phyStart : this.writtenOffset);
    if (offset >= fileEnd) return Buffer.alloc(0);
    const buf = offset >= this.writtenOffset - HOT_READ_WINDOW ? seg.readSync(offset, fileEnd - offset) : await seg.read(offset, fileEnd - offset);
    return buf;
  }

  /**
   * Replication, on a slave: `data` are the master's bytes at `offset`, which must be this log's end (an empty log
   * starts at any segment boundary) and must stay inside one segment, as the master cuts its frames.
   */
  appendRaw(offset: number, data: Buffer): void {
    if (offset !== this.appendOffset) {
      const empty = this.queue.files.length === 0 && this.appendOffset === 0;
      if (!empty) throw new ReplicationError('HA_OFFSET_MISMATCH', `data at ${offset}, but this log ends at ${this.appendOffset}`);
      if (offset % this.segmentSize !== 0) {
        throw new ReplicationError('HA_APPEND_REFUSED', `an empty log starts at a segment boundary (${this.segmentSize}), not at ${offset}`);
      }
      this.setRecovered(offset);
    }
    if (data.length === 0) return;
    const seg = this.currentSegment();
    if (offset + data.length > seg.endOffset) {
      throw new ReplicationError('HA_APPEND_REFUSED', `${data.length} bytes at ${offset} cross the segment end ${seg.endOffset} (segment sizes differ from the master's?)`);
    }
    let done = 0;
    while (done < data.length) {
      const c = this.chunkFor(seg, 1);
      const n = Math.min(data.length - done, c.buf.length - c.len);
      data.copy(c.buf, c.len, done, done + n);
      c.len += n;
      c.end = c.phyStart + c.len;
      done += n;
      this.appendOffset += n;
      if (this.appendOffset === seg.endOffset) c.sealed = true;
    }
  }

  /**
   * Cuts the log at `end` (a record boundary): everything is written out first, then the rest of `end`'s segment is
   * zeroed and later segments deleted. The caller cuts what was derived from the bytes past it.
   */
  async truncateTo(end: number): Promise<void> {
    await this.writeOut();
    for (const c of this.chunks) if (c.buf.length === CHUNK_SIZE && this.pool.length < POOL_MAX) this.pool.push(c.buf);
    this.chunks = [];
    await this.queue.dropAhead();
    this.cutFiles(end);
    this.appendOffset = this.writtenOffset = end;
    if (this.flushedOffset > end) this.flushedOffset = end;
  }

  /** Zeroes the rest of `end`'s segment (ftruncate down and up leaves a hole) and deletes the segments after it. */
  cutFiles(end: number): void {
    const files = this.queue.files;
    const idx = files.findIndex((f) => end >= f.fileFromOffset && end < f.endOffset);
    if (idx < 0) {
      // `end` is at a segment boundary past the last file, or the log is empty: drop files starting at or after it.
      const keep = files.findIndex((f) => f.fileFromOffset >= end);
      if (keep >= 0) this.queue.truncateAfter(keep - 1);
      return;
    }
    const seg = files[idx];
    fs.ftruncateSync(seg.file.fd, end - seg.fileFromOffset);
    fs.ftruncateSync(seg.file.fd, seg.fileSize);
    fs.fdatasyncSync(seg.file.fd);
    this.dirty.delete(seg);
    for (const f of files.slice(idx + 1)) this.dirty.delete(f);
    this.queue.truncateAfter(idx);
  }

  /** Removes the oldest segment (retention). Never the one being appended to. */
  deleteFirst(): MappedFile | undefined {
    if (this.queue.files.length <= 1) return undefined;
    return this.queue.destroyFirst();
  }

  async close(): Promise<void> {
    await this.queue.dropAhead();
    for (const f of this.queue.files) f.file.close();
  }

  /** Disk usage of the segments (apparent size), for runtime info. */
  diskBytes(): number {
    let n = 0;
    for (const f of this.queue.files) {
      try {
        n += fs.fstatSync(f.file.fd).blocks * 512;
      } catch {
        // closed concurrently
      }
    }
    return n;
  }
}
