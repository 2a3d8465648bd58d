/** The console's audit log at `<console data dir>/audit.jsonl`, one instance per file for the whole process. */
import path from 'node:path';
import { consoleDataDir } from '../console-settings';
import { AUDIT_FILE, AuditLog, type AuditFilter, type AuditPage, type AuditRecord } from './audit-log';

const KEY = Symbol.for('orbit.console.audit');
type Holder = { [KEY]?: Map<string, AuditLog> };
const holder = globalThis as typeof globalThis & Holder;

export function consoleAuditLog(): AuditLog {
  const file = path.join(consoleDataDir(), AUDIT_FILE);
  const logs = (holder[KEY] ??= new Map());
  let log = logs.get(file);
  if (!log) {
    log = new AuditLog(file);
    logs.set(file, log);
  }
  return log;
}

export function recordAudit(record: AuditRecord): Promise<void> {
  return consoleAuditLog().append(record);
}

export function queryAudit(filter: AuditFilter): Promise<AuditPage> {
  return consoleAuditLog().query(filter);
}
