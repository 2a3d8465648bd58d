/** The ordered CommitLog segments of one directory, and the next segment prepared ahead of need. */
import fs from 'node:fs';
import { StoreCorruptError } from '../common/errors';
import { logger } from '../common/logger';
import { fsyncDirSync } from './file-io';
import { MappedFile } from './mapped-file';

const log = logger.child({ module: 'store' });

export class MappedFileQueue {
  readonly dir: string;
  readonly fileSize: number;
  files: MappedFile[] = [];
  private ahead: Promise<MappedFile | undefined> | undefined;
  private aheadReady: MappedFile | undefined;

  constructor(dir: string, fileSize: number) {
    this.dir = dir;
    this.fileSize = fileSize;
  }

  /** Opens existing segments. Only the last may have a wrong size (a crash while it was being created). */
  load(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const names = fs.readdirSync(this.dir).filter((n) => /^\d{20}$/.test(n)).sort();
    for (let i = 0; i < names.length; i++) {
      const offset = Number(names[i]);
      if (offset % this.fileSize !== 0) throw new StoreCorruptError(`commitlog segment ${names[i]} is not aligned to ${this.fileSize}`);
      const prev = this.files[this.files.length - 1];
      if (prev && prev.endOffset !== offset) {
        throw new StoreCorruptError(`commitlog segment ${names[i]} does not follow ${prev.fileFromOffset}: a segment is missing`);
      }
      const size = fs.statSync(`${this.dir}/${names[i]}`).size;
      if (size !== this.fileSize && i < names.length - 1) {
        throw new StoreCorruptError(`commitlog segment ${names[i]} has ${size} bytes, expected ${this.fileSize}`);
      }
      this.files.push(MappedFile.create(this.dir, offset, this.fileSize));
    }
  }

  get first(): MappedFile | undefined {
    return this.files[0];
  }

  get last(): MappedFile | undefined {
    return this.files[this.files.length - 1];
  }

  findByOffset(offset: number): MappedFile | undefined {
    const first = this.files[0];
    if (!first || offset < first.fileFromOffset) return undefined;
    const f = this.files[Math.floor((offset - first.fileFromOffset) / this.fileSize)];
    return f && offset >= f.fileFromOffset && offset < f.endOffset ? f : undefined;
  }

  /**
   * The segment starting at `offset`. Called on the append path, which cannot wait: it takes the segment created
   * in the background when that is done, else creates one synchronously (one open+ftruncate per segment).
   */
  obtain(offset: number): MappedFile {
    const last = this.last;
    if (last && last.fileFromOffset === offset) return last;
    let f: MappedFile;
    let stale: MappedFile | undefined;
    if (this.aheadReady && this.aheadReady.fileFromOffset === offset) {
      f = this.aheadReady;
      this.aheadReady = undefined;
      this.ahead = undefined;
    } else {
      f = MappedFile.create(this.dir, offset, this.fileSize);
      fsyncDirSync(this.dir);
      // A segment made ahead but not ready yet (or ready for another offset) is no longer wanted, so that the next one
      // can be prepared; when it resolves, discard() closes it without unlinking the file this segment now uses.
      // (It used to stay pending, then sit ready for this offset and be unlinked at shutdown: a segment missing on disk.)
      stale = this.aheadReady;
      this.ahead = undefined;
      this.aheadReady = undefined;
    }
    this.files.push(f);
    if (stale) this.discard(stale);
    this.prepareAhead(offset + this.fileSize);
    return f;
  }

  private prepareAhead(offset: number): void {
    if (this.ahead) return;
    // The file exists on disk before the log reaches it; recovery tolerates that (an all-zero segment past the
    // valid end is deleted).
    const p = MappedFile.createAsync(this.dir, offset, this.fileSize).then(
      (f) => {
        if (this.ahead === p) this.aheadReady = f;
        else if (f !== this.last) this.discard(f);
        return f;
      },
      (e) => {
        log.warn({ err: e }, 'could not create the next commitlog segment ahead');
        if (this.ahead === p) this.ahead = undefined;
        return undefined;
      },
    );
    this.ahead = p;
  }

  /** Removes the segment made ahead of need, so that a stopped store holds only segments the log reached. */
  async dropAhead(): Promise<void> {
    const a = this.ahead;
    const ready = this.aheadReady;
    this.ahead = undefined;
    this.aheadReady = undefined;
    if (ready) this.discard(ready);
    if (a) await a; // its callback sees it is no longer wanted and discards it
  }

  /** An unwanted segment made ahead: unlinked, unless a segment of the log has its path (then only closed). */
  private discard(f: MappedFile): void {
    if (this.files.some((x) => x !== f && x.fileFromOffset === f.fileFromOffset)) f.file.close();
    else f.destroy();
  }

  destroyFirst(): MappedFile | undefined {
    const f = this.files.shift();
    f?.destroy();
    return f;
  }

  truncateAfter(index: number): void {
    for (const f of this.files.splice(index + 1)) f.destroy();
  }
}
