/**
 * Start-up recovery. The checkpoint says up to where the log is durable and the consume queues and index agree
 * with it; from there the log is scanned record by record with strict checks, and re-dispatched. The first record
 * that fails ends the log: the rest of its segment is zeroed and later segments are deleted, and derived units
 * pointing past that end are dropped. Without a usable checkpoint the consume queues and index are rebuilt from the
 * whole log, which is slower but never trusts files that may disagree with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../common/logger';
import type { Checkpoint } from './checkpoint';
import type { CommitLog } from './commit-log';
import type { ConsumeQueue } from './consume-queue';
import type { ConsumeQueueTable, Dispatcher, TagsCodeOf } from './dispatcher';
import { preadFullySync } from './file-io';
import type { IndexService } from './index-service';
import { MESSAGE_MAGIC_CODE, MESSAGE_MAGIC_CODE_V2 } from '../common/message/message-const';
import { FILLER_SIZE } from './consume-queue';
import { checkRecord, MIN_RECORD_SIZE, POS_PHYSICAL_OFFSET, POS_QUEUE_ID, POS_QUEUE_OFFSET, readLong, type RecordInfo } from './record-codec';

const log = logger.child({ module: 'store' });
const SCAN_WINDOW = 8 * 1024 * 1024;

export interface RecoveryStats {
  /** True when the previous run did not shut down cleanly. */
  crashed: boolean;
  fromOffset: number;
  validEnd: number;
  scannedBytes: number;
  records: number;
  /** Why the scan stopped before the end of the data, if it did. */
  truncatedReason: string | undefined;
  rebuiltQueues: number;
  indexRebuilt: boolean;
  millis: number;
}

export interface RecoveryContext {
  root: string;
  commitLog: CommitLog;
  cqs: ConsumeQueueTable;
  index: IndexService | undefined;
  dispatcher: Dispatcher;
  maxMessageSize: number;
  tagsCodeOf: TagsCodeOf;
  crashed: boolean;
  checkpoint: Checkpoint | undefined;
  /** Records at or past this offset must carry the whole-record CRC (the checkpoint's recordCrcFrom). */
  requireRecordCrcFrom?: number;
}

interface ScanResult {
  end: number;
  bad: string | undefined;
  bytes: number;
  records: number;
}

/** Reads records in [from, to) with the strict check; stops at the first that fails or at the end of the data. */
export function scanLog(
  cl: CommitLog,
  from: number,
  to: number,
  maxMessageSize: number,
  onRecord: (info: RecordInfo) => void,
  requireRecordCrcFrom = Number.POSITIVE_INFINITY,
): ScanResult {
  const files = cl.queue.files;
  let idx = files.findIndex((f) => from >= f.fileFromOffset && from < f.endOffset);
  if (idx < 0) return { end: from, bad: undefined, bytes: 0, records: 0 };
  const window = Math.min(Math.max(SCAN_WINDOW, maxMessageSize + 4096), cl.segmentSize);
  const buf = Buffer.allocUnsafe(window);
  let bufStart = from;
  let bufLen = 0;
  let pos = from;
  let records = 0;
  while (pos < to) {
    const seg = files[idx];
    if (pos >= seg.endOffset) {
      idx++;
      if (idx >= files.length || files[idx].fileFromOffset !== pos) return { end: pos, bad: undefined, bytes: pos - from, records };
      continue;
    }
    const segmentRemaining = seg.endOffset - pos;
    let refilled = false;
    for (;;) {
      const avail = bufStart + bufLen - pos;
      const r = checkRecord(buf, pos - bufStart, avail, pos, { segmentRemaining, maxMessageSize, requireRecordCrc: pos >= requireRecordCrcFrom });
      if (r.kind === 'need') {
        if (refilled) return { end: pos, bad: 'record runs past the data read', bytes: pos - from, records };
        bufStart = pos;
        bufLen = preadFullySync(seg.file.fd, buf, 0, Math.min(window, segmentRemaining), pos - seg.fileFromOffset);
        refilled = true;
        continue;
      }
      if (r.kind === 'record') {
        onRecord(r.info);
        records++;
        pos += r.info.size;
      } else if (r.kind === 'blank') {
        pos = seg.endOffset;
      } else if (r.kind === 'end') {
        return { end: pos, bad: undefined, bytes: pos - from, records };
      } else {
        return { end: pos, bad: r.reason, bytes: pos - from, records };
      }
      break;
    }
  }
  return { end: pos, bad: undefined, bytes: pos - from, records };
}

function listConsumeQueues(cqRoot: string): { topic: string; queueId: number }[] {
  const out: { topic: string; queueId: number }[] = [];
  if (!fs.existsSync(cqRoot)) return out;
  for (const topic of fs.readdirSync(cqRoot)) {
    const tdir = path.join(cqRoot, topic);
    if (!fs.statSync(tdir).isDirectory()) continue;
    for (const q of fs.readdirSync(tdir)) if (/^\d+$/.test(q)) out.push({ topic, queueId: Number(q) });
  }
  return out;
}

/** Units checked against the log at the end of every consume queue the checkpoint vouches for. */
const TAIL_UNITS_CHECKED = 4;

/**
 * A torn ConsumeQueue write leaves garbage in its last units, where no length check sees it: each of the last
 * units must name a record that is there, with the unit's size, queue id and queue offset. One pread per unit.
 */
function tailUnitMismatch(cl: CommitLog, cq: ConsumeQueue, queueId: number): string | undefined {
  const head = Buffer.alloc(POS_PHYSICAL_OFFSET + 8);
  for (let off = Math.max(cq.minLogicOffset, cq.maxOffset - TAIL_UNITS_CHECKED); off < cq.maxOffset; off++) {
    const u = cq.unitSync(off);
    if (!u) return `unit ${off} unreadable`;
    if (u.size === FILLER_SIZE) continue;
    if (!Number.isSafeInteger(u.phy) || u.phy < 0 || u.phy >= (cl.queue.last?.endOffset ?? 0)) return `unit ${off} points outside the log (${u.phy})`;
    // Below the log's start: removed by retention, which the queue's min offset catches up with.
    if (u.phy < cl.minOffset) continue;
    const seg = cl.queue.files.find((f) => u.phy >= f.fileFromOffset && u.phy < f.endOffset);
    if (!seg || u.size < MIN_RECORD_SIZE || u.phy + u.size > seg.endOffset) return `unit ${off} points outside the log (${u.phy}+${u.size})`;
    if (preadFullySync(seg.file.fd, head, 0, head.length, u.phy - seg.fileFromOffset) < head.length) return `unit ${off}: short read`;
    const magic = head.readInt32BE(4);
    if (head.readInt32BE(0) !== u.size || (magic !== MESSAGE_MAGIC_CODE && magic !== MESSAGE_MAGIC_CODE_V2)) return `unit ${off}: no record of ${u.size} bytes at ${u.phy}`;
    if (readLong(head, POS_PHYSICAL_OFFSET) !== u.phy || head.readInt32BE(POS_QUEUE_ID) !== queueId || readLong(head, POS_QUEUE_OFFSET) !== off) {
      return `unit ${off}: the record at ${u.phy} belongs elsewhere`;
    }
  }
  return undefined;
}

export function recover(ctx: RecoveryContext): RecoveryStats {
  const t0 = performance.now();
  const { commitLog: cl, cqs, index, dispatcher } = ctx;
  const cqRoot = cqs.root;
  const minPhy = cl.minOffset;
  const lastEnd = cl.queue.last?.endOffset ?? 0;
  let cp = ctx.checkpoint;
  if (cp && (cp.phyOffset < minPhy || cp.phyOffset > lastEnd)) {
    log.warn({ checkpoint: cp.phyOffset, minPhy, lastEnd }, 'checkpoint offset outside the log; rebuilding from the log');
    cp = undefined;
  }
  const fullRebuild = cp === undefined && cl.queue.files.length > 0;
  const start = cp ? cp.phyOffset : minPhy;

  // Consume queues: keep what the checkpoint vouches for; queues it does not match are rebuilt from the log.
  const rebuild = new Set<ConsumeQueue>();
  if (!cp) fs.rmSync(cqRoot, { recursive: true, force: true });
  for (const { topic, queueId } of listConsumeQueues(cqRoot)) {
    const cq = cqs.getOrCreate(topic, queueId);
    const coherent = cq.load();
    const recorded = cp?.queues[topic]?.[String(queueId)];
    if (recorded === undefined) {
      // Not in the checkpoint: every unit it has came from records at or past `start`, which are re-dispatched.
      cq.destroy();
      cqs.topics.get(topic)!.delete(queueId);
    } else if (!coherent || cq.maxOffset < recorded) {
      log.warn({ topic, queueId, have: cq.maxOffset, recorded }, 'consume queue damaged or short; rebuilding it from the log');
      cq.destroy();
      cqs.topics.get(topic)!.delete(queueId);
      rebuild.add(cqs.getOrCreate(topic, queueId));
    } else {
      cq.truncateTo(recorded);
      const bad = tailUnitMismatch(cl, cq, queueId);
      if (bad) {
        log.warn({ topic, queueId, reason: bad }, 'consume queue tail does not match the log; rebuilding it from the log');
        cq.destroy();
        cqs.topics.get(topic)!.delete(queueId);
        rebuild.add(cqs.getOrCreate(topic, queueId));
      }
    }
  }
  if (cp) {
    for (const [topic, qs] of Object.entries(cp.queues)) {
      for (const [qid, max] of Object.entries(qs)) {
        if (max > 0 && !cqs.find(topic, Number(qid))) {
          log.warn({ topic, queueId: qid }, 'consume queue missing; rebuilding it from the log');
          rebuild.add(cqs.getOrCreate(topic, Number(qid)));
        }
      }
    }
  }
  let indexRebuild = false;
  if (index) indexRebuild = !index.load(cp?.index) && cl.queue.files.length > 0 && start > minPhy;

  // Region the checkpoint trusts: only queues (and the index) that lost their files are rebuilt from it.
  let stopAt = start;
  let scanned = 0;
  let records = 0;
  let reason: string | undefined;
  if ((rebuild.size > 0 || indexRebuild) && start > minPhy) {
    const r = scanLog(
      cl,
      minPhy,
      start,
      ctx.maxMessageSize,
      (info) => dispatcher.redispatch(info, ctx.tagsCodeOf, indexRebuild, rebuild),
      ctx.requireRecordCrcFrom,
    );
    scanned += r.bytes;
    records += r.records;
    if (r.end < start) {
      // Bytes the checkpoint said were durable do not check out (media damage): the log ends here.
      log.error({ at: r.end, reason: r.bad }, 'CommitLog damaged below the checkpoint');
      stopAt = r.end;
      reason = r.bad ?? 'data ends before the checkpoint';
    }
  }

  // Tail: from the checkpoint to the first record that fails.
  let validEnd = stopAt;
  if (stopAt === start) {
    const r = scanLog(cl, start, Number.MAX_SAFE_INTEGER, ctx.maxMessageSize, (info) => dispatcher.redispatch(info, ctx.tagsCodeOf, true), ctx.requireRecordCrcFrom);
    scanned += r.bytes;
    records += r.records;
    validEnd = r.end;
    reason = r.bad;
  }
  if (reason) log.warn({ at: validEnd, reason }, 'CommitLog truncated at the first bad record');
  cl.cutFiles(validEnd);
  for (const cq of cqs.all()) {
    if (cq.lastPhyEnd > validEnd) cq.truncateByPhy(validEnd);
    cq.correctMinOffset(cl.minOffset);
  }
  cl.setRecovered(validEnd);
  dispatcher.dispatchedOffset = validEnd;
  const stats: RecoveryStats = {
    crashed: ctx.crashed,
    fromOffset: start,
    validEnd,
    scannedBytes: scanned,
    records,
    truncatedReason: reason,
    rebuiltQueues: rebuild.size,
    indexRebuilt: indexRebuild || (fullRebuild && !!index),
    millis: performance.now() - t0,
  };
  log.info(stats, 'store recovered');
  return stats;
}
