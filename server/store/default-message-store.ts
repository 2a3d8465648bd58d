/**
 * The message store: CommitLog + consume queues + index, with group-commit flushing, checkpointed recovery,
 * retention and a disk guard. Offsets are assigned when a record is appended in memory (serially, on the event
 * loop), so concurrent puts get consecutive offsets without locks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logger } from '../common/logger';
import { readCheckpoint, snapshotQueues, writeCheckpointAsync, writeCheckpoint, type Checkpoint } from './checkpoint';
import { LazyAppendResult } from './append-result';
import { CommitLog } from './commit-log';
import { DiskGuard } from './disk-guard';
import { ConsumeQueueTable, defaultTagsCodeOf, Dispatcher, dispatchRequests, hasConsumeQueueEntry, type DispatchRequest, type TagsCodeOf } from './dispatcher';
import { RecordPreparer } from './record-preparer';
import { FlushService } from './flush-service';
import { IndexService } from './index-service';
import {
  PutMessageStatus,
  type AppendResult,
  type ConsumeQueueUnits,
  type GetMessageResult,
  type MessageFilter,
  type MessageArrivingListener,
  type MessageExtBrokerInner,
  type MessageStore,
  type PutMessageResult,
  type QueryMessageResult,
  type ReplicaGate,
  type StoreRuntimeInfo,
} from './message-store';
import {
  BLANK_MARKER_SIZE,
  encodeRecord,
  type PreparedRecord,
} from './record-codec';
import { QueueReader } from './queue-reader';
import { awaitReplica, StoreReplicaLog } from './replica-log';
import { storeRuntimeInfo } from './store-runtime-info';
import { recover, type RecoveryStats } from './recovery';
import { Retention } from './retention';

const log = logger.child({ module: 'store' });

import type { OrbitStoreConfig } from './store-tuning';

export type { OrbitStoreConfig, StoreTuning } from './store-tuning';

const ASYNC_PENDING_LIMIT = 64 * 1024 * 1024;

export class DefaultMessageStore implements MessageStore {
  readonly config: OrbitStoreConfig;
  readonly root: string;
  readonly commitLog: CommitLog;
  readonly cqs: ConsumeQueueTable;
  private readonly reader: QueueReader;
  readonly index: IndexService | undefined;
  private readonly listeners: MessageArrivingListener[] = [];
  readonly dispatcher: Dispatcher;
  readonly flush: FlushService;
  readonly diskGuard: DiskGuard;
  readonly retention: Retention;
  private readonly tagsCodeOf: TagsCodeOf;
  private readonly preparer: RecordPreparer;
  private readonly sync: boolean;
  private started = false;
  private shuttingDown = false;
  private cpTimer: NodeJS.Timeout | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private cpRunning: Promise<void> | undefined;
  recovery: RecoveryStats | undefined;
  lastCheckpoint: Checkpoint | undefined;
  private putCount = 0;
  private putTimeMax = 0;
  private getCount = 0;
  private startedAt = 0;

  readonly replica: StoreReplicaLog;
  private role: 'MASTER' | 'SLAVE';
  private gate: ReplicaGate | undefined;

  /** Whether records get the whole-record CRC item (enabledAppendPropCRC, default on). */
  readonly recordCrc: boolean;
  /** From this CommitLog offset on every record carries it (kept in the checkpoint). */
  private recordCrcFrom: number | undefined;

  constructor(config: OrbitStoreConfig) {
    this.config = config;
    this.recordCrc = config.enabledAppendPropCRC !== false;
    this.root = config.storePathRootDir;
    this.sync = config.flushDiskType === 'SYNC_FLUSH';
    this.commitLog = new CommitLog(config.storePathCommitLog ?? path.join(this.root, 'commitlog'), config.mappedFileSizeCommitLog);
    this.commitLog.writeFault = config.writeFault;
    this.preparer = new RecordPreparer(config.maxMessageSize, this.commitLog.segmentSize, this.recordCrc);
    this.cqs = new ConsumeQueueTable(path.join(this.root, 'consumequeue'), config.mappedFileSizeConsumeQueue);
    this.index = config.messageIndexEnable ? new IndexService(this.root, config.maxHashSlotNum, config.maxIndexNum) : undefined;
    this.dispatcher = new Dispatcher(this.cqs, this.index, this.listeners);
    this.reader = new QueueReader(this.cqs, this.commitLog, this.index, config.maxMessageSize, Math.floor((os.totalmem() * (config.accessMessageInMemoryMaxRatio ?? 40)) / 100));
    this.tagsCodeOf = config.tagsCodeOf ?? defaultTagsCodeOf;
    this.flush = new FlushService(this.commitLog, {
      mode: config.flushDiskType,
      intervalMs: config.flushIntervalCommitLog,
      syncTimeoutMs: config.syncFlushTimeout,
      onProgress: (durable) => {
        // A slave dispatches replicated records as they arrive (replica-log.ts), not by flush progress; puts it held as
        // a master before it turned slave (failover) still get their units once durable.
        if (this.sync && (this.role === 'MASTER' || this.dispatcher.holding)) this.dispatcher.dispatchUpTo(durable, this.role === 'MASTER');
      },
      onIoError: () => undefined,
    });
    this.diskGuard = new DiskGuard(this.root, config.diskMaxUsedSpaceRatio, config.diskUsageRatio);
    this.role = config.replicaRole ?? 'MASTER';
    this.replica = new StoreReplicaLog({
      commitLog: this.commitLog,
      cqs: this.cqs,
      dispatcher: this.dispatcher,
      listeners: this.listeners,
      tagsCodeOf: this.tagsCodeOf,
      maxMessageSize: config.maxMessageSize,
      running: () => this.started && !this.shuttingDown,
      appended: () => this.flush.kick(false),
      quiesce: async () => {
        while (this.cpRunning) await this.cpRunning.catch(() => undefined);
      },
    });
    this.commitLog.onWritten = () => this.replica.grew();
    this.retention = new Retention(this.commitLog, this.cqs, this.index, {
      fileReservedTimeHours: config.fileReservedTime,
      deleteWhen: config.deleteWhen,
      now: config.now ?? Date.now,
    });
  }

  private get abortPath(): string {
    return path.join(this.root, 'abort');
  }

  async start(): Promise<void> {
    if (this.started) return;
    fs.mkdirSync(this.root, { recursive: true });
    const crashed = fs.existsSync(this.abortPath);
    fs.writeFileSync(this.abortPath, '');
    this.commitLog.queue.load();
    const checkpoint = readCheckpoint(this.root);
    if (!crashed && checkpoint === undefined && this.commitLog.queue.files.length > 0) {
      log.warn('no usable checkpoint; rebuilding derived files from the log');
    }
    this.recovery = recover({
      root: this.root,
      commitLog: this.commitLog,
      cqs: this.cqs,
      index: this.index,
      dispatcher: this.dispatcher,
      maxMessageSize: this.config.maxMessageSize,
      tagsCodeOf: this.tagsCodeOf,
      crashed,
      checkpoint,
      // A slave's records are its master's bytes: an Apache master writes no record CRC.
      requireRecordCrcFrom: this.recordCrc && this.role === 'MASTER' ? checkpoint?.recordCrcFrom : undefined,
    });
    if (this.config.afterRecoveryForTest) {
      try {
        this.config.afterRecoveryForTest();
      } catch (err) {
        await this.commitLog.close();
        for (const cq of this.cqs.all()) cq.close();
        this.index?.close();
        throw err;
      }
    }
    // Records written from here on carry the whole-record CRC; earlier ones keep whatever they had.
    if (this.recordCrc && this.role === 'MASTER') {
      const end = this.recovery.validEnd;
      const from = checkpoint?.recordCrcFrom ?? (this.commitLog.queue.files.length === 0 ? 0 : end);
      this.recordCrcFrom = Math.min(from, end);
    }
    // A checkpoint now makes the recovered state the new base: a crash before the first timer tick rescans less.
    await this.flushDerived();
    await this.diskGuard.check();
    this.flush.start();
    this.diskGuard.start(this.config.diskCheckInterval ?? 5000);
    this.cpTimer = setInterval(() => void this.checkpointNow().catch((e) => log.warn({ err: e }, 'checkpoint failed')), this.config.flushIntervalConsumeQueue ?? 1000);
    this.cpTimer.unref();
    this.retentionTimer = setInterval(() => this.runRetention(), this.config.cleanResourceInterval ?? 10_000);
    this.retentionTimer.unref();
    this.started = true;
    this.startedAt = Date.now();
  }

  async shutdown(): Promise<void> {
    if (!this.started || this.shuttingDown) return;
    this.shuttingDown = true;
    if (this.cpTimer) clearInterval(this.cpTimer);
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.diskGuard.stop();
    let clean = true;
    try {
      await this.flush.flushAll();
      while (this.cpRunning) await this.cpRunning;
      await this.flushDerived();
    } catch (e) {
      clean = false;
      log.error({ err: e }, 'store shutdown could not flush; the next start recovers from the last checkpoint');
    }
    await this.flush.stop();
    await this.commitLog.close();
    for (const cq of this.cqs.all()) cq.close();
    this.index?.close();
    if (clean) fs.rmSync(this.abortPath, { force: true });
    this.started = false;
  }

  /**
   * Stops as a crash would, for tests and the bench: no final flush or checkpoint, the abort marker stays, and
   * bytes not yet written by the flush service are lost.
   */
  async halt(): Promise<void> {
    if (!this.started) return;
    this.shuttingDown = true;
    if (this.cpTimer) clearInterval(this.cpTimer);
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    this.diskGuard.stop();
    while (this.cpRunning) await this.cpRunning.catch(() => undefined);
    await this.flush.stop();
    await this.commitLog.close();
    for (const cq of this.cqs.all()) cq.close();
    this.index?.close();
    this.started = false;
  }

  /** Periodic: sync the log up to what is dispatched, then the derived files, then record the checkpoint. */
  checkpointNow(): Promise<void> {
    if (!this.cpRunning) {
      this.cpRunning = this.flushDerived().finally(() => {
        this.cpRunning = undefined;
      });
    }
    return this.cpRunning;
  }

  private async flushDerived(): Promise<void> {
    // Snapshot first (synchronously): the queue maxima and index count that match exactly the records below phyOffset.
    const phyOffset = this.dispatcher.dispatchedOffset;
    const { queues, dirty } = snapshotQueues(this.cqs);
    const indexCp = this.index?.checkpoint();
    await this.flush.syncTo(phyOffset);
    for (const q of dirty) await q.flush();
    await this.index?.flush();
    const now = Date.now();
    const cp: Checkpoint = {
      physicMsgTimestamp: now,
      logicsMsgTimestamp: now,
      indexMsgTimestamp: this.index ? now : 0,
      phyOffset,
      queues,
      index: indexCp,
      recordCrcFrom: this.recordCrcFrom,
    };
    if (this.shuttingDown) writeCheckpoint(this.root, cp);
    else await writeCheckpointAsync(this.root, cp);
    this.lastCheckpoint = cp;
  }

  /** One retention pass (also run by a timer); `anyHour` ignores deleteWhen (tests, admin). */
  runRetention(anyHour = false): number {
    try {
      return this.retention.run(this.diskGuard.full, anyHour);
    } catch (e) {
      log.warn({ err: e }, 'retention pass failed');
      return 0;
    }
  }

  /**
   * SLAVE: puts refused, replicated bytes taken. MASTER: from the log's end on, records carry the record CRC again
   * (a promoted slave's earlier records are its old master's). A gate makes WAIT puts wait for a slave.
   */
  setRole(role: 'MASTER' | 'SLAVE', gate?: ReplicaGate): void {
    if (role === 'MASTER' && this.role === 'SLAVE' && this.recordCrc) this.recordCrcFrom = this.commitLog.appendOffset;
    if (role === 'SLAVE') this.recordCrcFrom = undefined;
    this.role = role;
    this.gate = role === 'MASTER' ? gate : undefined;
  }

  private replicated(p: Promise<PutMessageResult>, end: number, wait: boolean | undefined): Promise<PutMessageResult> {
    return !this.gate || wait === false ? p : awaitReplica(p, this.gate, end);
  }

  private refuse(): PutMessageResult | undefined {
    if (!this.started || this.shuttingDown) return { status: PutMessageStatus.SERVICE_NOT_AVAILABLE, remark: 'message store is not running' };
    if (this.role === 'SLAVE') return { status: PutMessageStatus.SERVICE_NOT_AVAILABLE };
    if (this.diskGuard.full) {
      return { status: PutMessageStatus.SERVICE_NOT_AVAILABLE, remark: `disk full: ${this.diskGuard.ratio.toFixed(1)}% used, limit ${this.config.diskMaxUsedSpaceRatio}%` };
    }
    const io = this.flush.ioError;
    if (io) {
      const code = (io as NodeJS.ErrnoException).code;
      return { status: PutMessageStatus.SERVICE_NOT_AVAILABLE, remark: code === 'ENOSPC' ? 'disk full (ENOSPC)' : `commitlog write failed: ${io.message}` };
    }
    return undefined;
  }

  /** Queue offset for a record, taken at append time; prepared and rollback records get none (RocketMQ). */
  private assignQueueOffset(msg: MessageExtBrokerInner, sysFlag: number): number {
    if (!hasConsumeQueueEntry(sysFlag)) return 0;
    return this.cqs.getOrCreate(msg.topic, msg.queueId).assignOffset++;
  }

  putMessage(msg: MessageExtBrokerInner): Promise<PutMessageResult> {
    const refused = this.refuse();
    if (refused) return Promise.resolve(refused);
    const p = this.preparer.prepare(msg);
    if ('error' in p) return Promise.resolve({ status: p.error, remark: p.remark });
    const sysFlag = p.sysFlag;
    const size = p.size;
    const queueOffset = this.assignQueueOffset(msg, sysFlag);
    const now = Date.now();
    const r = this.commitLog.reserve(size);
    encodeRecord(r.buf, r.pos, p, queueOffset, r.offset, now, r.view);
    this.putCount++;
    const result = new LazyAppendResult(msg.storeHost.ip, msg.storeHost.port, r.offset, size, now, queueOffset);
    if (!this.sync) {
      // ASYNC: dispatch now, straight from the arguments (no request object on the hot path).
      this.dispatcher.dispatchOne(msg.topic, msg.queueId, queueOffset, r.offset, size, msg.tagsCode, now, sysFlag, msg.keys, msg.uniqKey, msg.propertiesString);
      return this.replicated(this.asyncDone(result), r.offset + size, msg.waitStoreMsgOK);
    }
    const req: DispatchRequest = {
      topic: msg.topic,
      queueId: msg.queueId,
      queueOffset,
      phy: r.offset,
      size,
      tagsCode: msg.tagsCode,
      storeTimestamp: now,
      sysFlag,
      keys: msg.keys,
      uniqKey: msg.uniqKey,
      propertiesString: msg.propertiesString,
    };
    return this.replicated(this.complete([req], r.offset + size, result, performance.now()), r.offset + size, msg.waitStoreMsgOK);
  }

  private asyncDone(result: AppendResult): Promise<PutMessageResult> {
    this.flush.kick(false);
    // Backpressure: when appends outrun the disk, answer once the writer has caught up instead of buffering more.
    if (this.commitLog.pendingBytes > ASYNC_PENDING_LIMIT) {
      return this.commitLog.writeOut().then(
        () => ({ status: PutMessageStatus.PUT_OK, appendResult: result }),
        () => ({ status: PutMessageStatus.PUT_OK, appendResult: result }),
      );
    }
    return Promise.resolve({ status: PutMessageStatus.PUT_OK, appendResult: result });
  }

  putMessages(msgs: MessageExtBrokerInner[]): Promise<PutMessageResult> {
    const refused = this.refuse();
    if (refused) return Promise.resolve(refused);
    if (msgs.length === 0) return Promise.resolve({ status: PutMessageStatus.MESSAGE_ILLEGAL, remark: 'empty batch' });
    const t0 = performance.now();
    const first = msgs[0];
    const prepared: PreparedRecord[] = [];
    let total = 0;
    for (const m of msgs) {
      if (m.topic !== first.topic || m.queueId !== first.queueId) {
        return Promise.resolve({ status: PutMessageStatus.MESSAGE_ILLEGAL, remark: 'a batch must target one topic and queue' });
      }
      const p = this.preparer.prepare(m);
      if ('error' in p) return Promise.resolve({ status: p.error, remark: p.remark });
      prepared.push(p);
      total += p.size;
    }
    if (total + BLANK_MARKER_SIZE > this.commitLog.segmentSize) {
      return Promise.resolve({ status: PutMessageStatus.MESSAGE_ILLEGAL, remark: `batch of ${total} bytes does not fit one CommitLog segment` });
    }
    // One reservation: the batch lands contiguously in one segment, or (on refusal above) not at all.
    const r = this.commitLog.reserve(total);
    const now = Date.now();
    const queueOffsets: number[] = [];
    const offsets: number[] = [];
    let pos = r.pos;
    let phy = r.offset;
    for (const p of prepared) {
      const qo = this.assignQueueOffset(p.msg, p.sysFlag);
      encodeRecord(r.buf, pos, p, qo, phy, now, r.view);
      queueOffsets.push(qo);
      offsets.push(phy);
      pos += p.size;
      phy += p.size;
    }
    const result = new LazyAppendResult(first.storeHost.ip, first.storeHost.port, r.offset, total, now, queueOffsets[0], offsets);
    this.putCount += msgs.length;
    if (this.sync) return this.replicated(this.complete(dispatchRequests(prepared, queueOffsets, offsets, now), r.offset + total, result, t0), r.offset + total, first.waitStoreMsgOK);
    // ASYNC: dispatch now, straight from the records (no request object per message).
    for (let i = 0; i < prepared.length; i++) {
      const p = prepared[i];
      const m = p.msg;
      this.dispatcher.dispatchOne(m.topic, m.queueId, queueOffsets[i], offsets[i], p.size, m.tagsCode, now, p.sysFlag, m.keys, m.uniqKey, m.propertiesString);
    }
    this.notePutTime(t0);
    return this.replicated(this.asyncDone(result), r.offset + total, first.waitStoreMsgOK);
  }

  /** SYNC_FLUSH: records are dispatched once durable, and the put answers then. */
  private complete(reqs: DispatchRequest[], end: number, result: AppendResult, t0: number): Promise<PutMessageResult> {
    for (const q of reqs) this.dispatcher.enqueue(q);
    return this.flush.waitFor(end).then((status) => {
      this.notePutTime(t0);
      return status === PutMessageStatus.PUT_OK
        ? { status, appendResult: result }
        : { status, appendResult: result, remark: this.flush.ioError ? `not yet durable: ${this.flush.ioError.message}` : 'flush did not complete in time' };
    });
  }

  private notePutTime(t0: number): void {
    const dt = performance.now() - t0;
    if (dt > this.putTimeMax) this.putTimeMax = dt;
  }

  getMessage(
    _group: string,
    topic: string,
    queueId: number,
    offset: number,
    maxMsgNums: number,
    maxTotalBytes: number,
    filter?: MessageFilter,
  ): Promise<GetMessageResult> {
    this.getCount++;
    return this.reader.getMessage(topic, queueId, offset, maxMsgNums, maxTotalBytes, filter);
  }

  getOffsetInQueueByTime(topic: string, queueId: number, timestamp: number): Promise<number> {
    return this.reader.getOffsetInQueueByTime(topic, queueId, timestamp);
  }

  readConsumeQueueUnits(topic: string, queueId: number, index: number, count: number): ConsumeQueueUnits | undefined {
    return this.reader.readConsumeQueueUnits(topic, queueId, index, count);
  }

  getCommitLogOffsetInQueue(topic: string, queueId: number, consumeQueueOffset: number): number {
    return this.reader.getCommitLogOffsetInQueue(topic, queueId, consumeQueueOffset);
  }

  getMessageStoreTimeStamp(topic: string, queueId: number, consumeQueueOffset: number): Promise<number> {
    return this.reader.getMessageStoreTimeStamp(topic, queueId, consumeQueueOffset);
  }

  getEarliestMessageTime(topic: string, queueId: number): Promise<number> {
    return this.reader.getEarliestMessageTime(topic, queueId);
  }

  getMaxOffsetInQueue(topic: string, queueId: number): number {
    return this.cqs.find(topic, queueId)?.maxOffset ?? 0;
  }

  getMinOffsetInQueue(topic: string, queueId: number): number {
    return this.cqs.find(topic, queueId)?.minLogicOffset ?? 0;
  }

  lookMessageByOffset(commitLogOffset: number, size?: number): Promise<Buffer | undefined> {
    return this.reader.lookMessageByOffset(commitLogOffset, size);
  }

  queryMessage(topic: string, key: string, maxNum: number, begin: number, end: number): Promise<QueryMessageResult> {
    return this.reader.queryMessage(topic, key, maxNum, begin, end);
  }

  getMaxPhyOffset(): number {
    return this.commitLog.appendOffset;
  }

  getMinPhyOffset(): number {
    return this.commitLog.minOffset;
  }

  async deleteTopics(topics: Iterable<string>): Promise<void> {
    for (const t of topics) this.cqs.remove(t);
  }

  getRuntimeInfo(): StoreRuntimeInfo {
    return storeRuntimeInfo(this, this.startedAt, this.putTimeMax, this.putCount, this.getCount);
  }

  topicQueues(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const [topic, t] of this.cqs.topics) {
      const ids = [...t.keys()].sort((a, b) => a - b);
      if (ids.length > 0) out.set(topic, ids);
    }
    return out;
  }

  onMessageArrived(listener: MessageArrivingListener): void {
    this.listeners.push(listener);
  }

  isWritable(): boolean {
    return this.started && !this.shuttingDown && !this.diskGuard.full && !this.flush.ioError;
  }
}
