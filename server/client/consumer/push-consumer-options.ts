/** The push consumer's options, RocketMQ's names and defaults, and the resolved form the consumer works with. */
import type { ConsumeFromWhere, MessageModel } from '../../remoting/body/heartbeat';
import type { ClientConfig } from '../impl/client-config';
import type { TraceOptions } from '../trace/trace-hooks';
import type { AllocateMessageQueueStrategy } from './allocate-strategy';

/** Push consumer options; RocketMQ's names and defaults. */
export interface PushConsumerOptions extends ClientConfig, TraceOptions {
  consumerGroup: string;
  /** CLUSTERING (default): each message to one member of the group. BROADCASTING: to every member. */
  messageModel?: MessageModel;
  /** Where a group with no stored offset starts (default CONSUME_FROM_LAST_OFFSET). */
  consumeFromWhere?: ConsumeFromWhere;
  /** For CONSUME_FROM_TIMESTAMP: `yyyyMMddHHmmss` or epoch ms (default: half an hour ago). */
  consumeTimestamp?: string | number;
  /** Queue allocation among the group's members (default: averagely). */
  allocateMessageQueueStrategy?: AllocateMessageQueueStrategy;
  /** Lower bound of listener concurrency (kept for parity; the limit is consumeThreadMax). */
  consumeThreadMin?: number;
  /** At most this many listener calls run at once (20). */
  consumeThreadMax?: number;
  /** Messages per listener call (1). */
  consumeMessageBatchMaxSize?: number;
  /** Messages per pull (32). */
  pullBatchSize?: number;
  /** Stop pulling a queue while it holds this many unconsumed messages (1000). */
  pullThresholdForQueue?: number;
  /** ... or this many MiB of bodies (100). */
  pullThresholdSizeForQueue?: number;
  /** Concurrent mode: stop pulling while the held offsets span more than this (2000). */
  consumeConcurrentlyMaxSpan?: number;
  /** Deliveries before the DLQ; -1 = 16 for concurrent, unlimited for orderly. */
  maxReconsumeTimes?: number;
  /** Orderly: wait before redelivering a suspended queue (1000 ms). */
  suspendCurrentQueueTimeMillis?: number;
  /** A listener call taking longer counts as failed (15 min). */
  consumeTimeoutMs?: number;
  /** Pause between pulls of a queue (0). */
  pullIntervalMs?: number;
  /** Broker long-poll hold (15 s). */
  brokerSuspendMaxTimeMillis?: number;
  /** Send the subscription with every pull instead of relying on the heartbeat (false, as Java). */
  postSubscriptionWhenPull?: boolean;
  /** Broadcasting offset directory (default ~/.rocketmq_offsets). */
  offsetStoreDir?: string;
}

/** The tuning options with their defaults filled in. */
export type ResolvedPushConsumerOptions = Required<
  Omit<PushConsumerOptions, keyof ClientConfig | keyof TraceOptions | 'consumerGroup' | 'messageModel' | 'consumeFromWhere' | 'allocateMessageQueueStrategy' | 'offsetStoreDir' | 'consumeTimestamp'>
>;

export function resolvePushConsumerOptions(options: PushConsumerOptions): ResolvedPushConsumerOptions {
  return {
    consumeThreadMin: options.consumeThreadMin ?? 20,
    consumeThreadMax: options.consumeThreadMax ?? 20,
    consumeMessageBatchMaxSize: options.consumeMessageBatchMaxSize ?? 1,
    pullBatchSize: options.pullBatchSize ?? 32,
    pullThresholdForQueue: options.pullThresholdForQueue ?? 1000,
    pullThresholdSizeForQueue: options.pullThresholdSizeForQueue ?? 100,
    consumeConcurrentlyMaxSpan: options.consumeConcurrentlyMaxSpan ?? 2000,
    maxReconsumeTimes: options.maxReconsumeTimes ?? -1,
    suspendCurrentQueueTimeMillis: options.suspendCurrentQueueTimeMillis ?? 1000,
    consumeTimeoutMs: options.consumeTimeoutMs ?? 15 * 60_000,
    pullIntervalMs: options.pullIntervalMs ?? 0,
    brokerSuspendMaxTimeMillis: options.brokerSuspendMaxTimeMillis ?? 15_000,
    postSubscriptionWhenPull: options.postSubscriptionWhenPull ?? false,
  };
}
