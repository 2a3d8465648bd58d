/**
 * Orderly consumption (Java's ConsumeMessageOrderlyService): one pass at a time per queue, in offset order,
 * and in clustering mode only while this client holds the queue's lock on the broker. A failed batch is put
 * back and the queue suspended for a while; past maxReconsumeTimes a message goes to the retry topic (the
 * broker moves it to the DLQ). A pass yields after a minute so one busy queue cannot hold a pool slot forever.
 */
import type { MessageQueue } from '../../remoting/body/heartbeat';
import type { MessageExt } from '../impl/message';
import type { ProcessQueue } from '../impl/process-queue';
import type { ConsumerRebalance } from '../impl/rebalance';
import { ConsumeService, type ConsumeServiceDeps } from './consume-service';
import type { ConsumeOrderlyContext, MessageListenerOrderly } from './types';

const MAX_TIME_CONSUME_CONTINUOUSLY_MS = 60_000;

export class ConsumeMessageOrderlyService extends ConsumeService {
  readonly orderly = true;

  /** `listener` is read at each call: one registered again after start takes over. */
  constructor(
    d: ConsumeServiceDeps,
    private readonly rebalance: ConsumerRebalance,
    private readonly listener: () => MessageListenerOrderly,
  ) {
    super(d);
  }

  submit(_msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue, dispatchToConsume: boolean): void {
    if (dispatchToConsume) this.runOrderly(pq, mq);
  }

  /** -1 means no limit: an orderly queue waits for its message as long as it takes. */
  private maxReconsumeTimes(): number {
    return this.d.o.maxReconsumeTimes === -1 ? 2147483647 : this.d.o.maxReconsumeTimes;
  }

  private runOrderly(pq: ProcessQueue, mq: MessageQueue, delayMs = 0): void {
    if (delayMs > 0) {
      this.later(delayMs, () => this.runOrderly(pq, mq));
      return;
    }
    if (pq.consumingNow || pq.dropped) return;
    pq.consumingNow = true;
    void this.limiter
      .run(() => this.consumeOrderly(pq, mq))
      .catch((err) => this.d.log.error({ err, mq }, 'orderly consume crashed'))
      .finally(() => {
        pq.consumingNow = false;
      });
  }

  private async consumeOrderly(pq: ProcessQueue, mq: MessageQueue): Promise<void> {
    const clustering = this.d.messageModel === 'CLUSTERING';
    const begin = Date.now();
    while (this.running && !pq.dropped) {
      if (clustering && (!pq.locked || pq.isLockExpired())) {
        const ok = await this.rebalance.lock(mq, pq);
        this.runOrderlyAfterCurrent(pq, mq, ok ? 10 : 3000);
        return;
      }
      if (Date.now() - begin > MAX_TIME_CONSUME_CONTINUOUSLY_MS) {
        this.runOrderlyAfterCurrent(pq, mq, 10);
        return;
      }
      const msgs = pq.takeMessages(Math.max(1, this.d.o.consumeMessageBatchMaxSize));
      if (msgs.length === 0) return;
      const ctx: ConsumeOrderlyContext = { messageQueue: mq, suspendCurrentQueueTimeMillis: -1 };
      const answer = await this.callListener(msgs, mq, 'SUCCESS', () => this.listener()(msgs, ctx), 'orderly consume threw; suspending the queue');
      const status = answer ?? 'SUSPEND_CURRENT_QUEUE_A_MOMENT';
      if (pq.dropped) return;
      let commitOffset = -1;
      if (status === 'SUCCESS') {
        this.d.stats.okCount += msgs.length;
        commitOffset = pq.commit();
      } else {
        this.d.stats.failedCount += msgs.length;
        if (await this.checkReconsumeTimes(msgs)) {
          pq.makeMessagesToConsumeAgain(msgs);
          const wait = ctx.suspendCurrentQueueTimeMillis >= 10 && ctx.suspendCurrentQueueTimeMillis <= 30_000 ? ctx.suspendCurrentQueueTimeMillis : this.d.o.suspendCurrentQueueTimeMillis;
          this.runOrderlyAfterCurrent(pq, mq, wait);
          return;
        }
        commitOffset = pq.commit();
      }
      if (commitOffset >= 0 && !pq.dropped) this.d.offsetStore.updateOffset(mq, commitOffset, false);
    }
  }

  /** Schedules the next orderly pass once the current one has released the queue. */
  private runOrderlyAfterCurrent(pq: ProcessQueue, mq: MessageQueue, delayMs: number): void {
    this.later(delayMs, () => {
      if (pq.consumingNow) this.runOrderlyAfterCurrent(pq, mq, 10);
      else this.runOrderly(pq, mq);
    });
  }

  /** Orderly retry bookkeeping: true = suspend and redeliver locally; past the maximum the message goes to the DLQ. */
  private async checkReconsumeTimes(msgs: MessageExt[]): Promise<boolean> {
    let suspend = false;
    const max = this.maxReconsumeTimes();
    for (const m of msgs) {
      if (m.reconsumeTimes >= max) {
        if (!(await this.d.sendBack.sendToRetryTopic(m, m.reconsumeTimes, max))) {
          suspend = true;
          m.reconsumeTimes++;
        }
      } else {
        suspend = true;
        m.reconsumeTimes++;
      }
    }
    return suspend;
  }
}
