/**
 * One ConsumeQueue (topic, queueId): 20-byte units (i64 CommitLog offset, i32 size, i64 tag code), big-endian,
 * in files named by their start byte offset. New units sit in memory until the next lazy flush; the files are a
 * cache of the CommitLog and are rebuilt from it on recovery, so they are synced only at checkpoints.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fdatasync, fsyncDir, preadFully, preadFullySync, pwriteAll, RefFd, segmentName } from './file-io';
import { putInt32, putLong, readLong } from './record-codec';

export const CQ_UNIT = 20;
/** Filler size RocketMQ writes for queue offsets before a queue's first real unit. */
export const FILLER_SIZE = 0x7fffffff;

interface CqFile {
  from: number;
  file: RefFd;
}

export interface CqUnit {
  phy: number;
  size: number;
  tagsCode: number;
}

function writeUnit(buf: Buffer, pos: number, phy: number, size: number, tagsCode: number): void {
  putLong(buf, pos, phy);
  putInt32(buf, pos + 8, size);
  // Tag codes are Java ints sign-extended to long; schedule entries hold a ms timestamp.
  putLong(buf, pos + 12, tagsCode);
}

export function unitAt(buf: Buffer, pos: number): CqUnit {
  return { phy: readLong(buf, pos), size: buf.readInt32BE(pos + 8), tagsCode: readLong(buf, pos + 12) };
}

/** Units this close to the end of the flushed file are read synchronously (see units). */
const HOT_UNITS_BYTES = 1024 * 1024;

export class ConsumeQueue {
  readonly topic: string;
  readonly queueId: number;
  readonly dir: string;
  /** Bytes per file, a multiple of 20. */
  readonly fileSize: number;
  private files: CqFile[] = [];
  /** Units below this offset are gone (retention) or fillers. */
  minLogicOffset = 0;
  /** Units dispatched (next unit's offset). */
  maxOffset = 0;
  /** Next queue offset handed out at append time; ahead of maxOffset while records wait for their flush. */
  assignOffset = 0;
  /** Byte offset up to which units are in files. */
  private fileEnd = 0;
  private pending: Buffer = Buffer.allocUnsafe(CQ_UNIT * 64);
  private pendingStart = 0;
  private pendingLen = 0;
  private flushing: { buf: Buffer; start: number; len: number } | undefined;
  private flushPromise: Promise<void> | undefined;
  /** CommitLog offset just past the last unit (for retention and recovery checks). */
  lastPhyEnd = 0;
  private destroyed = false;

  constructor(rootDir: string, topic: string, queueId: number, fileSize: number) {
    this.topic = topic;
    this.queueId = queueId;
    this.dir = path.join(rootDir, topic, String(queueId));
    this.fileSize = Math.max(CQ_UNIT, Math.floor(fileSize / CQ_UNIT) * CQ_UNIT);
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  get fileCount(): number {
    return this.files.length;
  }

  /**
   * Opens the files on disk. Returns false when they are not coherent (a file missing in the middle or short), in
   * which case the caller rebuilds the queue from the log.
   */
  load(): boolean {
    if (!fs.existsSync(this.dir)) return true;
    const names = fs.readdirSync(this.dir).filter((n) => /^\d{20}$/.test(n)).sort();
    let ok = true;
    for (let i = 0; i < names.length; i++) {
      const from = Number(names[i]);
      const prev = this.files[this.files.length - 1];
      const size = fs.statSync(path.join(this.dir, names[i])).size;
      if (from % this.fileSize !== 0 || (prev && prev.from + this.fileSize !== from)) ok = false;
      if (i < names.length - 1 && size !== this.fileSize) ok = false;
      this.files.push({ from, file: RefFd.openRw(path.join(this.dir, names[i])) });
    }
    const last = this.files[this.files.length - 1];
    if (!last) return ok;
    // A crash may leave a partial unit or zero-filled units at the end of the last file.
    let units = Math.floor(fs.fstatSync(last.file.fd).size / CQ_UNIT);
    const u = Buffer.alloc(CQ_UNIT);
    while (units > 0) {
      preadFullySync(last.file.fd, u, 0, CQ_UNIT, (units - 1) * CQ_UNIT);
      if (u.readInt32BE(8) !== 0) break;
      units--;
    }
    fs.ftruncateSync(last.file.fd, units * CQ_UNIT);
    this.fileEnd = last.from + units * CQ_UNIT;
    this.pendingStart = this.fileEnd;
    this.maxOffset = this.assignOffset = this.fileEnd / CQ_UNIT;
    this.minLogicOffset = this.files[0].from / CQ_UNIT;
    if (this.maxOffset > this.minLogicOffset) {
      const lastUnit = this.unitSync(this.maxOffset - 1);
      if (lastUnit) this.lastPhyEnd = lastUnit.phy + lastUnit.size;
    }
    return ok;
  }

  append(phy: number, size: number, tagsCode: number): void {
    if (this.pendingLen + CQ_UNIT > this.pending.length) {
      const bigger = Buffer.allocUnsafe(this.pending.length * 2);
      this.pending.copy(bigger, 0, 0, this.pendingLen);
      this.pending = bigger;
    }
    writeUnit(this.pending, this.pendingLen, phy, size, tagsCode);
    this.pendingLen += CQ_UNIT;
    this.maxOffset++;
    if (this.assignOffset < this.maxOffset) this.assignOffset = this.maxOffset;
    this.lastPhyEnd = phy + size;
  }

  /** Fillers up to `queueOffset`, for a queue whose rebuilt history starts past its first file. */
  padTo(queueOffset: number): void {
    while (this.maxOffset < queueOffset) this.append(0, FILLER_SIZE, 0);
  }

  /** Resets an empty queue to start at `queueOffset` (its earlier units were removed with the log). */
  startAt(queueOffset: number): void {
    const from = Math.floor((queueOffset * CQ_UNIT) / this.fileSize) * this.fileSize;
    this.fileEnd = this.pendingStart = from;
    this.pendingLen = 0;
    this.maxOffset = this.assignOffset = from / CQ_UNIT;
    this.padTo(queueOffset);
    this.minLogicOffset = queueOffset;
  }

  /** Units [offset, offset+n) that live in memory, or undefined. */
  private memSlice(offset: number, n: number): Buffer | undefined {
    const b = offset * CQ_UNIT;
    const e = b + n * CQ_UNIT;
    if (b >= this.pendingStart && e <= this.pendingStart + this.pendingLen) {
      return this.pending.subarray(b - this.pendingStart, e - this.pendingStart);
    }
    const f = this.flushing;
    if (f && b >= f.start && e <= f.start + f.len) return f.buf.subarray(b - f.start, e - f.start);
    return undefined;
  }

  private fileFor(byteOffset: number): CqFile | undefined {
    const first = this.files[0];
    if (!first || byteOffset < first.from) return undefined;
    const f = this.files[Math.floor((byteOffset - first.from) / this.fileSize)];
    return f && byteOffset >= f.from && byteOffset < f.from + this.fileSize ? f : undefined;
  }

  unitSync(offset: number): CqUnit | undefined {
    if (offset < 0 || offset >= this.maxOffset) return undefined;
    const m = this.memSlice(offset, 1);
    if (m) return unitAt(m, 0);
    const f = this.fileFor(offset * CQ_UNIT);
    if (!f || !f.file.acquire()) return undefined;
    try {
      const u = Buffer.allocUnsafe(CQ_UNIT);
      return preadFullySync(f.file.fd, u, 0, CQ_UNIT, offset * CQ_UNIT - f.from) === CQ_UNIT ? unitAt(u, 0) : undefined;
    } catch {
      return undefined;
    } finally {
      f.file.release();
    }
  }

  /**
   * Up to `max` units from `offset`, never crossing a file boundary (as RocketMQ's getIndexBuffer). Undefined when
   * the file holding `offset` is gone.
   */
  async units(offset: number, max: number): Promise<Buffer | undefined> {
    const fileEndUnit = (Math.floor((offset * CQ_UNIT) / this.fileSize) + 1) * (this.fileSize / CQ_UNIT);
    const n = Math.min(max, this.maxOffset - offset, fileEndUnit - offset);
    if (n <= 0) return undefined;
    const m = this.memSlice(offset, n);
    if (m) return m;
    // Part may be in memory (the newest units); read what is in the file, then the rest from memory.
    const inFile = Math.min(n, this.fileEnd / CQ_UNIT - offset);
    if (inFile <= 0) {
      // Units split between the in-flight flush buffer and pending: copy one by one.
      const out = Buffer.allocUnsafe(n * CQ_UNIT);
      for (let i = 0; i < n; i++) {
        const s = this.memSlice(offset + i, 1);
        if (!s) return i === 0 ? undefined : out.subarray(0, i * CQ_UNIT);
        s.copy(out, i * CQ_UNIT);
      }
      return out;
    }
    const f = this.fileFor(offset * CQ_UNIT);
    if (!f || !f.file.acquire()) return undefined;
    try {
      const buf = Buffer.allocUnsafe(inFile * CQ_UNIT);
      const pos = offset * CQ_UNIT - f.from;
      // Units just flushed are in the page cache: copy them now rather than queue behind fdatasyncs in the pool.
      const hot = this.fileEnd - offset * CQ_UNIT <= HOT_UNITS_BYTES;
      const got = hot ? preadFullySync(f.file.fd, buf, 0, inFile * CQ_UNIT, pos) : await preadFully(f.file.fd, buf, 0, inFile * CQ_UNIT, pos);
      if (got < CQ_UNIT) return undefined;
      const fromFile = buf.subarray(0, got - (got % CQ_UNIT));
      if (fromFile.length < inFile * CQ_UNIT || inFile >= n) return fromFile;
      // The newest units are still in memory: a pull gets every unit that exists, as from Apache, not only the
      // flushed ones (a client reading one pull's worth would otherwise see a queue cut at the last flush).
      const rest: Buffer[] = [fromFile];
      for (let i = inFile; i < n; i++) {
        const u = this.memSlice(offset + i, 1);
        if (!u) break;
        rest.push(u);
      }
      return rest.length === 1 ? fromFile : Buffer.concat(rest);
    } catch {
      return undefined;
    } finally {
      f.file.release();
    }
  }

  /** Writes the in-memory units to their files and syncs them. */
  flush(): Promise<void> {
    if (!this.flushPromise) {
      this.flushPromise = this.doFlush().finally(() => {
        this.flushPromise = undefined;
      });
    }
    return this.flushPromise;
  }

  get dirty(): boolean {
    return this.pendingLen > 0;
  }

  private async doFlush(): Promise<void> {
    // A queue dropped by deleteTopics while a checkpoint was flushing must not recreate its files.
    if (this.pendingLen === 0 || this.destroyed) return;
    const fl = { buf: this.pending, start: this.pendingStart, len: this.pendingLen };
    this.flushing = fl;
    this.pending = Buffer.allocUnsafe(Math.max(CQ_UNIT * 64, Math.min(fl.buf.length, 1 << 20)));
    this.pendingStart = fl.start + fl.len;
    this.pendingLen = 0;
    try {
      const touched = new Set<CqFile>();
      let pos = fl.start;
      while (pos < fl.start + fl.len) {
        if (this.destroyed) return;
        const f = await this.ensureFile(pos);
        const n = Math.min(fl.start + fl.len, f.from + this.fileSize) - pos;
        await pwriteAll(f.file.fd, fl.buf, pos - fl.start, n, pos - f.from);
        touched.add(f);
        pos += n;
      }
      for (const f of touched) {
        if (f.file.acquire()) {
          try {
            await fdatasync(f.file.fd);
          } finally {
            f.file.release();
          }
        }
      }
      this.fileEnd = fl.start + fl.len;
    } catch (e) {
      // Put the units back in front of whatever arrived meanwhile; the next flush retries them.
      const merged = Buffer.allocUnsafe(fl.len + this.pendingLen + CQ_UNIT * 64);
      fl.buf.copy(merged, 0, 0, fl.len);
      this.pending.copy(merged, fl.len, 0, this.pendingLen);
      this.pending = merged;
      this.pendingStart = fl.start;
      this.pendingLen += fl.len;
      throw e;
    } finally {
      this.flushing = undefined;
    }
  }

  private async ensureFile(byteOffset: number): Promise<CqFile> {
    const from = Math.floor(byteOffset / this.fileSize) * this.fileSize;
    const existing = this.fileFor(byteOffset);
    if (existing) return existing;
    fs.mkdirSync(this.dir, { recursive: true });
    const f = { from, file: RefFd.openRw(path.join(this.dir, segmentName(from))) };
    this.files.push(f);
    // The new name is durable before this flush completes (and so before a checkpoint counts its units).
    await fsyncDir(this.dir);
    return f;
  }

  /** Until no unit waits in memory or in a flush: a live truncation (replication) cuts only what is in files. */
  async settle(): Promise<void> {
    while (this.flushPromise || this.pendingLen > 0) await this.flush();
  }

  /** Recovery: keep only the first `offset` units (nothing pending at that time; a live cut settles first). */
  truncateTo(offset: number): void {
    if (offset >= this.maxOffset) return;
    const byteEnd = offset * CQ_UNIT;
    this.pendingLen = 0;
    while (this.files.length > 0 && this.files[this.files.length - 1].from >= byteEnd && this.files[this.files.length - 1].from > 0) {
      const f = this.files.pop()!;
      f.file.close();
      fs.rmSync(f.file.path, { force: true });
    }
    const last = this.files[this.files.length - 1];
    if (last) fs.ftruncateSync(last.file.fd, Math.max(0, byteEnd - last.from));
    this.fileEnd = this.pendingStart = Math.max(byteEnd, last ? last.from : 0);
    this.maxOffset = this.assignOffset = this.fileEnd / CQ_UNIT;
    if (this.minLogicOffset > this.maxOffset) this.minLogicOffset = this.maxOffset;
    const u = this.maxOffset > 0 ? this.unitSync(this.maxOffset - 1) : undefined;
    this.lastPhyEnd = u && u.size !== FILLER_SIZE ? u.phy + u.size : 0;
  }

  /** Recovery: drops units whose record does not end before `validEnd` (the log was cut there). */
  truncateByPhy(validEnd: number): void {
    let lo = this.minLogicOffset;
    let hi = this.maxOffset;
    // First unit whose record ends past validEnd; units are in log order apart from the leading fillers.
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const u = this.unitSync(mid);
      if (u && u.size !== FILLER_SIZE && u.phy + u.size > validEnd) hi = mid;
      else lo = mid + 1;
    }
    this.truncateTo(lo);
  }

  /** Retention: first offset whose record is at or past `minPhy`, and files wholly below it deleted. */
  deleteBelow(minPhy: number): number {
    // Never the last file: it carries the queue's max offset.
    while (this.files.length > 1) {
      const f = this.files[0];
      const lastOfFile = (f.from + this.fileSize) / CQ_UNIT - 1;
      const u = this.unitSync(lastOfFile);
      if (!u || u.size === FILLER_SIZE || u.phy + u.size > minPhy) break;
      this.files.shift();
      f.file.close();
      fs.rmSync(f.file.path, { force: true });
    }
    this.correctMinOffset(minPhy);
    return this.files.length;
  }

  /** Binary search of the first unit at or past `minPhy` (fillers and removed records come first). */
  correctMinOffset(minPhy: number): void {
    let lo = Math.max(this.minLogicOffset, this.files[0] ? this.files[0].from / CQ_UNIT : this.minLogicOffset);
    let hi = this.maxOffset;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const u = this.unitSync(mid);
      if (u && u.size !== FILLER_SIZE && u.phy >= minPhy) hi = mid;
      else lo = mid + 1;
    }
    this.minLogicOffset = lo;
  }

  close(): void {
    for (const f of this.files) f.file.close();
  }

  destroy(): void {
    this.destroyed = true;
    this.close();
    this.files = [];
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
