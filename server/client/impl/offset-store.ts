/**
 * Consumer offsets (Java's OffsetStore): kept in memory, committed to the broker (clustering) or to a local
 * file (broadcasting). The value stored is the next offset to consume.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mqKey, type MessageQueue } from '../../remoting/body/heartbeat';

/** Where readOffset looks. */
export type ReadOffsetType = 'MEMORY' | 'STORE' | 'MEMORY_THEN_STORE';

/** The broker/file access an offset store needs; injected so the logic can be tested without a cluster. */
export interface OffsetBackend {
  /** Stored offset, -1 when none. */
  fetch(mq: MessageQueue): Promise<number>;
  /** Write one queue's offset; `sync` waits for the broker's answer (shutdown), else oneway. */
  commit(mq: MessageQueue, offset: number, sync?: boolean): Promise<void>;
}

export interface OffsetStore {
  load(): Promise<void>;
  /** Record progress; with `increaseOnly` an older value never replaces a newer one. */
  updateOffset(mq: MessageQueue, offset: number, increaseOnly: boolean): void;
  /** -1: no offset; -2: the store could not be read. */
  readOffset(mq: MessageQueue, type: ReadOffsetType): Promise<number>;
  /** Commit the offsets of these queues (all known ones when omitted); `sync` waits for the broker. */
  persistAll(mqs?: MessageQueue[], sync?: boolean): Promise<void>;
  persist(mq: MessageQueue): Promise<void>;
  removeOffset(mq: MessageQueue): void;
  /** Snapshot of the in-memory table. */
  cloneOffsetTable(topic?: string): [MessageQueue, number][];
}

class MemoryTable {
  readonly table = new Map<string, { mq: MessageQueue; offset: number }>();

  update(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    const k = mqKey(mq);
    const cur = this.table.get(k);
    if (!cur) this.table.set(k, { mq, offset });
    else if (!increaseOnly || offset > cur.offset) cur.offset = offset;
  }

  get(mq: MessageQueue): number | undefined {
    return this.table.get(mqKey(mq))?.offset;
  }
}

/** Clustering: offsets live on the broker (QUERY/UPDATE_CONSUMER_OFFSET). */
export class RemoteBrokerOffsetStore implements OffsetStore {
  private readonly mem = new MemoryTable();

  constructor(private readonly backend: OffsetBackend) {}

  async load(): Promise<void> {}

  updateOffset(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.mem.update(mq, offset, increaseOnly);
  }

  async readOffset(mq: MessageQueue, type: ReadOffsetType): Promise<number> {
    if (type !== 'STORE') {
      const v = this.mem.get(mq);
      if (v !== undefined) return v;
      if (type === 'MEMORY') return -1;
    }
    try {
      const off = await this.backend.fetch(mq);
      if (off >= 0) this.mem.update(mq, off, false);
      return off;
    } catch {
      return -2;
    }
  }

  async persistAll(mqs?: MessageQueue[], sync = false): Promise<void> {
    const keys = mqs ? new Set(mqs.map(mqKey)) : undefined;
    const calls: Promise<void>[] = [];
    for (const [k, e] of this.mem.table) {
      if (keys && !keys.has(k)) continue;
      calls.push(this.backend.commit(e.mq, e.offset, sync).catch(() => {}));
    }
    await Promise.all(calls);
  }

  async persist(mq: MessageQueue): Promise<void> {
    const v = this.mem.get(mq);
    if (v !== undefined) await this.backend.commit(mq, v);
  }

  removeOffset(mq: MessageQueue): void {
    this.mem.table.delete(mqKey(mq));
  }

  cloneOffsetTable(topic?: string): [MessageQueue, number][] {
    return [...this.mem.table.values()].filter((e) => !topic || e.mq.topic === topic).map((e) => [e.mq, e.offset]);
  }
}

/**
 * Broadcasting: offsets in `<dir>/<clientId>/<group>/offsets.json` (Java: ~/.rocketmq_offsets), written
 * atomically (temp file + rename) with a `.bak` copy of the previous version.
 */
export class LocalFileOffsetStore implements OffsetStore {
  private readonly mem = new MemoryTable();
  readonly file: string;

  constructor(clientId: string, group: string, dir = process.env.ROCKETMQ_CLIENT_LOCAL_OFFSET_STORE_DIR ?? path.join(os.homedir(), '.rocketmq_offsets')) {
    this.file = path.join(dir, clientId.replace(/[^A-Za-z0-9@#._-]/g, '_'), group, 'offsets.json');
  }

  private async readFileTable(): Promise<MemoryTable> {
    const t = new MemoryTable();
    for (const f of [this.file, `${this.file}.bak`]) {
      try {
        const o = JSON.parse(await fs.promises.readFile(f, 'utf8')) as { offsetTable: { mq: MessageQueue; offset: number }[] };
        for (const e of o.offsetTable ?? []) t.update(e.mq, e.offset, false);
        return t;
      } catch {
        // missing or torn: try the backup, else start empty
      }
    }
    return t;
  }

  async load(): Promise<void> {
    for (const e of (await this.readFileTable()).table.values()) this.mem.update(e.mq, e.offset, false);
  }

  updateOffset(mq: MessageQueue, offset: number, increaseOnly: boolean): void {
    this.mem.update(mq, offset, increaseOnly);
  }

  async readOffset(mq: MessageQueue, type: ReadOffsetType): Promise<number> {
    if (type !== 'STORE') {
      const v = this.mem.get(mq);
      if (v !== undefined) return v;
      if (type === 'MEMORY') return -1;
    }
    const v = (await this.readFileTable()).get(mq);
    if (v === undefined) return -1;
    this.mem.update(mq, v, false);
    return v;
  }

  async persistAll(): Promise<void> {
    const body = JSON.stringify({ offsetTable: [...this.mem.table.values()] }, null, 1);
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    await fs.promises.writeFile(tmp, body);
    await fs.promises.copyFile(this.file, `${this.file}.bak`).catch(() => {});
    await fs.promises.rename(tmp, this.file);
  }

  async persist(): Promise<void> {
    await this.persistAll();
  }

  removeOffset(mq: MessageQueue): void {
    this.mem.table.delete(mqKey(mq));
  }

  cloneOffsetTable(topic?: string): [MessageQueue, number][] {
    return [...this.mem.table.values()].filter((e) => !topic || e.mq.topic === topic).map((e) => [e.mq, e.offset]);
  }
}
