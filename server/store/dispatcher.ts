/**
 * Builds the consume queues and the index from CommitLog records, in log order. With SYNC_FLUSH a record is
 * dispatched only once its bytes are durable, so a consumer never sees a message a crash could take back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MessageSysFlag, transactionType } from '../common/message/message-const';
import { tagsCode } from '../common/message/tag-hash';
import { logger } from '../common/logger';
import { ConsumeQueue } from './consume-queue';
import type { IndexService } from './index-service';
import type { MessageArrivingListener } from './message-store';
import type { PreparedRecord } from './record-codec';
import { indexKeysOf, propertyOf, type RecordInfo } from './record-codec';

const log = logger.child({ module: 'store' });

export interface DispatchRequest {
  topic: string;
  queueId: number;
  queueOffset: number;
  phy: number;
  size: number;
  tagsCode: number;
  storeTimestamp: number;
  sysFlag: number;
  keys: readonly string[] | undefined;
  uniqKey: string | undefined;
  /** Handed to arrival listeners: a held SQL92 pull is woken only by a message its filter matches. */
  propertiesString: string;
}

export type TagsCodeOf = (topic: string, propertiesString: string, storeTimestamp: number) => number;

const SCHEDULE_TOPIC = 'SCHEDULE_TOPIC_XXXX';
// RocketMQ's default messageDelayLevel, used to recompute a schedule entry's due time when the CQ is rebuilt.
const DEFAULT_DELAY_MS = [1, 5, 10, 30, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 1200, 1800, 3600, 7200].map((s) => s * 1000);

/** Tag code of a record read back from the log (the broker supplied it at put time). */
export const defaultTagsCodeOf: TagsCodeOf = (topic, props, storeTimestamp) => {
  if (topic === SCHEDULE_TOPIC) {
    const level = Number(propertyOf(props, 'DELAY'));
    if (level > 0) return storeTimestamp + DEFAULT_DELAY_MS[Math.min(level, DEFAULT_DELAY_MS.length) - 1];
  }
  return tagsCode(propertyOf(props, 'TAGS'));
};

export function hasConsumeQueueEntry(sysFlag: number): boolean {
  const t = transactionType(sysFlag);
  return t !== MessageSysFlag.TRANSACTION_PREPARED_TYPE && t !== MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
}

/** topic → queueId → queue. */
export class ConsumeQueueTable {
  readonly root: string;
  readonly fileSize: number;
  readonly topics = new Map<string, Map<number, ConsumeQueue>>();
  /**
   * The queue last handed out: a batch looks its queue up twice per record. A queue leaves the table only
   * destroyed (topic removal, recovery), which is what invalidates it here.
   */
  private last: ConsumeQueue | undefined;

  constructor(root: string, fileSize: number) {
    this.root = root;
    this.fileSize = fileSize;
  }

  find(topic: string, queueId: number): ConsumeQueue | undefined {
    return this.topics.get(topic)?.get(queueId);
  }

  getOrCreate(topic: string, queueId: number): ConsumeQueue {
    const last = this.last;
    if (last !== undefined && last.queueId === queueId && last.topic === topic && !last.isDestroyed) return last;
    let t = this.topics.get(topic);
    if (!t) {
      t = new Map();
      this.topics.set(topic, t);
    }
    let q = t.get(queueId);
    if (!q) {
      q = new ConsumeQueue(this.root, topic, queueId, this.fileSize);
      t.set(queueId, q);
    }
    this.last = q;
    return q;
  }

  *all(): IterableIterator<ConsumeQueue> {
    for (const t of this.topics.values()) yield* t.values();
  }

  remove(topic: string): void {
    const t = this.topics.get(topic);
    if (!t) return;
    for (const q of t.values()) q.destroy();
    this.topics.delete(topic);
    fs.rmSync(path.join(this.root, topic), { recursive: true, force: true });
  }
}

export class Dispatcher {
  private readonly cqs: ConsumeQueueTable;
  private readonly index: IndexService | undefined;
  private readonly listeners: MessageArrivingListener[];
  private queue: DispatchRequest[] = [];
  private head = 0;
  /** Every record below this offset is dispatched. */
  dispatchedOffset = 0;

  constructor(cqs: ConsumeQueueTable, index: IndexService | undefined, listeners: MessageArrivingListener[]) {
    this.cqs = cqs;
    this.index = index;
    this.listeners = listeners;
  }

  /** SYNC_FLUSH: hold until the bytes are durable. */
  enqueue(r: DispatchRequest): void {
    this.queue.push(r);
  }

  /** SYNC_FLUSH puts still waiting for their bytes to be durable. */
  get holding(): boolean {
    return this.head < this.queue.length;
  }

  /**
   * Dispatches held records that end at or below `durable`. `ownLog` false (a store that turned slave with puts
   * still held): the log past them is replicated and dispatched as it is parsed, so `dispatchedOffset` is not moved.
   */
  dispatchUpTo(durable: number, ownLog = true): void {
    const q = this.queue;
    let h = this.head;
    while (h < q.length && q[h].phy + q[h].size <= durable) this.dispatch(q[h++]);
    if (h === q.length) {
      this.queue = [];
      this.head = 0;
      if (ownLog && durable > this.dispatchedOffset) this.dispatchedOffset = durable;
    } else {
      if (h > 4096) {
        this.queue = q.slice(h);
        h = 0;
      }
      this.head = h;
    }
  }

  /** The log is cut at `offset`: held records that do not end below it never get their units. */
  dropFrom(offset: number): void {
    this.queue = this.queue.slice(this.head).filter((r) => r.phy + r.size <= offset);
    this.head = 0;
  }

  dispatch(r: DispatchRequest): void {
    this.dispatchOne(r.topic, r.queueId, r.queueOffset, r.phy, r.size, r.tagsCode, r.storeTimestamp, r.sysFlag, r.keys, r.uniqKey, r.propertiesString);
  }

  dispatchOne(
    topic: string,
    queueId: number,
    queueOffset: number,
    phy: number,
    size: number,
    tagsCode: number,
    storeTimestamp: number,
    sysFlag: number,
    keys: readonly string[] | undefined,
    uniqKey: string | undefined,
    propertiesString: string,
  ): void {
    if (hasConsumeQueueEntry(sysFlag)) {
      const cq = this.cqs.getOrCreate(topic, queueId);
      cq.append(phy, size, tagsCode);
      for (const l of this.listeners) {
        try {
          l(topic, queueId, queueOffset, tagsCode, storeTimestamp, propertiesString);
        } catch (e) {
          log.warn({ err: e }, 'message arriving listener threw');
        }
      }
    }
    if (this.index && (uniqKey || keys?.length) && transactionType(sysFlag) !== MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
      this.index.add(topic, keys, uniqKey, phy, storeTimestamp);
    }
    this.dispatchedOffset = phy + size;
  }

  /**
   * Recovery: re-dispatch a record read from the log. Idempotent for the consume queue (a unit already present is
   * not added twice); `withIndex` says whether the index still lacks it. Returns the tag code of the unit it added.
   */
  redispatch(info: RecordInfo, tagsCodeOf: TagsCodeOf, withIndex: boolean, onlyQueues?: Set<ConsumeQueue>): number | undefined {
    let tags: number | undefined;
    if (hasConsumeQueueEntry(info.sysFlag)) {
      const cq = onlyQueues ? this.cqs.find(info.topic, info.queueId) : this.cqs.getOrCreate(info.topic, info.queueId);
      if (cq && (!onlyQueues || onlyQueues.has(cq))) {
        if (cq.maxOffset === 0 && cq.fileCount === 0 && info.queueOffset > 0 && cq.minLogicOffset === 0) cq.startAt(info.queueOffset);
        if (info.queueOffset >= cq.maxOffset) {
          if (info.queueOffset > cq.maxOffset) {
            log.warn({ topic: info.topic, queueId: info.queueId, expected: cq.maxOffset, found: info.queueOffset }, 'queue offset gap while rebuilding; padding');
            cq.padTo(info.queueOffset);
          }
          tags = tagsCodeOf(info.topic, info.propertiesString, info.storeTimestamp);
          cq.append(info.physicalOffset, info.size, tags);
        }
      }
    }
    if (withIndex && this.index && transactionType(info.sysFlag) !== MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
      const { keys, uniqKey } = indexKeysOf(info.propertiesString);
      if (uniqKey || keys.length) this.index.add(info.topic, keys, uniqKey, info.physicalOffset, info.storeTimestamp);
    }
    return tags;
  }
}

/**
 * A slave's dispatch of a record replicated from its master: the unit goes at the queue offset the record carries
 * (the master assigned it), and held pulls hear of it as of a put.
 */
export function dispatchReplicated(d: Dispatcher, info: RecordInfo, tagsCodeOf: TagsCodeOf, listeners: readonly MessageArrivingListener[]): void {
  const added = d.redispatch(info, tagsCodeOf, true);
  d.dispatchedOffset = info.physicalOffset + info.size;
  if (!hasConsumeQueueEntry(info.sysFlag) || listeners.length === 0) return;
  const tags = added ?? tagsCodeOf(info.topic, info.propertiesString, info.storeTimestamp);
  for (const l of listeners) {
    try {
      l(info.topic, info.queueId, info.queueOffset, tags, info.storeTimestamp, info.propertiesString);
    } catch (e) {
      log.warn({ err: e }, 'message arriving listener threw');
    }
  }
}

/** Dispatch requests for records appended together (SYNC_FLUSH dispatches them once durable). */
export function dispatchRequests(prepared: PreparedRecord[], queueOffsets: number[], offsets: number[], storeTimestamp: number): DispatchRequest[] {
  return prepared.map((p, i) => ({
    topic: p.msg.topic,
    queueId: p.msg.queueId,
    queueOffset: queueOffsets[i],
    phy: offsets[i],
    size: p.size,
    tagsCode: p.msg.tagsCode,
    storeTimestamp,
    sysFlag: p.sysFlag,
    keys: p.msg.keys,
    uniqKey: p.msg.uniqKey,
    propertiesString: p.msg.propertiesString,
  }));
}
