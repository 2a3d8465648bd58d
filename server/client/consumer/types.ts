/** Listener contracts of the push consumer (Java's MessageListenerConcurrently / MessageListenerOrderly). */
import type { MessageExt, MessageQueue } from '../impl/message';

/**
 * Results of a concurrent listener, as Java's enum. Returning `ConsumeConcurrentlyStatus.CONSUME_SUCCESS` rather
 * than the bare string matters in an `async` TypeScript listener: there TypeScript widens a returned string literal
 * to `string` (the listener type allows a status or a promise of one), while the constant keeps its literal type.
 */
export const ConsumeConcurrentlyStatus = { CONSUME_SUCCESS: 'CONSUME_SUCCESS', RECONSUME_LATER: 'RECONSUME_LATER' } as const;
/** Result of a concurrent listener. */
export type ConsumeConcurrentlyStatus = (typeof ConsumeConcurrentlyStatus)[keyof typeof ConsumeConcurrentlyStatus];

/** Results of an orderly listener (see {@link ConsumeConcurrentlyStatus} on why constants). */
export const ConsumeOrderlyStatus = { SUCCESS: 'SUCCESS', SUSPEND_CURRENT_QUEUE_A_MOMENT: 'SUSPEND_CURRENT_QUEUE_A_MOMENT' } as const;
/** Result of an orderly listener. */
export type ConsumeOrderlyStatus = (typeof ConsumeOrderlyStatus)[keyof typeof ConsumeOrderlyStatus];

/** Context handed to a concurrent listener; it may change the retry delay and the ack index. */
export interface ConsumeConcurrentlyContext {
  messageQueue: MessageQueue;
  /** 0: the broker picks (3 + reconsumeTimes); > 0 that level; < 0 straight to the DLQ. */
  delayLevelWhenNextConsume: number;
  /** With CONSUME_SUCCESS, messages after this index are still retried (default: all succeeded). */
  ackIndex: number;
}

/** Context handed to an orderly listener. */
export interface ConsumeOrderlyContext {
  messageQueue: MessageQueue;
  /** Override of suspendCurrentQueueTimeMillis for this suspension (-1: the consumer's value). */
  suspendCurrentQueueTimeMillis: number;
}

/** Consumes batches of messages in parallel; a throw or a rejected promise counts as RECONSUME_LATER. */
export type MessageListenerConcurrently = (
  msgs: MessageExt[],
  ctx: ConsumeConcurrentlyContext,
) => Promise<ConsumeConcurrentlyStatus> | ConsumeConcurrentlyStatus;

/** Consumes one queue's messages one batch at a time, in queue order. A throw suspends the queue. */
export type MessageListenerOrderly = (msgs: MessageExt[], ctx: ConsumeOrderlyContext) => Promise<ConsumeOrderlyStatus> | ConsumeOrderlyStatus;
