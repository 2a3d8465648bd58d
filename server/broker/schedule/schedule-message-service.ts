/**
 * Delivers delayed messages: SCHEDULE_TOPIC_XXXX has one queue per delay level; every entry in a level's
 * queue has the same delay, so each queue is due in order and the service only ever looks at its head.
 * Progress per level is kept in `<store>/config/delayOffset.json` (Apache's file and shape), written after
 * each delivery round, so a restart neither loses a message nor delivers one early.
 */
import path from 'node:path';
import type { Logger } from '../../common/logger';
import { MessageConst } from '../../common/message/message-const';
import { decodeMessage } from '../../common/message/message-decoder';
import { encodeProperties } from '../../common/message/properties';
import { decodeJavaBody, encodeJavaBody, toSafeNumber } from '../../remoting/fastjson';
import { PutMessageStatus, type MessageStore } from '../../store/message-store';
import { JsonConfigFile } from '../json-config-file';
import { buildInner, hostAddress } from '../message-inner';
import { deliverTimeOf, type MessagePipeline } from '../message-pipeline';
import { RMQ_SYS_SCHEDULE_TOPIC } from '../topic/topic-validator';

const TICK_MS = 100;
const BATCH = 32;

export class ScheduleMessageService {
  /** level (1-based) → next queue offset to deliver. */
  private readonly offsets = new Map<number, number>();
  private readonly file: JsonConfigFile;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private dirty = false;

  constructor(
    storeRoot: string,
    private readonly store: MessageStore,
    private readonly pipeline: MessagePipeline,
    private readonly delayLevels: number[],
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.file = new JsonConfigFile(path.join(storeRoot, 'config', 'delayOffset.json'), log);
  }

  load(): void {
    const text = this.file.read();
    if (!text) return;
    try {
      this.putAll(decodeJavaBody(Buffer.from(text)));
    } catch (err) {
      this.log.error({ err, file: this.file.filePath }, 'delay offsets unreadable; starting from the queue heads');
    }
  }

  /** A slave keeps its master's delivery progress (used once it becomes master); the text is the master's file. */
  replaceFromMaster(text: string): void {
    const o = decodeJavaBody(Buffer.from(text)); // throws on what does not parse: the file is left as it was
    this.offsets.clear();
    this.putAll(o);
    void this.file.writeSoon(text);
  }

  /** A delay offset body (delayOffset.json, or a master's answer to code 45) into the progress table. */
  private putAll(o: { offsetTable?: unknown }): void {
    const t = o.offsetTable;
    const table = t instanceof Map ? [...t.entries()] : Object.entries((t as Record<string, unknown> | undefined) ?? {});
    for (const [k, v] of table) this.offsets.set(Number(k), toSafeNumber(v));
  }

  /** Delivery progress past a level queue's end (its tail was cut by recovery) is set back to the end. */
  clampToQueueEnds(): { level: number; from: number; to: number }[] {
    const fixed: { level: number; from: number; to: number }[] = [];
    for (const [level, offset] of this.offsets) {
      const max = this.store.getMaxOffsetInQueue(RMQ_SYS_SCHEDULE_TOPIC, level - 1);
      if (offset > max) {
        this.offsets.set(level, max);
        fixed.push({ level, from: offset, to: max });
      }
    }
    if (fixed.length) this.dirty = true;
    return fixed;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    while (this.running) await new Promise((r) => setTimeout(r, 10));
    await this.file.settled();
    this.dirty = true;
    this.persist(true);
  }

  /** delayOffset.json's text, also what GET_ALL_DELAY_OFFSET returns. */
  toJson(): string {
    return encodeJavaBody({ offsetTable: new Map([...this.offsets.entries()].sort((a, b) => a[0] - b[0])) }).toString();
  }

  /** After each round in the background; at shutdown (`now`) blocking. */
  private persist(now = false): void {
    if (!this.dirty) return;
    this.dirty = false;
    if (now) this.file.write(this.toJson());
    else void this.file.writeSoon(this.toJson());
  }

  /** One pass over every level; exported for tests that drive time themselves. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let level = 1; level <= this.delayLevels.length; level++) await this.deliverLevel(level);
      this.persist();
    } catch (err) {
      this.log.error({ err }, 'delay delivery round failed');
    } finally {
      this.running = false;
    }
  }

  private async deliverLevel(level: number): Promise<void> {
    const queueId = level - 1;
    const max = this.store.getMaxOffsetInQueue(RMQ_SYS_SCHEDULE_TOPIC, queueId);
    let offset = this.offsets.get(level) ?? 0;
    const min = this.store.getMinOffsetInQueue(RMQ_SYS_SCHEDULE_TOPIC, queueId);
    if (offset < min) offset = min;
    while (offset < max) {
      const r = await this.store.getMessage('SCHEDULE', RMQ_SYS_SCHEDULE_TOPIC, queueId, offset, BATCH, 4 * 1024 * 1024);
      if (r.messages.length === 0) {
        if (r.nextBeginOffset > offset) offset = r.nextBeginOffset;
        break;
      }
      for (const record of r.messages) {
        const msg = decodeMessage(record, 0, { inflate: false });
        const now = this.clock();
        const deliverAt = deliverTimeOf(msg.properties, msg.bornTimestamp);
        let due = msg.storeTimestamp + this.delayLevels[queueId];
        // A delivery time shorter than this level (the shortest one) is due before the entries behind it.
        if (deliverAt > 0 && deliverAt < due) due = deliverAt;
        if (due > now) {
          this.save(level, offset);
          return;
        }
        // What is left of a delivery time rides on another level, unless it is shorter than any level:
        // then the head waits for it (less than the shortest delay), so it is neither early nor late.
        if (deliverAt > now && deliverAt - now < this.delayLevels[0]) {
          this.save(level, offset);
          return;
        }
        if (!(await this.deliver(msg))) {
          // The store refused (disk guard, flush timeout): keep the offset and try again next tick.
          this.save(level, offset);
          return;
        }
        offset = msg.queueOffset + 1;
      }
    }
    this.save(level, offset);
  }

  private save(level: number, offset: number): void {
    if (this.offsets.get(level) !== offset) {
      this.offsets.set(level, offset);
      this.dirty = true;
    }
  }

  private async deliver(msg: ReturnType<typeof decodeMessage>): Promise<boolean> {
    const p = { ...msg.properties };
    const realTopic = p[MessageConst.REAL_TOPIC];
    const realQueueId = Number(p[MessageConst.REAL_QUEUE_ID] ?? 0);
    if (!realTopic) {
      this.log.warn({ offset: msg.commitLogOffset }, 'schedule entry without a real topic dropped');
      return true;
    }
    delete p[MessageConst.DELAY_TIME_LEVEL];
    const inner = buildInner({
      topic: realTopic,
      queueId: realQueueId,
      flag: msg.flag,
      body: msg.body,
      properties: p,
      sysFlag: msg.sysFlag,
      bornTimestamp: msg.bornTimestamp,
      bornHost: hostAddress(msg.bornHost),
      storeHost: hostAddress(msg.storeHost),
      reconsumeTimes: msg.reconsumeTimes,
    });
    inner.propertiesString = encodeProperties(p);
    // A delivery time beyond this level's delay is parked again for the rest of its wait.
    const r = await this.pipeline.put(inner);
    if (r.status === PutMessageStatus.PUT_OK) return true;
    this.log.warn({ status: r.status, topic: realTopic }, 'delayed message not delivered yet');
    return false;
  }
}
