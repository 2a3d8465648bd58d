/**
 * Redelivery of popped messages nobody acknowledged in time. Reads the revive topic (checkpoints and acks, see
 * pop-checkpoint.ts) queue by queue from its committed offset, keeps the checkpoints still open in memory, and
 * once a checkpoint's invisible time is over puts each of its unacknowledged messages into the group's pop retry
 * topic `%RETRY%<group>_<topic>` (queue 0, reconsumeTimes + 1, 1ST_POP_TIME kept), where the next pop finds it.
 *
 * Its progress is the offset of group CID_RMQ_SYS_REVIVE_GROUP on each revive queue: the oldest checkpoint still
 * open (or the queue's end), so after a restart every open checkpoint and every ack after it is read again. A
 * checkpoint revived just before a crash may be revived again: delivery is at least once.
 */
import { MessageConst } from '../../common/message/message-const';
import { decodeMessage, MessageDecodeError, type MessageExt } from '../../common/message/message-decoder';
import { popRetryTopic, topicOfPopRetry } from '../../remoting/header/pop-extra-info';
import { GetMessageStatus, PutMessageStatus } from '../../store/message-store';
import type { BrokerContext } from '../broker-context';
import { buildInner, hostAddress } from '../message-inner';
import { PERM_READ, PERM_WRITE } from '../topic/perm';
import { RETRY_GROUP_TOPIC_PREFIX } from '../topic/topic-validator';
import {
  ACK_TAG,
  CK_TAG,
  REVIVE_GROUP,
  REVIVE_QUEUE_NUM,
  checkpointKey,
  decodeAck,
  decodeCheckpoint,
  queueOffsetsOf,
  type PopCheckPoint,
} from './pop-checkpoint';

const READ_BATCH = 256;
const READ_BYTES = 4 * 1024 * 1024;
/** Properties a redelivered copy must not carry: they would park it again instead of making it visible. */
const DROPPED_ON_REVIVE = [MessageConst.DELAY_TIME_LEVEL, MessageConst.START_DELIVER_TIME, 'TIMER_DELIVER_MS', 'TIMER_DELAY_SEC', 'TIMER_DELAY_MS'];

interface OpenCheckpoint {
  ck: PopCheckPoint;
  /** Where the checkpoint sits in its revive queue. */
  reviveOffset: number;
  /** Queue offsets of the messages still unacknowledged. */
  open: Set<number>;
}

interface ReviveQueue {
  id: number;
  /** Next revive-queue offset to read. */
  readOffset: number;
  open: Map<string, OpenCheckpoint>;
}

export interface ReviveStats {
  /** Checkpoints read, messages revived, acks that matched nothing open (late or duplicate). */
  checkpoints: number;
  revived: number;
  strayAcks: number;
}

export class PopReviveService {
  private readonly queues: ReviveQueue[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private loaded = false;
  readonly stats: ReviveStats = { checkpoints: 0, revived: 0, strayAcks: 0 };

  constructor(
    private readonly ctx: BrokerContext,
    private readonly reviveTopic: string,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    if (this.timer) return;
    this.loaded = false;
    this.queues.length = 0;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.commitProgress();
  }

  /** One read-and-revive pass now (tests, and the timer); passes never overlap. */
  runOnce(now = Date.now()): Promise<void> {
    if (!this.running) {
      this.running = this.pass(now)
        .catch((err: unknown) => this.ctx.log.error({ err }, 'pop revive pass failed'))
        .finally(() => (this.running = undefined));
    }
    return this.running;
  }

  /** Unacknowledged popped messages per `group` → topic (the consumer's topic, retries counted under it). */
  inflight(group: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const q of this.queues) {
      for (const o of q.open.values()) {
        if (o.ck.c !== group) continue;
        // A checkpoint of the pop retry topic counts under the topic the consumer subscribed.
        const topic = topicOfPopRetry(o.ck.t, o.ck.c) ?? o.ck.t;
        out.set(topic, (out.get(topic) ?? 0) + o.open.size);
      }
    }
    return out;
  }

  /** The lowest unacknowledged popped offset of (group, topic, queue), if any. */
  lowestOpen(group: string, topic: string, queueId: number): number | undefined {
    let low: number | undefined;
    for (const q of this.queues) {
      for (const o of q.open.values()) {
        if (o.ck.c !== group || o.ck.t !== topic || o.ck.q !== queueId) continue;
        for (const off of o.open) if (low === undefined || off < low) low = off;
      }
    }
    return low;
  }

  private load(): void {
    for (let id = 0; id < REVIVE_QUEUE_NUM; id++) {
      const committed = this.ctx.offsets.queryOffset(REVIVE_GROUP, this.reviveTopic, id);
      const min = this.ctx.store.getMinOffsetInQueue(this.reviveTopic, id);
      this.queues.push({ id, readOffset: Math.max(committed < 0 ? 0 : committed, min), open: new Map() });
    }
    this.loaded = true;
  }

  private async pass(now: number): Promise<void> {
    if (!this.loaded) this.load();
    for (const q of this.queues) {
      await this.readNew(q);
      await this.reviveDue(q, now);
    }
    this.commitProgress();
  }

  private async readNew(q: ReviveQueue): Promise<void> {
    for (;;) {
      const r = await this.ctx.store.getMessage(REVIVE_GROUP, this.reviveTopic, q.id, q.readOffset, READ_BATCH, READ_BYTES);
      if (r.status === GetMessageStatus.OFFSET_TOO_SMALL || r.status === GetMessageStatus.OFFSET_OVERFLOW_BADLY) {
        this.ctx.log.warn({ queue: q.id, from: q.readOffset, to: r.nextBeginOffset }, 'revive queue offset out of range; moved');
        q.readOffset = r.nextBeginOffset;
        continue;
      }
      if (r.status !== GetMessageStatus.FOUND) {
        if (r.status === GetMessageStatus.NO_MATCHED_MESSAGE) q.readOffset = r.nextBeginOffset;
        return;
      }
      for (const rec of r.messages) this.apply(q, rec);
      q.readOffset = r.nextBeginOffset;
      if (r.messages.length < READ_BATCH) return;
    }
  }

  private apply(q: ReviveQueue, rec: Buffer): void {
    let m: MessageExt;
    try {
      m = decodeMessage(rec);
    } catch (err) {
      if (!(err instanceof MessageDecodeError)) throw err;
      this.ctx.log.error({ queue: q.id, err: err.message }, 'undecodable revive record skipped');
      return;
    }
    const tag = m.properties[MessageConst.TAGS];
    try {
      if (tag === CK_TAG) {
        const ck = decodeCheckpoint(m.body);
        const open = new Set(queueOffsetsOf(ck).filter((_, i) => (ck.bm & (1 << i)) === 0));
        if (open.size > 0) q.open.set(checkpointKey(ck.c, ck.t, ck.q, ck.so, ck.pt), { ck, reviveOffset: m.queueOffset, open });
        this.stats.checkpoints++;
      } else if (tag === ACK_TAG) {
        const ack = decodeAck(m.body);
        const key = checkpointKey(ack.c, ack.t, ack.q, ack.so, ack.pt);
        const o = q.open.get(key);
        if (!o || !o.open.delete(ack.ao)) {
          this.stats.strayAcks++;
          return;
        }
        if (o.open.size === 0) q.open.delete(key);
      }
    } catch (err) {
      this.ctx.log.error({ queue: q.id, offset: m.queueOffset, err: (err as Error).message }, 'bad revive record skipped');
    }
  }

  private async reviveDue(q: ReviveQueue, now: number): Promise<void> {
    for (const [key, o] of q.open) {
      if (o.ck.pt + o.ck.it > now) continue;
      for (const offset of [...o.open].sort((a, b) => a - b)) {
        const ok = await this.reviveOne(o.ck, offset);
        // A put that failed (disk full, role change) is tried again on the next pass; nothing is dropped.
        if (!ok) return;
        o.open.delete(offset);
        this.stats.revived++;
      }
      q.open.delete(key);
    }
  }

  private async reviveOne(ck: PopCheckPoint, queueOffset: number): Promise<boolean> {
    const store = this.ctx.store;
    const phy = store.getCommitLogOffsetInQueue(ck.t, ck.q, queueOffset);
    const rec = phy >= 0 ? await store.lookMessageByOffset(phy) : undefined;
    if (!rec) {
      this.ctx.log.warn({ topic: ck.t, queue: ck.q, offset: queueOffset, group: ck.c }, 'popped message no longer stored; not redelivered');
      return true;
    }
    const m = decodeMessage(rec);
    const retry = ck.t.startsWith(RETRY_GROUP_TOPIC_PREFIX) ? ck.t : popRetryTopic(ck.t, ck.c);
    this.ctx.topics.createTopicIfAbsent(retry, 1, PERM_READ | PERM_WRITE, 0);
    const props = { ...m.properties };
    for (const k of DROPPED_ON_REVIVE) delete props[k];
    if (m.reconsumeTimes === 0 || !props[MessageConst.FIRST_POP_TIME]) props[MessageConst.FIRST_POP_TIME] = String(ck.pt);
    const inner = buildInner({
      topic: retry,
      queueId: 0,
      flag: m.flag,
      body: Buffer.from(m.body),
      properties: props,
      sysFlag: m.sysFlag,
      bornTimestamp: m.bornTimestamp,
      bornHost: hostAddress(m.bornHost),
      storeHost: this.ctx.storeHost,
      reconsumeTimes: m.reconsumeTimes + 1,
    });
    const r = await store.putMessage(inner);
    if (r.status !== PutMessageStatus.PUT_OK) {
      this.ctx.log.warn({ retry, status: r.status }, 'pop revive put failed; retried next pass');
      return false;
    }
    return true;
  }

  private commitProgress(): void {
    for (const q of this.queues) {
      let progress = q.readOffset;
      for (const o of q.open.values()) progress = Math.min(progress, o.reviveOffset);
      this.ctx.offsets.commitOffset(REVIVE_GROUP, this.reviveTopic, q.id, progress);
    }
  }
}
