/**
 * The store's read path over the consume queues and the log: pulls (getMessage, with the status table Apache
 * answers), queue offsets by time, store times, and raw consume-queue units.
 */
import os from 'node:os';
import type { CommitLog } from './commit-log';
import { CQ_UNIT, FILLER_SIZE } from './consume-queue';
import type { ConsumeQueueTable } from './dispatcher';
import type { IndexService } from './index-service';
import {
  GetMessageStatus,
  type ConsumeQueueUnit,
  type ConsumeQueueUnits,
  type GetMessageResult,
  type MessageFilter,
  type QueryMessageResult,
} from './message-store';
import { logger } from '../common/logger';
import { MESSAGE_MAGIC_CODE, MESSAGE_MAGIC_CODE_V2 } from '../common/message/message-const';
import {
  MIN_RECORD_SIZE,
  POS_PHYSICAL_OFFSET,
  POS_QUEUE_ID,
  POS_QUEUE_OFFSET,
  POS_SYS_FLAG,
  readLong,
  recordFieldsMismatch,
  recordHasKey,
  recordPropertiesString,
  storeTimestampPos,
} from './record-codec';

// RocketMQ scans at most this many CQ bytes per pull when filtering (16 000 / 20 units).
const MAX_FILTER_UNITS = 800;
// One pull reads the log span covering its records in one go when it is at most this long.
const READ_SPAN_MAX = 1024 * 1024;

const log = logger.child({ module: 'store' });

/**
 * Why a record read for a consume-queue unit is not that unit's record, or undefined when it is: its size, magic,
 * physical offset, queue id and queue offset must be the unit's, and its field lengths must add up. A unit left
 * pointing into bytes a recovery cut and rewrote fails here instead of reaching a consumer.
 */
function unitMismatch(rec: Buffer, units: Buffer, unitPos: number, queueId: number, queueOffset: number): string | undefined {
  const size = units.readInt32BE(unitPos + 8);
  if (rec.length !== size || rec.length < MIN_RECORD_SIZE) return `read ${rec.length} bytes for a unit of ${size}`;
  if (rec.readInt32BE(0) !== size) return `record size ${rec.readInt32BE(0)}, unit size ${size}`;
  const magic = rec.readInt32BE(4);
  if (magic !== MESSAGE_MAGIC_CODE && magic !== MESSAGE_MAGIC_CODE_V2) return `bad magic ${magic}`;
  const phy = readLong(units, unitPos);
  if (readLong(rec, POS_PHYSICAL_OFFSET) !== phy) return `record says commit-log offset ${readLong(rec, POS_PHYSICAL_OFFSET)}, unit ${phy}`;
  if (rec.readInt32BE(POS_QUEUE_ID) !== queueId) return `record of queue ${rec.readInt32BE(POS_QUEUE_ID)}`;
  const stored = readLong(rec, POS_QUEUE_OFFSET);
  if (stored !== queueOffset) return `record says queue offset ${stored}`;
  return recordFieldsMismatch(rec);
}

export class QueueReader {
  constructor(
    private readonly cqs: ConsumeQueueTable,
    private readonly commitLog: CommitLog,
    private readonly index: IndexService | undefined,
    private readonly maxMessageSize: number,
    /** Bytes a consumer may lag behind the log's end before a slave is suggested (accessMessageInMemoryMaxRatio). */
    private readonly inMemoryMaxBytes = Math.floor(os.totalmem() * 0.4),
  ) {}

  /**
   * The whole record stored at `commitLogOffset` (a message id's offset), or undefined when there is none: the bytes
   * there must be a record that says it is at that offset, so a stale or made-up id never yields garbage.
   */
  async lookMessageByOffset(commitLogOffset: number, size?: number): Promise<Buffer | undefined> {
    let len = size;
    if (len === undefined) {
      const head = await this.commitLog.read(commitLogOffset, 4);
      if (!head) return undefined;
      len = head.readInt32BE(0);
    }
    if (len < MIN_RECORD_SIZE || len > this.maxMessageSize + 1024) return undefined;
    const rec = await this.commitLog.read(commitLogOffset, len);
    if (!rec || rec.length !== len || rec.readInt32BE(0) !== len) return undefined;
    const magic = rec.readInt32BE(4);
    if (magic !== MESSAGE_MAGIC_CODE && magic !== MESSAGE_MAGIC_CODE_V2) return undefined;
    if (readLong(rec, POS_PHYSICAL_OFFSET) !== commitLogOffset || recordFieldsMismatch(rec)) return undefined;
    return rec;
  }

  /** Records carrying `key` (KEYS or UNIQ_KEY) stored in [begin, end], from the index. */
  async queryMessage(topic: string, key: string, maxNum: number, begin: number, end: number): Promise<QueryMessageResult> {
    const last = this.index?.lastUpdate ?? { timestamp: 0, phy: 0 };
    const out: QueryMessageResult = { messages: [], indexLastUpdateTimestamp: last.timestamp, indexLastUpdatePhyoffset: last.phy };
    if (!this.index || maxNum <= 0) return out;
    // Over-fetch: hash collisions are dropped below by checking the key on the record itself.
    const phys = await this.index.lookup(topic, key, maxNum * 4 + 16, begin, end);
    const seen = new Set<number>();
    for (const phy of phys) {
      if (out.messages.length >= maxNum) break;
      if (seen.has(phy) || phy < this.commitLog.minOffset) continue;
      seen.add(phy);
      const rec = await this.lookMessageByOffset(phy);
      if (rec && recordHasKey(rec, topic, key)) out.messages.push(rec);
    }
    return out;
  }

  async getMessage(
    topic: string,
    queueId: number,
    offset: number,
    maxMsgNums: number,
    maxTotalBytes: number,
    filter?: MessageFilter,
  ): Promise<GetMessageResult> {
    const res = (status: GetMessageStatus, next: number, min: number, max: number, messages: Buffer[] = [], total = 0, damage?: string): GetMessageResult => ({
      status,
      nextBeginOffset: next,
      minOffset: min,
      maxOffset: max,
      messages,
      bufferTotalSize: total,
      suggestPullingFromSlave: false,
      damage,
    });
    const cq = this.cqs.find(topic, queueId);
    if (!cq) return res(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
    const min = cq.minLogicOffset;
    const max = cq.maxOffset;
    if (max === 0) return res(GetMessageStatus.NO_MESSAGE_IN_QUEUE, 0, min, max);
    if (offset < min) return res(GetMessageStatus.OFFSET_TOO_SMALL, min, min, max);
    if (offset === max) return res(GetMessageStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
    // Apache 4.9.7 answers the queue's max offset here (checked on the wire), whatever the min is.
    if (offset > max) return res(GetMessageStatus.OFFSET_OVERFLOW_BADLY, max, min, max);
    const units = await cq.units(offset, Math.max(MAX_FILTER_UNITS, maxMsgNums));
    if (!units) {
      const perFile = cq.fileSize / CQ_UNIT;
      return res(GetMessageStatus.OFFSET_FOUND_NULL, (Math.floor(offset / perFile) + 1) * perFile, min, max);
    }
    const n = units.length / CQ_UNIT;
    const byTag = filter?.byTagsCode ? (pos: number) => filter.byTagsCode!(readLong(units, pos + 12)) : undefined;
    const byProps = filter?.byProperties;
    const messages: Buffer[] = [];
    let bytes = 0;
    let i = 0;
    let pickedAny = false;
    let readAny = false;
    // Rounds: choose units by their sizes and tag codes (the limits only need the units), read them with one read
    // per span of nearby records, then drop those the record filter refuses; with no record filter one round
    // does it. Unmatched records count toward no limit: a filtered round reads as many candidates as the bytes
    // still free allow, and the scan ends at the first match that no longer fits (that unit is not consumed).
    while (i < n && messages.length < maxMsgNums) {
      const picked: number[] = [];
      let total = 0;
      const free = maxTotalBytes - bytes;
      const want = byProps ? MAX_FILTER_UNITS : maxMsgNums - messages.length;
      let j = i;
      for (; j < n; j++) {
        const pos = j * CQ_UNIT;
        const size = units.readInt32BE(pos + 8);
        if ((picked.length > 0 || messages.length > 0) && (picked.length >= want || total + size > free)) break;
        if (size === FILLER_SIZE || size <= 0) continue;
        if (byTag && !byTag(pos)) continue;
        picked.push(pos);
        total += size;
      }
      if (picked.length === 0) {
        i = j;
        break;
      }
      pickedAny = true;
      const recs = await this.readUnits(units, picked);
      let stoppedAt = -1;
      for (let x = 0; x < recs.length; x++) {
        const rec = recs[x];
        if (!rec) continue;
        readAny = true;
        const damage = unitMismatch(rec, units, picked[x], queueId, offset + picked[x] / CQ_UNIT);
        if (damage) {
          // Never hand a client bytes that are not the record this unit names: answer what came before, or the error.
          const at = offset + picked[x] / CQ_UNIT;
          log.error({ topic, queueId, queueOffset: at, reason: damage }, 'stored record does not match its consume-queue unit; not served');
          if (messages.length === 0) return res(GetMessageStatus.MESSAGE_DAMAGED, at, cq.minLogicOffset, cq.maxOffset, [], 0, `queue offset ${at}: ${damage}`);
          stoppedAt = picked[x] / CQ_UNIT;
          break;
        }
        if (byProps && !byProps(recordPropertiesString(rec))) continue;
        if (messages.length > 0 && bytes + rec.length > maxTotalBytes) {
          stoppedAt = picked[x] / CQ_UNIT;
          break;
        }
        messages.push(rec);
        bytes += rec.length;
        if (messages.length >= maxMsgNums) {
          // Full: the scan ends right after this match, as Apache's does.
          stoppedAt = picked[x] / CQ_UNIT + 1;
          break;
        }
      }
      if (stoppedAt >= 0) {
        i = stoppedAt;
        break;
      }
      const full = j < n;
      i = j;
      if (full && !byProps) break;
    }
    let status: GetMessageStatus;
    if (messages.length > 0) status = GetMessageStatus.FOUND;
    else status = pickedAny && !readAny ? GetMessageStatus.MESSAGE_WAS_REMOVING : GetMessageStatus.NO_MATCHED_MESSAGE;
    const r = res(status, offset + i, cq.minLogicOffset, cq.maxOffset, messages, bytes);
    // Apache's hint: what is left to read past the last message served is more than memory should hold.
    if (messages.length > 0) r.suggestPullingFromSlave = this.commitLog.appendOffset - readLong(messages[messages.length - 1], POS_PHYSICAL_OFFSET) > this.inMemoryMaxBytes;
    return r;
  }

  /** Records of the chosen units, in order; undefined where a record's segment is gone. */
  private async readUnits(units: Buffer, picked: number[]): Promise<(Buffer | undefined)[]> {
    const out: (Buffer | undefined)[] = [];
    let k = 0;
    while (k < picked.length) {
      const first = readLong(units, picked[k]);
      const segEnd = (Math.floor(first / this.commitLog.segmentSize) + 1) * this.commitLog.segmentSize;
      // Extend the span over following units that lie ahead in the same segment, within READ_SPAN_MAX.
      let end = first + units.readInt32BE(picked[k] + 8);
      let j = k + 1;
      while (j < picked.length) {
        const phy = readLong(units, picked[j]);
        const e = phy + units.readInt32BE(picked[j] + 8);
        if (phy < end || e > segEnd || e - first > READ_SPAN_MAX) break;
        end = e;
        j++;
      }
      const span = j - k > 1 ? await this.commitLog.read(first, end - first) : undefined;
      for (let x = k; x < j; x++) {
        const phy = readLong(units, picked[x]);
        const size = units.readInt32BE(picked[x] + 8);
        const rec = span ? span.subarray(phy - first, phy - first + size) : await this.commitLog.read(phy, size);
        out.push(rec);
      }
      k = j;
    }
    return out;
  }

  /** Store time from a record header; -1 when it is gone. */
  async storeTimeAt(phy: number, size: number): Promise<number> {
    if (size === FILLER_SIZE || size < MIN_RECORD_SIZE) return -1;
    const head = await this.commitLog.read(phy, Math.min(size, 80));
    if (!head) return -1;
    return readLong(head, storeTimestampPos(head.readInt32BE(POS_SYS_FLAG)));
  }

  /**
   * The queue offset whose store time is nearest to `timestamp` (an exact match wins; past the last message,
   * the last one; before the first, the first), as Apache's ConsumeQueue search answers.
   */
  async getOffsetInQueueByTime(topic: string, queueId: number, timestamp: number): Promise<number> {
    const cq = this.cqs.find(topic, queueId);
    if (!cq) return 0;
    let low = cq.minLogicOffset;
    let high = cq.maxOffset - 1;
    if (high < low) return cq.maxOffset;
    let left = -1;
    let right = -1;
    let leftTs = -1;
    let rightTs = -1;
    while (high >= low) {
      const mid = Math.floor((low + high) / 2);
      const u = cq.unitSync(mid);
      const ts = u ? await this.storeTimeAt(u.phy, u.size) : -1;
      if (ts < 0) {
        // Gone from the log (retention): everything below is older still.
        low = mid + 1;
        continue;
      }
      if (ts === timestamp) return mid;
      if (ts > timestamp) {
        high = mid - 1;
        right = mid;
        rightTs = ts;
      } else {
        low = mid + 1;
        left = mid;
        leftTs = ts;
      }
    }
    if (left === -1) return right === -1 ? cq.minLogicOffset : right;
    if (right === -1) return left;
    return Math.abs(timestamp - leftTs) > Math.abs(timestamp - rightTs) ? right : left;
  }

  readConsumeQueueUnits(topic: string, queueId: number, index: number, count: number): ConsumeQueueUnits | undefined {
    const cq = this.cqs.find(topic, queueId);
    if (!cq) return undefined;
    const units: ConsumeQueueUnit[] = [];
    if (index >= cq.minLogicOffset) {
      const end = Math.min(cq.maxOffset, index + Math.max(0, count));
      for (let i = index; i < end; i++) {
        const u = cq.unitSync(i);
        if (!u) break;
        units.push({ physicOffset: u.phy, physicSize: u.size, tagsCode: u.tagsCode });
      }
    }
    return { minOffset: cq.minLogicOffset, maxOffset: cq.maxOffset, units };
  }

  getCommitLogOffsetInQueue(topic: string, queueId: number, consumeQueueOffset: number): number {
    const u = this.cqs.find(topic, queueId)?.unitSync(consumeQueueOffset);
    return u && u.size !== FILLER_SIZE ? u.phy : -1;
  }

  async getMessageStoreTimeStamp(topic: string, queueId: number, consumeQueueOffset: number): Promise<number> {
    const u = this.cqs.find(topic, queueId)?.unitSync(consumeQueueOffset);
    return u ? this.storeTimeAt(u.phy, u.size) : -1;
  }

  async getEarliestMessageTime(topic: string, queueId: number): Promise<number> {
    const cq = this.cqs.find(topic, queueId);
    if (!cq) return -1;
    return this.getMessageStoreTimeStamp(topic, queueId, cq.minLogicOffset);
  }
}
