/**
 * Concurrent consumption (Java's ConsumeMessageConcurrentlyService): batches of consumeMessageBatchMaxSize
 * run in parallel up to consumeThreadMax. Messages past the listener's ackIndex go back to the broker
 * (clustering) or are dropped with a warning (broadcasting); a message that cannot be sent back is consumed
 * again here 5 s later. The queue's offset advances to the smallest message still held.
 */
import type { MessageQueue } from '../../remoting/body/heartbeat';
import type { MessageExt } from '../impl/message';
import type { ProcessQueue } from '../impl/process-queue';
import { ConsumeService, type ConsumeServiceDeps } from './consume-service';
import type { ConsumeConcurrentlyContext, MessageListenerConcurrently } from './types';

const SEND_BACK_RETRY_DELAY_MS = 5000;

export class ConsumeMessageConcurrentlyService extends ConsumeService {
  readonly orderly = false;

  /** `listener` is read at each call: one registered again after start takes over. */
  constructor(
    d: ConsumeServiceDeps,
    private readonly listener: () => MessageListenerConcurrently,
  ) {
    super(d);
  }

  submit(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue): void {
    const n = Math.max(1, this.d.o.consumeMessageBatchMaxSize);
    for (let i = 0; i < msgs.length; i += n) this.run(msgs.slice(i, i + n), pq, mq);
  }

  private run(batch: MessageExt[], pq: ProcessQueue, mq: MessageQueue): void {
    void this.limiter.run(() => this.consume(batch, pq, mq)).catch((err) => this.d.log.error({ err, mq }, 'concurrent consume crashed'));
  }

  /** -1 means Java's default of 16 deliveries. */
  private maxReconsumeTimes(): number {
    return this.d.o.maxReconsumeTimes === -1 ? 16 : this.d.o.maxReconsumeTimes;
  }

  private async consume(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue): Promise<void> {
    if (pq.dropped) return;
    const ctx: ConsumeConcurrentlyContext = { messageQueue: mq, delayLevelWhenNextConsume: 0, ackIndex: Number.MAX_SAFE_INTEGER };
    const answer = await this.callListener(msgs, mq, 'CONSUME_SUCCESS', () => this.listener()(msgs, ctx), 'consume threw; reconsume later');
    const status = answer ?? 'RECONSUME_LATER';
    if (pq.dropped) return;
    let ackIndex = status === 'CONSUME_SUCCESS' ? Math.min(ctx.ackIndex, msgs.length - 1) : -1;
    if (ackIndex < -1) ackIndex = -1;
    this.d.stats.okCount += ackIndex + 1;
    this.d.stats.failedCount += msgs.length - ackIndex - 1;
    const failedBack: MessageExt[] = [];
    if (this.d.messageModel === 'CLUSTERING') {
      for (let i = ackIndex + 1; i < msgs.length; i++) {
        const m = msgs[i];
        if (!(await this.d.sendBack.sendMessageBack(m, ctx.delayLevelWhenNextConsume, this.maxReconsumeTimes()))) {
          m.reconsumeTimes++;
          failedBack.push(m);
        }
      }
    } else {
      for (let i = ackIndex + 1; i < msgs.length; i++) {
        this.d.log.warn({ group: this.d.group, msgId: msgs[i].msgId }, 'BROADCASTING, the message consume failed, drop it');
      }
    }
    const done = msgs.filter((m) => !failedBack.includes(m));
    if (failedBack.length) {
      this.later(SEND_BACK_RETRY_DELAY_MS, () => {
        if (pq.dropped) return;
        for (const m of failedBack) this.run([m], pq, mq);
      });
    }
    const offset = pq.removeMessages(done);
    if (offset >= 0 && !pq.dropped) this.d.offsetStore.updateOffset(mq, offset, true);
  }
}
