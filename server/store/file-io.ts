/**
 * Promise wrappers over the raw-fd fs calls (cheaper per call than FileHandle), and a reference-counted fd so that
 * a file deleted by retention is not closed under an in-flight read: a reused fd number would read another file.
 */
import fs from 'node:fs';

export function pread(fd: number, buf: Buffer, off: number, len: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.read(fd, buf, off, len, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

export function pwrite(fd: number, buf: Buffer, off: number, len: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.write(fd, buf, off, len, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

/** Writes all of buf[off, off+len) at position, looping over short writes. */
export async function pwriteAll(fd: number, buf: Buffer, off: number, len: number, position: number): Promise<void> {
  while (len > 0) {
    const n = await pwrite(fd, buf, off, len, position);
    off += n;
    len -= n;
    position += n;
  }
}

export function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.fdatasync(fd, (err) => (err ? reject(err) : resolve()));
  });
}

/** Reads exactly len bytes (fewer only at end of file). */
export async function preadFully(fd: number, buf: Buffer, off: number, len: number, position: number): Promise<number> {
  let got = 0;
  while (got < len) {
    const n = await pread(fd, buf, off + got, len - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

export function preadFullySync(fd: number, buf: Buffer, off: number, len: number, position: number): number {
  let got = 0;
  while (got < len) {
    const n = fs.readSync(fd, buf, off + got, len - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

export function writeFullySync(fd: number, buf: Buffer, off: number, len: number, position: number): void {
  while (len > 0) {
    const n = fs.writeSync(fd, buf, off, len, position);
    off += n;
    len -= n;
    position += n;
  }
}

/** An open file whose fd stays valid while any reader holds it. */
export class RefFd {
  readonly path: string;
  readonly fd: number;
  private refs = 1;
  private closed = false;

  constructor(path: string, fd: number) {
    this.path = path;
    this.fd = fd;
  }

  static openRw(path: string): RefFd {
    return new RefFd(path, fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644));
  }

  /** False once the file is being destroyed: the caller must treat the data as gone. */
  acquire(): boolean {
    if (this.closed) return false;
    this.refs++;
    return true;
  }

  release(): void {
    if (--this.refs === 0) fs.close(this.fd, () => undefined);
  }

  /** Drops the owner's reference; the fd closes when the last reader releases. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/** fsync a directory so that created, renamed or unlinked entries survive a crash. */
export function fsyncDirSync(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the data files themselves are still synced.
  }
}

/**
 * fsyncDirSync off the event loop: on a slow disk a directory fsync takes tens to hundreds of ms, and the
 * event loop carries every client's requests. Never rejects, for the same reason as the sync one.
 */
export async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await fs.promises.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some filesystems refuse fsync on directories; the data files themselves are still synced.
  }
}

export function segmentName(offset: number): string {
  return String(offset).padStart(20, '0');
}
