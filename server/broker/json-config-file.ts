/** Broker config files (topics.json, consumerOffset.json …): write to .tmp, keep a .bak, rename into place. */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../common/logger';

export class JsonConfigFile {
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

  write(text: string): void {
    try {
      fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
      const tmp = `${this.filePath}.tmp`;
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
}
