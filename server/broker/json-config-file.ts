/**
 * Broker config files (topics.json, consumerOffset.json …): write to a temp file, fdatasync, keep a .bak,
 * rename into place. The periodic writes (offsets every 5 s, delay offsets every round) go through
 * writeSoon: an fdatasync on the event loop would stall every request on the broker for the disk's
 * flush latency, tens of ms on a busy disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../common/logger';

export class JsonConfigFile {
  /** Bumped by every write; a background write whose generation is no longer current is dropped. */
  private generation = 0;
  private inFlight: Promise<void> | undefined;
  private queued: string | undefined;

  constructor(
    readonly filePath: string,
    private readonly log: Logger,
  ) {}

  /** The file's text, or the backup's if the file is missing or unreadable; undefined when neither exists. */
  read(): string | undefined {
    for (const p of [this.filePath, `${this.filePath}.bak`]) {
      try {
        const text = fs.readFileSync(p, 'utf8');
        if (text.trim()) return text;
      } catch {
        // try the next one
      }
    }
    return undefined;
  }

  /** Writes now, blocking: for shutdown and for rare admin changes that must be on disk when answered. */
  write(text: string): void {
    this.generation++;
    const tmp = `${this.filePath}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
      const fd = fs.openSync(tmp, 'w');
      try {
        fs.writeSync(fd, text);
        fs.fdatasyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (fs.existsSync(this.filePath)) fs.copyFileSync(this.filePath, `${this.filePath}.bak`);
      fs.renameSync(tmp, this.filePath);
    } catch (err) {
      this.log.error({ err, file: this.filePath }, 'could not persist config file');
    }
  }

  /**
   * Writes in the background; writes asked for while one runs collapse into one with the latest text.
   * Resolves when the text (or a newer one) is on disk; never rejects (failures are logged).
   */
  writeSoon(text: string): Promise<void> {
    this.queued = text;
    if (!this.inFlight) {
      this.inFlight = this.drain().finally(() => (this.inFlight = undefined));
    }
    return this.inFlight;
  }

  private async drain(): Promise<void> {
    while (this.queued !== undefined) {
      const text = this.queued;
      this.queued = undefined;
      const gen = ++this.generation;
      const tmp = `${this.filePath}.bg.tmp`;
      try {
        await fs.promises.mkdir(path.dirname(this.filePath), { recursive: true });
        const fh = await fs.promises.open(tmp, 'w');
        try {
          await fh.writeFile(text);
          await fh.datasync();
        } finally {
          await fh.close();
        }
        await fs.promises.copyFile(this.filePath, `${this.filePath}.bak`).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
        // The rename is synchronous so that it cannot land after a newer blocking write's rename.
        if (gen === this.generation) fs.renameSync(tmp, this.filePath);
        else await fs.promises.rm(tmp, { force: true });
      } catch (err) {
        this.log.error({ err, file: this.filePath }, 'could not persist config file');
      }
    }
  }

  /** Resolves once no background write is running (shutdown waits for it before its final write). */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }
}

/**
 * The save policy of a table kept in memory (consumer offsets, orderly pop state): changes mark it dirty, the
 * periodic task saves it in the background only when dirty, shutdown saves it blocking after any background save.
 */
export class DirtyJsonConfig {
  private dirty = false;

  constructor(
    readonly file: JsonConfigFile,
    private readonly text: () => string,
  ) {}

  markDirty(): void {
    this.dirty = true;
  }

  /** Background save when something changed since the last one (see JsonConfigFile.writeSoon). */
  saveSoon(): Promise<void> {
    if (!this.dirty) return Promise.resolve();
    this.dirty = false;
    return this.file.writeSoon(this.text());
  }

  /** Blocking save (shutdown): waits out a background save, then writes the current table. */
  async save(): Promise<void> {
    await this.file.settled();
    this.dirty = false;
    this.file.write(this.text());
  }
}
