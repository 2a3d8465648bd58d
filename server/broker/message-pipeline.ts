/**
 * Every message the broker stores passes here: delayed messages are parked in SCHEDULE_TOPIC_XXXX (queue =
 * level − 1) with their real topic and queue in properties; half (prepared) transaction messages are parked in
 * RMQ_SYS_TRANS_HALF_TOPIC. Everything else goes to the store as it is.
 */
import { MessageConst, MessageSysFlag, NAME_VALUE_SEPARATOR, resetTransactionType, transactionType } from '../common/message/message-const';
import type { MessageExtBrokerInner, MessageStore, PutMessageResult } from '../store/message-store';
import { encodeProperties } from '../common/message/properties';
import { propertiesOf } from './message-inner';
import { RMQ_SYS_SCHEDULE_TOPIC, RMQ_SYS_TRANS_HALF_TOPIC } from './topic/topic-validator';

const DELAY_ITEM = MessageConst.DELAY_TIME_LEVEL + NAME_VALUE_SEPARATOR;
const DELIVER_TIME_ITEMS = [MessageConst.START_DELIVER_TIME, MessageConst.TIMER_DELIVER_MS, MessageConst.TIMER_DELAY_SEC].map(
  (k) => k + NAME_VALUE_SEPARATOR,
);

/**
 * The epoch-ms delivery time a message asks for, 0 for none: Orbit's/Aliyun's `__STARTDELIVERTIME`, or 5.x's timer
 * properties (`TIMER_DELIVER_MS`, `TIMER_DELAY_SEC` counted from `bornTimestamp`), which 5.x clients and proxies send.
 */
export function deliverTimeOf(p: Record<string, string>, bornTimestamp: number): number {
  const at = Number(p[MessageConst.START_DELIVER_TIME] ?? 0) || Number(p[MessageConst.TIMER_DELIVER_MS] ?? 0);
  if (at > 0) return at;
  const sec = Number(p[MessageConst.TIMER_DELAY_SEC] ?? 0);
  return sec > 0 ? bornTimestamp + sec * 1000 : 0;
}

/**
 * False when the properties cannot hold a delay level or a delivery time: most messages are neither, and this
 * spares decoding their properties. A match may be a false alarm (inside a value); the decoded map decides then.
 */
function mayBeDelayed(props: string): boolean {
  return props.includes(DELAY_ITEM) || DELIVER_TIME_ITEMS.some((item) => props.includes(item));
}

export class MessagePipeline {
  constructor(
    private readonly store: MessageStore,
    private readonly delayLevels: number[],
  ) {}

  get maxDelayLevel(): number {
    return this.delayLevels.length;
  }

  /** Rewrites `inner` for delay or transaction parking, then stores it. */
  put(inner: MessageExtBrokerInner): Promise<PutMessageResult> {
    this.park(inner);
    return this.store.putMessage(inner);
  }

  putBatch(inners: MessageExtBrokerInner[]): Promise<PutMessageResult> {
    return this.store.putMessages(inners);
  }

  private park(inner: MessageExtBrokerInner): void {
    const tranType = transactionType(inner.sysFlag);
    if (tranType === MessageSysFlag.TRANSACTION_PREPARED_TYPE) {
      const p = propertiesOf(inner);
      p[MessageConst.REAL_TOPIC] = inner.topic;
      p[MessageConst.REAL_QUEUE_ID] = String(inner.queueId);
      inner.propertiesString = encodeProperties(p);
      inner.sysFlag = resetTransactionType(inner.sysFlag, MessageSysFlag.TRANSACTION_NOT_TYPE);
      inner.topic = RMQ_SYS_TRANS_HALF_TOPIC;
      inner.queueId = 0;
      return;
    }
    if (tranType !== MessageSysFlag.TRANSACTION_NOT_TYPE && tranType !== MessageSysFlag.TRANSACTION_COMMIT_TYPE) return;
    if (!mayBeDelayed(inner.propertiesString)) return;
    const p = propertiesOf(inner);
    let level = Number(p[MessageConst.DELAY_TIME_LEVEL] ?? 0);
    const deliverAt = deliverTimeOf(p, inner.bornTimestamp);
    if (!(level > 0) && deliverAt > Date.now()) {
      // An arbitrary delivery time rides on the longest level that does not overshoot; when that level is
      // due, the schedule service parks it again for the rest of the wait, so no level queue is held up.
      level = this.levelFor(deliverAt - Date.now());
      p[MessageConst.DELAY_TIME_LEVEL] = String(level);
    }
    if (!(level > 0)) return;
    if (level > this.delayLevels.length) level = this.delayLevels.length;
    p[MessageConst.REAL_TOPIC] = inner.topic;
    p[MessageConst.REAL_QUEUE_ID] = String(inner.queueId);
    inner.propertiesString = encodeProperties(p);
    inner.topic = RMQ_SYS_SCHEDULE_TOPIC;
    inner.queueId = level - 1;
    inner.tagsCode = Date.now() + this.delayLevels[level - 1];
  }

  private levelFor(delayMs: number): number {
    let level = 1;
    for (let i = 0; i < this.delayLevels.length; i++) if (this.delayLevels[i] <= delayMs) level = i + 1;
    return level;
  }
}
