/**
 * Orbit's RocketMQ client SDK: producers (plain and transactional), push/pull/lite-pull consumers, queue
 * selectors and allocation strategies. Works against Orbit and Apache RocketMQ 4.x brokers alike. Published
 * as the `orbit-mq-client` package (server/client/package/); in this repository, import it by path.
 *
 * ```ts
 * import { Producer, PushConsumer } from 'orbit-mq-client';
 * ```
 *
 * @packageDocumentation
 */
export { MqError, ClientError, BrokerError, RemotingError, RemotingTimeoutError, RemotingConnectError, AbortError } from '../common/errors';
export type { ClientConfig, ClientLogger } from './impl/client-config';
export type { Message, MessageExt, MessageQueue } from './impl/message';
export { bodyText, RETRY_GROUP_TOPIC_PREFIX, DLQ_GROUP_TOPIC_PREFIX, retryTopic, dlqTopic } from './impl/message';
export { createUniqId } from './impl/uniq-id';
export type { ConsumeFromWhere, MessageModel } from '../remoting/body/heartbeat';
export type { MessageSelector } from './impl/subscription';
export { FilterCompileError } from '../filter';

export { Producer } from './producer/producer';
export type { ProducerOptions, SendResult, SendStatus, SendOptions, SendCallback } from './producer/producer';
export { TransactionProducer } from './producer/transaction-producer';
export type {
  TransactionProducerOptions,
  TransactionListener,
  LocalTransactionState,
  TransactionSendResult,
} from './producer/transaction-producer';
export {
  selectMessageQueueByHash,
  selectMessageQueueByRandom,
  selectMessageQueueByKeyHash,
  javaHashCode,
} from './producer/selectors';
export type { MessageQueueSelector } from './producer/selectors';
export { splitBatch, validateBatch, batchEntrySize, DEFAULT_MAX_BATCH_BYTES } from './producer/batch';

export { PushConsumer } from './consumer/push-consumer';
export type { PushConsumerOptions } from './consumer/push-consumer';
export { ConsumeConcurrentlyStatus, ConsumeOrderlyStatus } from './consumer/types';
export type {
  ConsumeConcurrentlyContext,
  ConsumeOrderlyContext,
  MessageListenerConcurrently,
  MessageListenerOrderly,
} from './consumer/types';
export { PullConsumer } from './consumer/pull-consumer';
export type { PullConsumerOptions, PullOptions, PullResult } from './consumer/pull-consumer';
export type { PullStatus } from './impl/mq-client-api';
export { LitePullConsumer } from './consumer/lite-pull-consumer';
export type { LitePullConsumerOptions } from './consumer/lite-pull-consumer';
export {
  AllocateMessageQueueAveragely,
  AllocateMessageQueueAveragelyByCircle,
  AllocateMessageQueueConsistentHash,
  AllocateMessageQueueByConfig,
} from './consumer/allocate-strategy';
export type { AllocateMessageQueueStrategy } from './consumer/allocate-strategy';
export { IdempotentFilter } from './consumer/idempotent';
export type { IdempotentOptions } from './consumer/idempotent';

export type { TraceOptions } from './trace/trace-hooks';
export type { TraceDispatcherStats } from './trace/async-trace-dispatcher';
export { decodeTraceData, encodeTraceContext, DEFAULT_TRACE_TOPIC, MESSAGE_TYPES as TRACE_MESSAGE_TYPES } from './trace/trace-codec';
export type {
  TraceContext,
  TraceBean,
  TraceType,
  TraceTransfer,
  MessageType as TraceMessageType,
  TransactionState as TraceTransactionState,
} from './trace/trace-codec';
