/**
 * The audit log: one JSON object per line, appended to `<console data dir>/audit.jsonl` (mode 0600) for
 * every mutation the console API receives, whether it succeeded, failed or was refused.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
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

export class AuditLog {
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Appends one record; appends are serialized so lines never interleave. */
  append(record: AuditRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const write = this.tail.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, line, { encoding: 'utf8', mode: 0o600, flag: 'a' });
    });
    this.tail = write.catch((err: unknown) => log.error({ err, file: this.file }, 'cannot write the audit log'));
    return write;
  }

  /** Newest first. */
  async query(filter: AuditFilter = {}): Promise<AuditPage> {
    await this.tail;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { items: [], total: 0 };
      throw err;
    }
    const matched: AuditRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch {
        continue;
      }
      if (isRecord(rec) && matchesAudit(rec, filter)) matched.push(rec);
    }
    matched.reverse();
    const limit = Math.max(1, Math.min(filter.limit ?? 200, 1000));
    return { items: matched.slice(0, limit), total: matched.length };
  }
}
