/**
 * `<root>/checkpoint`: how far the derived files (consume queues, index) are durable and agree with the log.
 * Everything below `phyOffset` is synced in the CommitLog, dispatched, and its CQ units and index entries are synced,
 * so recovery re-dispatches only from there. Orbit's own format (JSON behind a CRC), written by rename so that a
 * crash leaves either the old or the new checkpoint.
 */
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../common/logger';
import { fsyncDirSync } from './file-io';
import type { ConsumeQueue } from './consume-queue';
import type { ConsumeQueueTable } from './dispatcher';
import type { IndexCheckpoint } from './index-service';
import { crc32 } from './record-codec';

const log = logger.child({ module: 'store' });
const HEAD = 'orbit-checkpoint v1 ';

export interface Checkpoint {
  /** RocketMQ's three timestamps, kept for operators reading runtime info. */
  physicMsgTimestamp: number;
  logicsMsgTimestamp: number;
  indexMsgTimestamp: number;
  /** CommitLog offset below which everything is durable and dispatched. */
  phyOffset: number;
  /** topic → queueId → CQ max offset as of phyOffset. */
  queues: Record<string, Record<string, number>>;
  index: IndexCheckpoint | undefined;
  /**
   * Every record from this CommitLog offset on carries the whole-record CRC (record-crc.ts): recovery refuses one
   * that lacks it, so a tear that destroys the CRC item cannot pass for an older record. Absent: none is required.
   */
  recordCrcFrom?: number;
}

export function checkpointPath(root: string): string {
  return path.join(root, 'checkpoint');
}

export function readCheckpoint(root: string): Checkpoint | undefined {
  let text: string;
  try {
    text = fs.readFileSync(checkpointPath(root), 'utf8');
  } catch {
    return undefined;
  }
  const nl = text.indexOf('\n');
  if (!text.startsWith(HEAD) || nl < 0) {
    log.warn('checkpoint file is not Orbit v1; ignoring it');
    return undefined;
  }
  const crc = Number.parseInt(text.slice(HEAD.length, nl), 16);
  const body = text.slice(nl + 1);
  if (crc !== crc32(Buffer.from(body, 'utf8'))) {
    log.warn('checkpoint CRC mismatch; ignoring it');
    return undefined;
  }
  try {
    return JSON.parse(body) as Checkpoint;
  } catch {
    return undefined;
  }
}

/** Synchronous: called at checkpoint time from the flush loop, rarely, and at shutdown. */
export function writeCheckpoint(root: string, cp: Checkpoint): void {
  const body = JSON.stringify(cp);
  const text = `${HEAD}${crc32(Buffer.from(body, 'utf8')).toString(16)}\n${body}`;
  const tmp = `${checkpointPath(root)}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, checkpointPath(root));
  fsyncDirSync(root);
}

export async function writeCheckpointAsync(root: string, cp: Checkpoint): Promise<void> {
  const body = JSON.stringify(cp);
  const text = `${HEAD}${crc32(Buffer.from(body, 'utf8')).toString(16)}\n${body}`;
  const tmp = `${checkpointPath(root)}.tmp`;
  const fh = await fs.promises.open(tmp, 'w');
  try {
    await fh.writeFile(text);
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await fs.promises.rename(tmp, checkpointPath(root));
  const dh = await fs.promises.open(root, 'r').catch(() => undefined);
  if (dh) {
    await dh.sync().catch(() => undefined);
    await dh.close();
  }
}

/**
 * What a checkpoint records of the consume queues, taken synchronously so it matches exactly the records below
 * the dispatched offset, and the queues with units still to flush.
 */
export function snapshotQueues(cqs: ConsumeQueueTable): { queues: Record<string, Record<string, number>>; dirty: ConsumeQueue[] } {
  const queues: Record<string, Record<string, number>> = {};
  const dirty: ConsumeQueue[] = [];
  for (const [topic, t] of cqs.topics) {
    const rec: Record<string, number> = {};
    for (const [qid, q] of t) {
      if (q.maxOffset > 0) rec[qid] = q.maxOffset;
      if (q.dirty) dirty.push(q);
    }
    queues[topic] = rec;
  }
  return { queues, dirty };
}
