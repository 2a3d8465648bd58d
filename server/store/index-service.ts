/** Message index by `topic#key` (each KEYS value and the UNIQ_KEY) over a series of index files. */
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../common/logger';
import { fsyncDir } from './file-io';
import { IndexFile, indexKeyHash } from './index-file';

const log = logger.child({ module: 'store' });

/** Caps that keep one file a few MB whatever RocketMQ-sized numbers the config carries. */
export const INDEX_SLOT_CAP = 1 << 17;
export const INDEX_ENTRY_CAP = 1 << 19;

export interface IndexCheckpoint {
  /** Name of the file receiving entries, and how many of its entries are covered by the checkpoint. */
  file: string;
  count: number;
}

function fileName(ts: number): string {
  const d = new Date(ts);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}${p(d.getMilliseconds(), 3)}`;
}

export class IndexService {
  readonly dir: string;
  private readonly slotCount: number;
  private readonly maxIndexNum: number;
  files: IndexFile[] = [];
  private sealedUnflushed: IndexFile[] = [];
  /** Directory fsyncs of files created since start (see writable). */
  private dirSynced: Promise<void> = Promise.resolve();

  constructor(rootDir: string, maxHashSlotNum: number, maxIndexNum: number) {
    this.dir = path.join(rootDir, 'index');
    this.slotCount = Math.max(1, Math.min(maxHashSlotNum, INDEX_SLOT_CAP));
    this.maxIndexNum = Math.max(1, Math.min(maxIndexNum, INDEX_ENTRY_CAP));
  }

  /**
   * Opens the files. With a checkpoint, files newer than its file are dropped and its file keeps only the entries
   * the checkpoint covers (the rest are re-added from the log). Returns false when the checkpoint's file is missing
   * or unreadable, so the caller rebuilds the whole index.
   */
  load(cp: IndexCheckpoint | undefined): boolean {
    fs.mkdirSync(this.dir, { recursive: true });
    const names = fs.readdirSync(this.dir).filter((n) => /^\d{17}$/.test(n)).sort();
    if (!cp) {
      // No checkpoint: nothing on disk can be trusted to match the log.
      for (const n of names) fs.rmSync(path.join(this.dir, n), { force: true });
      return false;
    }
    if (cp.file === '') {
      for (const n of names) fs.rmSync(path.join(this.dir, n), { force: true });
      return true;
    }
    if (!names.includes(cp.file)) {
      for (const n of names) fs.rmSync(path.join(this.dir, n), { force: true });
      return false;
    }
    try {
      for (const n of names) {
        const p = path.join(this.dir, n);
        if (n > cp.file) fs.rmSync(p, { force: true });
        else if (n === cp.file) this.files.push(IndexFile.open(p, true, cp.count).setCapacity(this.maxIndexNum));
        else this.files.push(IndexFile.open(p, false));
      }
      return true;
    } catch (e) {
      log.warn({ err: e }, 'index files unreadable; rebuilding the index from the log');
      this.reset();
      return false;
    }
  }

  /** Drops every file (before a full rebuild). */
  reset(): void {
    for (const f of this.files) f.destroy();
    this.files = [];
    this.sealedUnflushed = [];
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
  }

  private writable(): IndexFile {
    let f = this.files[this.files.length - 1];
    if (f && !f.isFull) return f;
    if (f) this.sealedUnflushed.push(f);
    let ts = Date.now();
    let name = fileName(ts);
    while (this.files.some((x) => path.basename(x.path) >= name)) name = fileName(++ts);
    f = IndexFile.create(path.join(this.dir, name), this.slotCount, this.maxIndexNum);
    // Called from a put: the directory fsync runs in the background and the next flush waits for it.
    this.dirSynced = Promise.all([this.dirSynced, fsyncDir(this.dir)]).then(() => undefined);
    this.files.push(f);
    return f;
  }

  add(topic: string, keys: readonly string[] | undefined, uniqKey: string | undefined, phy: number, storeTimestamp: number): void {
    if (uniqKey) this.writable().put(indexKeyHash(topic, uniqKey), phy, storeTimestamp);
    if (keys) {
      for (const k of keys) if (k) this.writable().put(indexKeyHash(topic, k), phy, storeTimestamp);
    }
  }

  /** Newest first, as RocketMQ answers. Hash matches only; the caller checks the key on the record. */
  async lookup(topic: string, key: string, maxNum: number, begin: number, end: number): Promise<number[]> {
    const h = indexKeyHash(topic, key);
    const out: number[] = [];
    for (let i = this.files.length - 1; i >= 0 && out.length < maxNum; i--) await this.files[i].lookup(h, begin, end, maxNum, out);
    return out;
  }

  checkpoint(): IndexCheckpoint {
    const f = this.files[this.files.length - 1];
    return f ? { file: path.basename(f.path), count: f.count } : { file: '', count: 0 };
  }

  async flush(): Promise<void> {
    await this.dirSynced;
    const sealed = this.sealedUnflushed;
    this.sealedUnflushed = [];
    for (const f of sealed) {
      await f.flush();
      f.releaseMemory();
    }
    await this.files[this.files.length - 1]?.flush();
  }

  get lastUpdate(): { timestamp: number; phy: number } {
    const f = this.files[this.files.length - 1];
    return { timestamp: f?.header.endTimestamp ?? 0, phy: f?.header.endPhyOffset ?? 0 };
  }

  /** Retention: drops files whose every entry points below the log's new start (never the newest). */
  deleteBelow(minPhy: number): void {
    while (this.files.length > 1 && this.files[0].header.endPhyOffset < minPhy) this.files.shift()!.destroy();
  }

  close(): void {
    for (const f of this.files) f.close();
  }
}
