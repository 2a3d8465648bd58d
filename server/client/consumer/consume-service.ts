/**
 * What the push consumer's two consume services share (Java's ConsumeMessageService): the pool that bounds
 * listener calls, the redelivery timers that die with the service, and one listener call with what surrounds
 * it (the batch's set-up, the consume timeout, the trace records).
 */
import { ClientError } from '../../common/errors';
import type { LogSink } from '../../common/log-sink';
import { MessageConst } from '../../common/message/message-const';
import type { MessageModel, MessageQueue } from '../../remoting/body/heartbeat';
import { ConcurrencyLimiter } from '../impl/limiter';
import { retryTopic, type MessageExt } from '../impl/message';
import type { OffsetStore } from '../impl/offset-store';
import type { ProcessQueue } from '../impl/process-queue';
import type { AsyncTraceDispatcher } from '../trace/async-trace-dispatcher';
import { consumeReturnType, traceConsumeBatch } from '../trace/trace-hooks';
import type { MessageSendBack } from './message-send-back';
import type { ResolvedPushConsumerOptions } from './push-consumer-options';

/** The consumer's parts a consume service works with; made at the consumer's start. */
export interface ConsumeServiceDeps {
  group: string;
  messageModel: MessageModel;
  o: ResolvedPushConsumerOptions;
  log: LogSink;
  offsetStore: OffsetStore;
  sendBack: MessageSendBack;
  /** Set with `enableMsgTrace`: SubBefore/SubAfter records of each listener call go through it. */
  trace: AsyncTraceDispatcher | undefined;
  /** Listener outcomes per message, shared with the consumer's running info. */
  stats: { okCount: number; failedCount: number };
}

/** Restores the original topic of a redelivered message (Java's resetRetryAndNamespace). */
export function resetRetryTopic(msg: MessageExt, group: string): MessageExt {
  const orig = msg.properties[MessageConst.RETRY_TOPIC];
  if (orig && msg.topic === retryTopic(group)) msg.topic = orig;
  return msg;
}

function isThenable<T>(v: T | PromiseLike<T>): v is PromiseLike<T> {
  return typeof (v as PromiseLike<T> | null)?.then === 'function';
}

export abstract class ConsumeService {
  /** True for the orderly service: the pull loop then waits for the queue's lock and ignores the offset span. */
  abstract readonly orderly: boolean;
  protected readonly limiter: ConcurrencyLimiter;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(protected readonly d: ConsumeServiceDeps) {
    this.limiter = new ConcurrencyLimiter(Math.max(1, d.o.consumeThreadMax));
  }

  /** Hands messages a pull just put into `pq` to the listener; `dispatchToConsume` as ProcessQueue.putMessages answered. */
  abstract submit(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue, dispatchToConsume: boolean): void;

  protected get running(): boolean {
    return !this.stopped;
  }

  /** Stops scheduling: pending redeliveries are dropped (their messages stay uncommitted, so they come back). */
  shutdown(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  protected later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /**
   * One listener call on a batch, with SubBefore/SubAfter around it: the listener's answer, or undefined when
   * it threw, outlived consumeTimeoutMs or answered nothing (the SubAfter tells these apart). `success` is the
   * answer that counts as consumed; `onThrow` the warning logged when the listener throws.
   */
  protected async callListener<S extends string>(msgs: MessageExt[], mq: MessageQueue, success: S, call: () => S | PromiseLike<S>, onThrow: string): Promise<S | undefined> {
    // The topic the application subscribed to back on redeliveries, and CONSUME_START_TIMESTAMP as Java stamps it.
    const now = String(Date.now());
    for (const m of msgs) {
      resetRetryTopic(m, this.d.group);
      m.properties[MessageConst.CONSUME_START_TIMESTAMP] = now;
    }
    const traceDone = traceConsumeBatch(this.d.trace, this.d.group, msgs);
    let status: S | undefined;
    let failure: unknown;
    try {
      // A listener that answers synchronously needs no timeout timer (one per batch adds up at high rates).
      const answer = call();
      status = isThenable(answer) ? await this.withTimeout(answer) : answer;
    } catch (err) {
      failure = err;
      this.d.log.warn({ group: this.d.group, mq, err: (err as Error).message }, onThrow);
    }
    traceDone(status === success, consumeReturnType(status === success, failure, !failure && status == null));
    return status;
  }

  private async withTimeout<T>(p: PromiseLike<T>): Promise<T> {
    const ms = this.d.o.consumeTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        Promise.resolve(p),
        new Promise<T>((_, reject) => {
          timer = setTimeout(() => reject(new ClientError('CONSUME_TIMEOUT', `consume took longer than ${ms} ms`)), ms);
          timer.unref();
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
