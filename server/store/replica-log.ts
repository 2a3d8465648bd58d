/**
 * The store's side of replication (server/ha drives it). A master hands out raw CommitLog bytes; a slave appends
 * its master's bytes unchanged, so both logs are identical offset for offset, and rebuilds its ConsumeQueues and
 * index from the records in them. Frames cut records anywhere, so the bytes past the last complete record are
 * kept here until the rest arrives. Everything a frame holds is checked before any of it is written: a peer that
 * sends garbage is refused and the log keeps only records that check out.
 */
import { ReplicationError } from '../common/errors';
import { logger } from '../common/logger';
import type { CommitLog } from './commit-log';
import { dispatchReplicated, type ConsumeQueueTable, type Dispatcher, type TagsCodeOf } from './dispatcher';
import { PutMessageStatus, type MessageArrivingListener, type PutMessageResult, type ReplicaGate, type ReplicaLog } from './message-store';
import { checkRecord, type RecordInfo } from './record-codec';

const log = logger.child({ module: 'store' });
const EMPTY = Buffer.alloc(0);

export interface ReplicaLogParts {
  commitLog: CommitLog;
  cqs: ConsumeQueueTable;
  dispatcher: Dispatcher;
  listeners: readonly MessageArrivingListener[];
  tagsCodeOf: TagsCodeOf;
  maxMessageSize: number;
  /** False before start and after shutdown: appends are refused then. */
  running(): boolean;
  /** After an append: the flush service writes the new bytes. */
  appended(): void;
  /** Waits for derived-file flushes in flight (a truncation must not race them). */
  quiesce(): Promise<void>;
}

export class StoreReplicaLog implements ReplicaLog {
  /** Bytes from `parsePos` to the log's end that do not yet form a whole record. */
  private tail: Buffer = EMPTY;
  private parsePos = -1;
  /** After a segment's end marker: the padding up to here is skipped, not parsed. */
  private skipTo = -1;
  /** Where the end marker of the segment being skipped lies. */
  private blankAt = -1;
  private readonly growListeners: (() => void)[] = [];
  private truncating: Promise<void> | undefined;
  /**
   * Whole records appended but not yet given their ConsumeQueue units and index entries: that work runs right
   * after the append, once the HA client has sent its ack, so a SYNC_MASTER's put does not wait for the slave's
   * indexing. `dispatchTo` is what dispatchedOffset may then vouch for (not moved inside a segment's padding).
   */
  private undispatched: RecordInfo[] = [];
  private dispatchTo: number | undefined;
  private dispatchScheduled = false;

  constructor(private readonly p: ReplicaLogParts) {}

  get segmentSize(): number {
    return this.p.commitLog.segmentSize;
  }

  maxOffset(): number {
    return this.p.commitLog.appendOffset;
  }

  minOffset(): number {
    return this.p.commitLog.minOffset;
  }

  read(offset: number, max: number, upTo?: number): Promise<Buffer | undefined> {
    // A master serves only bytes handed to the OS: a killed master process keeps those (page cache), so it never
    // restarts shorter than a slave it fed — it would reuse offsets and queue offsets the slave already holds.
    return this.p.commitLog.readRange(offset, max, upTo ?? this.p.commitLog.writtenOffset);
  }

  onGrow(listener: () => void): void {
    this.growListeners.push(listener);
  }

  /** The store calls this after each put; appends call it themselves. */
  grew(): void {
    for (const l of this.growListeners) {
      try {
        l();
      } catch (e) {
        log.warn({ err: e }, 'replica grow listener threw');
      }
    }
  }

  append(offset: number, data: Buffer): void {
    const cl = this.p.commitLog;
    if (!this.p.running() || this.truncating) throw new ReplicationError('HA_APPEND_REFUSED', 'the store is not accepting replicated data now');
    const end = cl.appendOffset;
    const empty = cl.queue.files.length === 0 && end === 0;
    if (offset !== end && !empty) throw new ReplicationError('HA_OFFSET_MISMATCH', `data at ${offset}, but this log ends at ${end}`);
    // tail holds the bytes from parsePos to the log's end that are not a whole record yet.
    if (this.parsePos < 0 || empty || this.parsePos + this.tail.length !== end) {
      this.parsePos = empty ? offset : end;
      this.tail = EMPTY;
      this.skipTo = -1;
      this.blankAt = -1;
    }
    const bytes = this.tail.length === 0 ? data : Buffer.concat([this.tail, data]);
    const { records, consumed, skipTo, blankAt } = this.parse(bytes, offset);
    cl.appendRaw(offset, data);
    for (const r of records) this.undispatched.push(r);
    this.tail = consumed >= bytes.length ? EMPTY : Buffer.from(bytes.subarray(consumed));
    this.parsePos += consumed;
    this.skipTo = skipTo;
    if (blankAt >= 0) this.blankAt = blankAt;
    // Once dispatched, everything below parsePos may be vouched for by a checkpoint. Inside a segment's padding the
    // checkpoint stays at the end marker, which recovery reads as "this segment is full".
    if (skipTo < 0) this.dispatchTo = this.parsePos;
    if (!this.dispatchScheduled) {
      this.dispatchScheduled = true;
      setImmediate(() => this.dispatchPending());
    }
    this.p.appended();
    this.grew();
  }

  /**
   * Gives appended records their units now. Runs by itself right after appends; a truncation and a promotion to
   * master (whose puts take queue offsets from the units) call it first.
   */
  dispatchPending(): void {
    this.dispatchScheduled = false;
    const records = this.undispatched;
    this.undispatched = [];
    for (const r of records) dispatchReplicated(this.p.dispatcher, r, this.p.tagsCodeOf, this.p.listeners);
    const to = this.dispatchTo;
    if (to !== undefined && this.p.dispatcher.dispatchedOffset < to) this.p.dispatcher.dispatchedOffset = to;
  }

  /**
   * Whole records in `bytes` (which start at parsePos), without side effects. Throws on bytes that cannot be a
   * record of a log: that frame is refused as a whole.
   */
  private parse(bytes: Buffer, frameOffset: number): { records: RecordInfo[]; consumed: number; skipTo: number; blankAt: number } {
    const seg = this.segmentSize;
    const records: RecordInfo[] = [];
    let pos = 0;
    let skipTo = this.skipTo;
    let blankAt = -1;
    while (pos < bytes.length) {
      const at = this.parsePos + pos;
      if (skipTo >= 0) {
        if (at + (bytes.length - pos) <= skipTo) return { records, consumed: bytes.length, skipTo, blankAt };
        pos = skipTo - this.parsePos;
        skipTo = -1;
        continue;
      }
      const segmentRemaining = seg - (at % seg);
      const r = checkRecord(bytes, pos, bytes.length - pos, at, { segmentRemaining, maxMessageSize: this.p.maxMessageSize });
      if (r.kind === 'need') break;
      if (r.kind === 'record') {
        records.push(r.info);
        pos += r.info.size;
      } else if (r.kind === 'blank') {
        skipTo = at + segmentRemaining;
        blankAt = at;
      } else {
        const why = r.kind === 'bad' ? r.reason : 'zeros where a record should start';
        throw new ReplicationError('HA_BAD_FRAME', `replicated bytes at ${at} are not a record (${why}); frame at ${frameOffset} refused`);
      }
    }
    return { records, consumed: pos, skipTo, blankAt };
  }

  recordEnd(): number {
    this.dispatchPending();
    if (this.parsePos < 0) return this.p.commitLog.appendOffset;
    return this.skipTo >= 0 && this.blankAt >= 0 ? this.blankAt : this.parsePos;
  }

  truncate(offset: number): Promise<void> {
    if (!this.truncating) {
      this.truncating = this.doTruncate(offset).finally(() => {
        this.truncating = undefined;
      });
    }
    return this.truncating;
  }

  private async doTruncate(offset: number): Promise<void> {
    this.dispatchPending();
    const cl = this.p.commitLog;
    if (offset >= cl.appendOffset) return;
    if (offset < cl.minOffset) throw new ReplicationError('HA_APPEND_REFUSED', `cannot cut the log at ${offset}, below its start ${cl.minOffset}`);
    await this.p.quiesce();
    log.warn({ from: cl.appendOffset, to: offset }, 'replica log cut back to its master\'s end');
    await cl.truncateTo(offset);
    // Held puts past the cut get no units; units still in memory are written out first, since the cut works on files.
    this.p.dispatcher.dropFrom(offset);
    for (const cq of this.p.cqs.all()) {
      if (cq.lastPhyEnd <= offset) continue;
      await cq.settle();
      cq.truncateByPhy(offset);
    }
    if (this.p.dispatcher.dispatchedOffset > offset) this.p.dispatcher.dispatchedOffset = offset;
    this.tail = EMPTY;
    this.parsePos = offset;
    this.skipTo = -1;
    this.blankAt = -1;
    this.dispatchTo = undefined;
  }
}

/**
 * SYNC_MASTER (Apache's submitReplicaRequest): a stored put is answered once a slave has it too. A slave status
 * overrides a flush timeout; the message is stored either way, so the append result stays in the answer.
 */
export function awaitReplica(put: Promise<PutMessageResult>, gate: ReplicaGate, end: number): Promise<PutMessageResult> {
  return Promise.all([put, gate.awaitReplicated(end)]).then(([r, gs]) => {
    if (gs === PutMessageStatus.PUT_OK || !r.appendResult) return r;
    if (r.status !== PutMessageStatus.PUT_OK && r.status !== PutMessageStatus.FLUSH_DISK_TIMEOUT) return r;
    return { status: gs, appendResult: r.appendResult, remark: gs === PutMessageStatus.SLAVE_NOT_AVAILABLE ? 'no slave in sync' : 'the slave did not acknowledge in time' };
  });
}
