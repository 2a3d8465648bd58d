/** Namespaced key/value settings (e.g. ORDER_TOPIC_CONFIG), persisted as `{"configTable":{ns:{k:v}}}`. */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../common/logger';

export class KVConfigManager {
  private readonly table = new Map<string, Map<string, string>>();

  constructor(
    private readonly filePath: string | undefined,
    private readonly log: Logger,
  ) {}

  load(): void {
    if (!this.filePath || !fs.existsSync(this.filePath)) return;
    try {
      const o = JSON.parse(fs.readFileSync(this.filePath, 'utf8'));
      for (const [ns, kv] of Object.entries(o.configTable ?? {})) {
        this.table.set(ns, new Map(Object.entries(kv as Record<string, string>).map(([k, v]) => [k, String(v)])));
      }
    } catch (err) {
      this.log.error({ err, file: this.filePath }, 'kv config file unreadable; starting empty');
    }
  }

  private persist(): void {
    if (!this.filePath) return;
    const configTable: Record<string, Record<string, string>> = {};
    for (const [ns, kv] of this.table) configTable[ns] = Object.fromEntries(kv);
    const text = JSON.stringify({ configTable }, null, 2);
    fs.mkdirSync(path.dirname(this.filePath), { recursive: true });
    const tmp = `${this.filePath}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, this.filePath);
  }

  put(namespace: string, key: string, value: string): void {
    let kv = this.table.get(namespace);
    if (!kv) this.table.set(namespace, (kv = new Map()));
    kv.set(key, value);
    this.persist();
  }

  get(namespace: string, key: string): string | undefined {
    return this.table.get(namespace)?.get(key);
  }

  delete(namespace: string, key: string): void {
    const kv = this.table.get(namespace);
    if (!kv) return;
    kv.delete(key);
    if (kv.size === 0) this.table.delete(namespace);
    this.persist();
  }

  list(namespace: string): Record<string, string> | undefined {
    const kv = this.table.get(namespace);
    return kv ? Object.fromEntries(kv) : undefined;
  }
}
