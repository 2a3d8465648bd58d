/**
 * The audit log: one JSON object per line, appended to `<console data dir>/audit.jsonl` (mode 0600) for
 * every mutation the console API receives, whether it succeeded, failed or was refused, and for refused
 * requests without a session (see refusal-throttle.ts for how those are bounded).
 *
 * It rotates by size: when the next line would take `audit.jsonl` past `maxBytes` it becomes
 * `audit.jsonl.1` (`.1` → `.2` …), and the oldest beyond `maxFiles` files in all is deleted. Queries read
 * every file, newest first.
 */
import { appendFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { logger } from '../../common/logger';

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditRecord {
  /** ISO time. */
  ts: string;
  user: string;
  role?: string;
  ip: string;
  method: string;
  path: string;
  action: string;
  target?: string;
  outcome: AuditOutcome;
  status: number;
  /** The error code for a refusal or failure. */
  detail?: string;
}

export interface AuditFilter {
  user?: string;
  /** Substring of the action, e.g. `topic` or `topic.delete`. */
  action?: string;
  outcome?: AuditOutcome;
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
  limit?: number;
}

export interface AuditPage {
  items: AuditRecord[];
  /** Matching records before `limit`. */
  total: number;
}

const log = logger.child({ module: 'console-audit' });

export const AUDIT_FILE = 'audit.jsonl';
export const DEFAULT_AUDIT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_AUDIT_MAX_FILES = 5;

export interface AuditLogOptions {
  /** Size of `audit.jsonl` before it rotates. */
  maxBytes?: number;
  /** Files kept in all, the current one included (≥ 1). */
  maxFiles?: number;
}

export function matchesAudit(r: AuditRecord, f: AuditFilter): boolean {
  if (f.user && r.user.toLowerCase() !== f.user.toLowerCase()) return false;
  if (f.action && !r.action.toLowerCase().includes(f.action.toLowerCase())) return false;
  if (f.outcome && r.outcome !== f.outcome) return false;
  const t = Date.parse(r.ts);
  if (f.from !== undefined && !(t >= f.from)) return false;
  if (f.to !== undefined && !(t <= f.to)) return false;
  return true;
}

function isRecord(v: unknown): v is AuditRecord {
  const r = v as AuditRecord;
  return typeof r === 'object' && r !== null && typeof r.ts === 'string' && typeof r.user === 'string' && typeof r.action === 'string' && typeof r.outcome === 'string';
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export class AuditLog {
  private tail: Promise<void> = Promise.resolve();
  /** Bytes in the current file; read from disk before the first append of this process. */
  private size: number | undefined;
  readonly maxBytes: number;
  readonly maxFiles: number;

  constructor(
    readonly file: string,
    opts: AuditLogOptions = {},
  ) {
    this.maxBytes = Math.max(1024, opts.maxBytes ?? DEFAULT_AUDIT_MAX_BYTES);
    this.maxFiles = Math.max(1, Math.floor(opts.maxFiles ?? DEFAULT_AUDIT_MAX_FILES));
  }

  /** The files, newest first: `audit.jsonl`, `audit.jsonl.1`, … */
  files(): string[] {
    return Array.from({ length: this.maxFiles }, (_, i) => (i === 0 ? this.file : `${this.file}.${i}`));
  }

  private async rotate(): Promise<void> {
    const files = this.files();
    await rm(files[files.length - 1], { force: true });
    for (let i = files.length - 2; i >= 0; i--) {
      await rename(files[i], files[i + 1]).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    this.size = 0;
  }

  /** Appends one record; appends are serialized so lines never interleave. */
  append(record: AuditRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const bytes = Buffer.byteLength(line);
    const write = this.tail.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      this.size ??= await sizeOf(this.file);
      if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate();
      await appendFile(this.file, line, { encoding: 'utf8', mode: 0o600, flag: 'a' });
      this.size += bytes;
    });
    this.tail = write.catch((err: unknown) => log.error({ err, file: this.file }, 'cannot write the audit log'));
    return write;
  }

  /** Newest first. */
  async query(filter: AuditFilter = {}): Promise<AuditPage> {
    await this.tail;
    const matched: AuditRecord[] = [];
    for (const file of this.files()) {
      const text = await readIfExists(file);
      if (text === undefined) continue;
      const inFile: AuditRecord[] = [];
      for (const line of text.split('\n')) {
        if (!line) continue;
        let rec: unknown;
        try {
          rec = JSON.parse(line);
        } catch {
          continue;
        }
        if (isRecord(rec) && matchesAudit(rec, filter)) inFile.push(rec);
      }
      for (let i = inFile.length - 1; i >= 0; i--) matched.push(inFile[i]);
    }
    const limit = Math.max(1, Math.min(filter.limit ?? 200, 1000));
    return { items: matched.slice(0, limit), total: matched.length };
  }
}
