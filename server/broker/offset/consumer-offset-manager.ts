/**
 * Committed consumer offsets, `topic@group` → queueId → next offset to consume. Kept in memory, flushed to
 * `<store>/config/consumerOffset.json` every 5 s and at shutdown (RocketMQ's layout, integer map keys).
 */
import path from 'node:path';
import type { Logger } from '../../common/logger';
import { decodeJavaBody, encodeJavaBody, toSafeNumber } from '../../remoting/fastjson';
import { DirtyJsonConfig, JsonConfigFile } from '../json-config-file';

const SEP = '@';

export class ConsumerOffsetManager {
  private readonly table = new Map<string, Map<number, number>>();
  private readonly file: JsonConfigFile;
  private readonly saver: DirtyJsonConfig;

  constructor(storeRoot: string, log: Logger) {
    this.file = new JsonConfigFile(path.join(storeRoot, 'config', 'consumerOffset.json'), log);
    this.saver = new DirtyJsonConfig(this.file, () => this.text());
  }

  load(): void {
    const text = this.file.read();
    if (!text) return;
    this.putAll(decodeJavaBody(Buffer.from(text)));
  }

  /** An offset table body (consumerOffset.json, or a master's answer to code 43) over the table, key by key. */
  private putAll(o: { offsetTable?: Record<string, unknown> }): void {
    for (const [key, queues] of Object.entries(o.offsetTable ?? {})) {
      const m = new Map<number, number>();
      for (const [q, off] of Object.entries(queues as Record<string, unknown>)) m.set(Number(q), toSafeNumber(off));
      this.table.set(key, m);
    }
  }

  /** A slave merges its master's offsets over its own (keys only the slave has stay), as Apache's does. */
  mergeFromMaster(body: Buffer): void {
    this.putAll(decodeJavaBody(body));
    this.saver.markDirty();
    void this.persistSoon();
  }

  /** Periodic save, in the background, when something changed. */
  persistSoon(): Promise<void> {
    return this.saver.saveSoon();
  }

  /** Blocking save (shutdown). */
  persist(): Promise<void> {
    return this.saver.save();
  }

  private text(): string {
    const offsetTable: Record<string, Map<number, number>> = {};
    for (const [k, m] of this.table) offsetTable[k] = m;
    return encodeJavaBody({ offsetTable }).toString();
  }

  /**
   * After recovery cut a torn CommitLog tail, committed offsets can point past a queue's end: the consumers had read
   * messages that are gone, and the next messages will reuse those offsets. Pulling on from the stale offset would
   * skip them silently (Apache keeps such offsets and corrects a client only if it pulls before the queue regrows);
   * they are set back to the queue's end here, before any client connects. Returns what was corrected.
   */
  clampToQueueEnds(maxOffsetOf: (topic: string, queueId: number) => number): { group: string; topic: string; queueId: number; from: number; to: number }[] {
    const fixed: { group: string; topic: string; queueId: number; from: number; to: number }[] = [];
    for (const [key, m] of this.table) {
      const at = key.lastIndexOf(SEP);
      const topic = key.slice(0, at);
      const group = key.slice(at + 1);
      for (const [queueId, offset] of m) {
        const max = maxOffsetOf(topic, queueId);
        if (offset > max) {
          m.set(queueId, max);
          fixed.push({ group, topic, queueId, from: offset, to: max });
        }
      }
    }
    if (fixed.length) this.saver.markDirty();
    return fixed;
  }

  commitOffset(group: string, topic: string, queueId: number, offset: number): void {
    const key = `${topic}${SEP}${group}`;
    let m = this.table.get(key);
    if (!m) this.table.set(key, (m = new Map()));
    m.set(queueId, offset);
    this.saver.markDirty();
  }

  /** -1 when the group has no committed offset for the queue. */
  queryOffset(group: string, topic: string, queueId: number): number {
    return this.table.get(`${topic}${SEP}${group}`)?.get(queueId) ?? -1;
  }

  queryOffsets(group: string, topic: string): Map<number, number> | undefined {
    return this.table.get(`${topic}${SEP}${group}`);
  }

  /** Topics for which the group has committed offsets. */
  whichTopicByConsumer(group: string): string[] {
    const out: string[] = [];
    for (const key of this.table.keys()) {
      const i = key.lastIndexOf(SEP);
      if (key.slice(i + 1) === group) out.push(key.slice(0, i));
    }
    return out;
  }

  /** Groups with committed offsets on the topic. */
  whichGroupByTopic(topic: string): string[] {
    const out: string[] = [];
    for (const key of this.table.keys()) {
      const i = key.lastIndexOf(SEP);
      if (key.slice(0, i) === topic) out.push(key.slice(i + 1));
    }
    return out;
  }

  removeGroup(group: string): void {
    for (const key of [...this.table.keys()]) if (key.endsWith(`${SEP}${group}`)) this.table.delete(key);
    this.saver.markDirty();
  }

  removeTopic(topic: string): void {
    for (const key of [...this.table.keys()]) if (key.startsWith(`${topic}${SEP}`)) this.table.delete(key);
    this.saver.markDirty();
  }

  allOffsets(): Map<string, Map<number, number>> {
    return this.table;
  }
}
