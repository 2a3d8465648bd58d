/**
 * One index file: a hash-slot table over chained entries, like RocketMQ's IndexFile, but with Orbit's own smaller
 * layout (ms store times instead of second deltas, a magic header) so that a default file is a few MB, not 420 MB.
 *
 *   header 48: magic i32, version i32, beginTimestamp i64, endTimestamp i64, beginPhyOffset i64, endPhyOffset i64,
 *              slotCount i32, indexCount i32 (entries are numbered from 1; 0 ends a chain)
 *   slots:     slotCount × i32 = number of the newest entry whose keyHash falls in the slot
 *   entries:   maxIndexNum × 24 = keyHash i32, prevIndex i32, phyOffset i64, storeTimestamp i64
 *
 * The file that receives entries lives in memory too and is flushed at checkpoints; full files are read from disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import { StoreCorruptError } from '../common/errors';
import { fdatasync, preadFully, preadFullySync, pwriteAll, RefFd } from './file-io';
import { putInt32, putLong, readLong } from './record-codec';

const MAGIC = 0x4f494458; // "OIDX"
const VERSION = 1;
export const INDEX_HEADER_SIZE = 48;
export const INDEX_ENTRY_SIZE = 24;
const SLOT_PAGE = 4096;

/**
 * RocketMQ's slot hash of the index key `topic#key`. Java's String.hashCode is a running polynomial, so hashing the
 * parts in turn equals hashing their concatenation, which is never built (one string per index entry otherwise).
 */
export function indexKeyHash(topic: string, key: string): number {
  let h = 0;
  for (let i = 0; i < topic.length; i++) h = (Math.imul(31, h) + topic.charCodeAt(i)) | 0;
  h = (Math.imul(31, h) + 0x23) | 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(31, h) + key.charCodeAt(i)) | 0;
  // Java's Math.abs(Integer.MIN_VALUE) stays negative; RocketMQ maps it to 0.
  return h === -2147483648 ? 0 : Math.abs(h);
}

function writeLong(buf: Buffer, pos: number, v: number): void {
  const hi = Math.floor(v / 0x100000000);
  buf.writeInt32BE(hi | 0, pos);
  buf.writeUInt32BE(v - hi * 0x100000000, pos + 4);
}

/** Dirty pages this close together are written as one span (rewriting the clean pages between them). */
const RUN_GAP_PAGES = 16;
const HOST_LITTLE_ENDIAN = os.endianness() === 'LE';

/** Sorted page numbers → [first, end) runs, merging runs separated by at most `gap` clean pages. */
export function dirtyRuns(pages: readonly number[], gap: number): [number, number][] {
  const runs: [number, number][] = [];
  for (const p of pages) {
    const last = runs[runs.length - 1];
    if (last && p - last[1] <= gap) last[1] = p + 1;
    else runs.push([p, p + 1]);
  }
  return runs;
}

/** Indices of the set flags, clearing them. */
function takeDirty(flags: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < flags.length; i++) {
    if (flags[i]) {
      out.push(i);
      flags[i] = 0;
    }
  }
  return out;
}

export interface IndexHeader {
  beginTimestamp: number;
  endTimestamp: number;
  beginPhyOffset: number;
  endPhyOffset: number;
  indexCount: number;
}

export class IndexFile {
  readonly file: RefFd;
  readonly slotCount: number;
  readonly maxIndexNum: number;
  header: IndexHeader;
  /** In memory while this is the file receiving entries. */
  private slots: Int32Array | undefined;
  private entries: Buffer | undefined;
  /** One flag per SLOT_PAGE of the slot table: cheaper than a Set on every put. */
  private dirtyPages: Uint8Array | undefined;
  private flushedCount = 0;

  private constructor(file: RefFd, slotCount: number, maxIndexNum: number, header: IndexHeader) {
    this.file = file;
    this.slotCount = slotCount;
    this.maxIndexNum = maxIndexNum;
    this.header = header;
  }

  get path(): string {
    return this.file.path;
  }

  get count(): number {
    return this.header.indexCount;
  }

  get isFull(): boolean {
    return this.header.indexCount >= this.maxIndexNum;
  }

  private get slotPageCount(): number {
    return Math.ceil((this.slotCount * 4) / SLOT_PAGE);
  }

  private get entriesPos(): number {
    return INDEX_HEADER_SIZE + this.slotCount * 4;
  }

  static create(p: string, slotCount: number, maxIndexNum: number): IndexFile {
    const f = new IndexFile(RefFd.openRw(p), slotCount, maxIndexNum, {
      beginTimestamp: 0,
      endTimestamp: 0,
      beginPhyOffset: 0,
      endPhyOffset: 0,
      indexCount: 0,
    });
    f.slots = new Int32Array(slotCount);
    f.entries = Buffer.allocUnsafe(INDEX_ENTRY_SIZE * Math.min(maxIndexNum, 1024));
    f.dirtyPages = new Uint8Array(f.slotPageCount);
    f.writeHeaderSync();
    return f;
  }

  /** Opens a file from disk. `keepCount` (recovery) drops entries past it and rebuilds the slots from the rest. */
  static open(p: string, writable: boolean, keepCount?: number): IndexFile {
    const file = RefFd.openRw(p);
    try {
      const h = Buffer.alloc(INDEX_HEADER_SIZE);
      if (preadFullySync(file.fd, h, 0, INDEX_HEADER_SIZE, 0) !== INDEX_HEADER_SIZE || h.readInt32BE(0) !== MAGIC) {
        throw new StoreCorruptError(`index file ${p} has no valid header`);
      }
      const slotCount = h.readInt32BE(40);
      const stat = fs.fstatSync(file.fd);
      const entriesPos = INDEX_HEADER_SIZE + slotCount * 4;
      const onDisk = Math.max(0, Math.floor((stat.size - entriesPos) / INDEX_ENTRY_SIZE));
      let count = Math.min(h.readInt32BE(44), onDisk);
      if (keepCount !== undefined) count = Math.min(count, keepCount);
      // A reopened file is full unless the service raises its capacity (the file that still takes entries).
      const maxIndexNum = count;
      const header: IndexHeader = {
        beginTimestamp: readLong(h, 8),
        endTimestamp: readLong(h, 16),
        beginPhyOffset: readLong(h, 24),
        endPhyOffset: readLong(h, 32),
        indexCount: count,
      };
      const f = new IndexFile(file, slotCount, maxIndexNum, header);
      f.flushedCount = count;
      if (writable) f.loadIntoMemory();
      return f;
    } catch (e) {
      file.close();
      throw e;
    }
  }

  /** Makes a reopened file writable again: entries into memory, slots rebuilt from the entry chains. */
  private loadIntoMemory(): void {
    const n = this.header.indexCount;
    const entries = Buffer.alloc(INDEX_ENTRY_SIZE * Math.max(n, 1024));
    preadFullySync(this.file.fd, entries, 0, n * INDEX_ENTRY_SIZE, this.entriesPos);
    const slots = new Int32Array(this.slotCount);
    let endTs = 0;
    let endPhy = 0;
    for (let i = 1; i <= n; i++) {
      const pos = (i - 1) * INDEX_ENTRY_SIZE;
      slots[entries.readInt32BE(pos) % this.slotCount] = i;
      endPhy = readLong(entries, pos + 8);
      endTs = readLong(entries, pos + 16);
    }
    this.slots = slots;
    this.entries = entries;
    this.dirtyPages = new Uint8Array(this.slotPageCount).fill(1);
    if (n > 0) {
      this.header.endTimestamp = endTs;
      this.header.endPhyOffset = endPhy;
    } else {
      this.header.beginTimestamp = this.header.endTimestamp = 0;
      this.header.beginPhyOffset = this.header.endPhyOffset = 0;
    }
    // Entries past the kept count must not survive a later reopen.
    fs.ftruncateSync(this.file.fd, this.entriesPos + n * INDEX_ENTRY_SIZE);
    this.writeHeaderSync();
  }

  /** Used for a writable file whose header should say it is writable with this capacity. */
  setCapacity(maxIndexNum: number): IndexFile {
    (this as { maxIndexNum: number }).maxIndexNum = maxIndexNum;
    return this;
  }

  put(keyHash: number, phy: number, storeTimestamp: number): void {
    const slots = this.slots!;
    const n = this.header.indexCount + 1;
    const need = n * INDEX_ENTRY_SIZE;
    if (need > this.entries!.length) {
      const bigger = Buffer.allocUnsafe(Math.min(this.maxIndexNum * INDEX_ENTRY_SIZE, Math.max(need, this.entries!.length * 2)));
      this.entries!.copy(bigger, 0, 0, (n - 1) * INDEX_ENTRY_SIZE);
      this.entries = bigger;
    }
    const slot = keyHash % this.slotCount;
    const pos = (n - 1) * INDEX_ENTRY_SIZE;
    const e = this.entries!;
    putInt32(e, pos, keyHash);
    putInt32(e, pos + 4, slots[slot]);
    putLong(e, pos + 8, phy);
    putLong(e, pos + 16, storeTimestamp);
    slots[slot] = n;
    this.dirtyPages![Math.floor((slot * 4) / SLOT_PAGE)] = 1;
    const h = this.header;
    if (h.indexCount === 0) {
      h.beginTimestamp = storeTimestamp;
      h.beginPhyOffset = phy;
    }
    h.endTimestamp = storeTimestamp;
    h.endPhyOffset = phy;
    h.indexCount = n;
  }

  private headerBytes(): Buffer {
    const b = Buffer.alloc(INDEX_HEADER_SIZE);
    const h = this.header;
    b.writeInt32BE(MAGIC, 0);
    b.writeInt32BE(VERSION, 4);
    writeLong(b, 8, h.beginTimestamp);
    writeLong(b, 16, h.endTimestamp);
    writeLong(b, 24, h.beginPhyOffset);
    writeLong(b, 32, h.endPhyOffset);
    b.writeInt32BE(this.slotCount, 40);
    b.writeInt32BE(h.indexCount, 44);
    return b;
  }

  private writeHeaderSync(): void {
    fs.writeSync(this.file.fd, this.headerBytes(), 0, INDEX_HEADER_SIZE, 0);
  }

  /** Writes new entries, changed slot pages and the header, then syncs. */
  async flush(): Promise<void> {
    if (!this.slots || !this.entries) return;
    const count = this.header.indexCount;
    // The header must not claim entries this pass has not written.
    const hb = this.headerBytes();
    const fd = this.file.fd;
    if (count > this.flushedCount) {
      const from = this.flushedCount * INDEX_ENTRY_SIZE;
      await pwriteAll(fd, this.entries, from, count * INDEX_ENTRY_SIZE - from, this.entriesPos + from);
    }
    const slotBytes = Buffer.from(this.slots.buffer, this.slots.byteOffset, this.slots.byteLength);
    // Keys hash all over the table, so at a few thousand puts a second most pages are dirty: write runs of
    // them (unchanged pages in short gaps included) as one copied, byte-swapped span each, instead of one
    // converted page and one pool round trip per page.
    for (const [from, to] of dirtyRuns(takeDirty(this.dirtyPages!), RUN_GAP_PAGES)) {
      const start = from * SLOT_PAGE;
      const end = Math.min(to * SLOT_PAGE, slotBytes.length);
      // Slots are big-endian on disk; the table is host order in memory.
      const span = Buffer.from(slotBytes.subarray(start, end));
      if (HOST_LITTLE_ENDIAN) span.swap32();
      await pwriteAll(fd, span, 0, span.length, INDEX_HEADER_SIZE + start);
    }
    await pwriteAll(fd, hb, 0, hb.length, 0);
    await fdatasync(fd);
    this.flushedCount = count;
  }

  /** Once full and flushed, the file is read from disk only. */
  releaseMemory(): void {
    this.slots = undefined;
    this.entries = undefined;
    this.dirtyPages = undefined;
  }

  /** CommitLog offsets of entries with this hash and a store time in [begin, end], newest first. */
  async lookup(keyHash: number, begin: number, end: number, maxNum: number, out: number[]): Promise<void> {
    const h = this.header;
    if (h.indexCount === 0 || h.endTimestamp < begin || h.beginTimestamp > end) return;
    const slot = keyHash % this.slotCount;
    const count = h.indexCount;
    if (this.slots && this.entries) {
      let i = this.slots[slot];
      while (i > 0 && i <= count && out.length < maxNum) {
        const pos = (i - 1) * INDEX_ENTRY_SIZE;
        const ts = readLong(this.entries, pos + 16);
        if (ts < begin) break;
        if (this.entries.readInt32BE(pos) === keyHash && ts <= end) out.push(readLong(this.entries, pos + 8));
        const prev = this.entries.readInt32BE(pos + 4);
        if (prev >= i) break;
        i = prev;
      }
      return;
    }
    if (!this.file.acquire()) return;
    try {
      const b = Buffer.allocUnsafe(INDEX_ENTRY_SIZE);
      await preadFully(this.file.fd, b, 0, 4, INDEX_HEADER_SIZE + slot * 4);
      let i = b.readInt32BE(0);
      while (i > 0 && i <= count && out.length < maxNum) {
        if ((await preadFully(this.file.fd, b, 0, INDEX_ENTRY_SIZE, this.entriesPos + (i - 1) * INDEX_ENTRY_SIZE)) < INDEX_ENTRY_SIZE) break;
        const ts = readLong(b, 16);
        if (ts < begin) break;
        if (b.readInt32BE(0) === keyHash && ts <= end) out.push(readLong(b, 8));
        const prev = b.readInt32BE(4);
        if (prev >= i) break;
        i = prev;
      }
    } finally {
      this.file.release();
    }
  }

  close(): void {
    this.file.close();
  }

  destroy(): void {
    this.file.close();
    fs.rmSync(this.file.path, { force: true });
  }
}
