/**
 * A broker's epoch history, `epochFileCheckpoint` in its store root (the name RocketMQ 5.x uses): each epoch this
 * broker's log went through, with the commit-log offset where the epoch's first byte lies. A master writes an
 * entry when it takes office; a slave copies its master's list. When an old master rejoins, it compares lists
 * with the new master to find where its log stops being the new master's (see divergenceOffset).
 */
import path from 'node:path';
import type { Logger } from '../../common/logger';
import type { EpochEntry } from '../../remoting/body/epoch-cache';
import { JsonConfigFile } from '../json-config-file';

export interface EpochStart {
  epoch: number;
  startOffset: number;
}

export class EpochFile {
  private readonly file: JsonConfigFile;
  private entries: EpochStart[] = [];

  constructor(storeRoot: string, log: Logger) {
    this.file = new JsonConfigFile(path.join(storeRoot, 'epochFileCheckpoint'), log);
  }

  load(): void {
    const text = this.file.read();
    if (!text) return;
    const o = JSON.parse(text) as { entries?: EpochStart[] };
    this.entries = (o.entries ?? [])
      .filter((e) => Number.isSafeInteger(e?.epoch) && Number.isSafeInteger(e?.startOffset))
      .sort((a, b) => a.epoch - b.epoch);
  }

  lastEpoch(): number {
    return this.entries.at(-1)?.epoch ?? 0;
  }

  list(): EpochStart[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** 5.x's EpochEntry list: every epoch ends where the next starts, the last at the log's end. */
  cache(logEnd: number): EpochEntry[] {
    return this.entries.map((e, i) => ({ ...e, endOffset: this.entries[i + 1]?.startOffset ?? logEnd }));
  }

  /** A new epoch starting at `startOffset` (written before the broker acts on it). */
  append(epoch: number, startOffset: number): void {
    if (epoch <= this.lastEpoch()) throw new Error(`epoch ${epoch} is not above ${this.lastEpoch()}`);
    this.entries.push({ epoch, startOffset });
    this.persist();
  }

  /** A slave's copy of its master's list, kept only up to this log's end. */
  replace(list: readonly EpochStart[], logEnd: number): void {
    const next = list.filter((e) => e.startOffset <= logEnd).map((e) => ({ epoch: e.epoch, startOffset: e.startOffset }));
    if (JSON.stringify(next) === JSON.stringify(this.entries)) return;
    this.entries = next;
    this.persist();
  }

  /** After the log was cut at `offset`: epochs that start past it never happened here. */
  truncateFrom(offset: number): void {
    const next = this.entries.filter((e) => e.startOffset <= offset);
    if (next.length === this.entries.length) return;
    this.entries = next;
    this.persist();
  }

  private persist(): void {
    this.file.write(JSON.stringify({ entries: this.entries }, null, 2));
  }
}

/**
 * Where a rejoining broker's log stops matching the new master's: the start of the first epoch of the master's
 * list above this broker's last epoch (bytes this broker wrote after that point were never the master's), capped
 * at this broker's own end. With no such epoch the logs agree as far as both go.
 * A broker with no epochs at all was never master under failover and keeps its log (the not-ahead check still runs).
 */
export function divergenceOffset(mine: readonly EpochStart[], master: readonly EpochStart[], myEnd: number): number {
  // No epochs here: this broker was never a master under failover, so every byte it has came from a master.
  if (mine.length === 0) return myEnd;
  const myLast = mine.at(-1)!.epoch;
  const next = master.find((e) => e.epoch > myLast);
  return next === undefined ? myEnd : Math.min(myEnd, next.startOffset);
}
