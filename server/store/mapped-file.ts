/**
 * One CommitLog segment: a preallocated file named by its start offset. Node has no mmap, so this is an fd with
 * positional reads and writes; the CommitLog keeps the not-yet-written tail in memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { preadFully, preadFullySync, RefFd, segmentName } from './file-io';

export class MappedFile {
  readonly fileFromOffset: number;
  readonly fileSize: number;
  readonly file: RefFd;

  constructor(file: RefFd, fileFromOffset: number, fileSize: number) {
    this.file = file;
    this.fileFromOffset = fileFromOffset;
    this.fileSize = fileSize;
  }

  get path(): string {
    return this.file.path;
  }

  get endOffset(): number {
    return this.fileFromOffset + this.fileSize;
  }

  /** Creates the file at full size; the OS keeps it sparse, so this costs no disk writes. */
  static create(dir: string, fileFromOffset: number, fileSize: number): MappedFile {
    const p = path.join(dir, segmentName(fileFromOffset));
    const f = RefFd.openRw(p);
    try {
      if (fs.fstatSync(f.fd).size !== fileSize) fs.ftruncateSync(f.fd, fileSize);
    } catch (e) {
      f.close();
      throw e;
    }
    return new MappedFile(f, fileFromOffset, fileSize);
  }

  static async createAsync(dir: string, fileFromOffset: number, fileSize: number): Promise<MappedFile> {
    const p = path.join(dir, segmentName(fileFromOffset));
    const fd = await new Promise<number>((resolve, reject) =>
      fs.open(p, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644, (err, fd) => (err ? reject(err) : resolve(fd))),
    );
    const f = new RefFd(p, fd);
    try {
      await new Promise<void>((resolve, reject) => fs.ftruncate(fd, fileSize, (err) => (err ? reject(err) : resolve())));
    } catch (e) {
      f.close();
      throw e;
    }
    return new MappedFile(f, fileFromOffset, fileSize);
  }

  /** Reads at an absolute CommitLog offset; undefined when the file is being deleted. */
  async read(offset: number, len: number): Promise<Buffer | undefined> {
    if (!this.file.acquire()) return undefined;
    try {
      const buf = Buffer.allocUnsafe(len);
      const n = await preadFully(this.file.fd, buf, 0, len, offset - this.fileFromOffset);
      return n === len ? buf : undefined;
    } catch {
      return undefined;
    } finally {
      this.file.release();
    }
  }

  readSync(offset: number, len: number): Buffer | undefined {
    if (!this.file.acquire()) return undefined;
    try {
      const buf = Buffer.allocUnsafe(len);
      const n = preadFullySync(this.file.fd, buf, 0, len, offset - this.fileFromOffset);
      return n === len ? buf : undefined;
    } catch {
      return undefined;
    } finally {
      this.file.release();
    }
  }

  lastModified(): number {
    try {
      return fs.fstatSync(this.file.fd).mtimeMs;
    } catch {
      return Date.now();
    }
  }

  /** Closes (once readers are done) and unlinks. */
  destroy(): void {
    this.file.close();
    try {
      fs.unlinkSync(this.file.path);
    } catch {
      // Already gone: the goal is met.
    }
  }
}
