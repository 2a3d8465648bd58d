/** The console's audit log at `<console data dir>/audit.jsonl`, one instance per file for the whole process. */
import path from 'node:path';
import { env } from '../../common/config';
import { consoleDataDir } from '../console-settings';
import { AUDIT_FILE, AuditLog, type AuditFilter, type AuditLogOptions, type AuditPage, type AuditRecord } from './audit-log';
import { RefusalThrottle } from './refusal-throttle';

// On globalThis: the CLI's HTTP server (the gate) and every Next.js route bundle must share one log and one throttle.
const KEY = Symbol.for('orbit.console.audit');
type Holder = { [KEY]?: { logs: Map<string, AuditLog>; throttle: RefusalThrottle } };
const holder = globalThis as typeof globalThis & Holder;

function state() {
  return (holder[KEY] ??= { logs: new Map(), throttle: new RefusalThrottle() });
}

function positiveInt(raw: string | undefined): number | undefined {
  const n = Number(raw?.trim());
  return raw?.trim() && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Rotation settings from ORBIT_CONSOLE_AUDIT_MAX_BYTES / _MAX_FILES (unset or invalid: the defaults). */
export function auditLogOptions(): AuditLogOptions {
  const e = env();
  return { maxBytes: positiveInt(e.ORBIT_CONSOLE_AUDIT_MAX_BYTES), maxFiles: positiveInt(e.ORBIT_CONSOLE_AUDIT_MAX_FILES) };
}

export function consoleAuditLog(): AuditLog {
  const file = path.join(consoleDataDir(), AUDIT_FILE);
  const { logs } = state();
  let log = logs.get(file);
  if (!log) {
    log = new AuditLog(file, auditLogOptions());
    logs.set(file, log);
  }
  return log;
}

export function recordAudit(record: AuditRecord): Promise<void> {
  return consoleAuditLog().append(record);
}

/**
 * Records a request refused before there was a session (user `-`), within the refusal throttle's bounds:
 * a flood from one address costs at most its per-minute share and one summary line.
 */
export async function recordRefusal(record: AuditRecord): Promise<void> {
  const verdict = state().throttle.check(record.ip);
  if (verdict.suppressedBefore) {
    const { count, since } = verdict.suppressedBefore;
    await recordAudit({
      ts: record.ts,
      user: '-',
      ip: record.ip,
      method: '-',
      path: '-',
      action: 'audit.suppressed',
      target: record.ip,
      outcome: 'denied',
      status: 0,
      detail: `${count} refused request(s) from this address since ${new Date(since).toISOString()} not recorded`,
    });
  }
  if (verdict.write) await recordAudit(record);
}

export function queryAudit(filter: AuditFilter): Promise<AuditPage> {
  return consoleAuditLog().query(filter);
}
