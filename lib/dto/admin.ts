/** DTOs of the topic, group, message, DLQ, producer and broker views. Shared by browser and Node. */
import type { BodyKind } from '../message-body';

export type TopicKind = 'normal' | 'retry' | 'dlq' | 'system';

export interface TopicRowDto {
  topic: string;
  kind: TopicKind;
  /** Summed over brokers; null when no broker holds a config (only the name server knows it). */
  readQueueNums: number | null;
  writeQueueNums: number | null;
  perm: number | null;
  order: boolean;
  brokerNames: string[];
}

export interface Page<T> {
  items: T[];
  /** Items matching the filter. */
  total: number;
  page: number;
  pageSize: number;
  /** Items before filtering. */
  totalAll: number;
  fetchedAt: string;
}

export interface QueueStatsDto {
  brokerName: string;
  queueId: number;
  minOffset: number;
  maxOffset: number;
  lastUpdateTimestamp: number;
}

export interface TopicRouteRowDto {
  brokerName: string;
  cluster: string;
  masterAddr: string | null;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
}

export interface TopicDetailDto {
  topic: string;
  kind: TopicKind;
  queues: QueueStatsDto[];
  totalMessages: number;
  route: TopicRouteRowDto[];
  consumerGroups: string[];
  config: { readQueueNums: number; writeQueueNums: number; perm: number; order: boolean } | null;
  problems: string[];
  fetchedAt: string;
}

export interface SendResultDto {
  msgId: string;
  offsetMsgId: string;
  topic: string;
  brokerName: string;
  queueId: number;
  queueOffset: number;
}

export interface GroupRowDto {
  group: string;
  system: boolean;
  brokerNames: string[];
  /** Total lag (sum over queues); null when it could not be read. */
  lag: number | null;
  /** Age (ms) of the oldest unconsumed message over the group's queues; 0 without lag, null when unknown. */
  timeLagMs: number | null;
  consumeTps: number | null;
  onlineClients: number;
  messageModel: string | null;
  consumeType: string | null;
  topics: string[];
}

export interface QueueConsumeDto {
  topic: string;
  brokerName: string;
  queueId: number;
  brokerOffset: number;
  consumerOffset: number;
  lag: number;
  /** Age (ms) of the message at the consumer offset; 0 without lag, null when it could not be read. */
  timeLagMs: number | null;
  lastTimestamp: number;
  /** Client the queue is assigned to, from the consumers' running info; null when unknown. */
  client: string | null;
}

export interface ConnectionDto {
  clientId: string;
  clientAddr: string;
  language: string;
  version: number;
}

export interface SubscriptionGroupConfigDto {
  groupName: string;
  consumeEnable: boolean;
  consumeFromMinEnable: boolean;
  consumeBroadcastEnable: boolean;
  retryQueueNums: number;
  retryMaxTimes: number;
  brokerId: number;
  whichBrokerWhenConsumeSlowly: number;
  notifyConsumerIdsChangedEnable: boolean;
}

export interface GroupDetailDto {
  group: string;
  config: SubscriptionGroupConfigDto | null;
  brokerNames: string[];
  consumeTps: number;
  totalLag: number;
  /** The oldest queue's time lag (ms); 0 without lag, null when unknown. */
  timeLagMs: number | null;
  queues: QueueConsumeDto[];
  topics: string[];
  online: boolean;
  connections: ConnectionDto[];
  subscriptions: { topic: string; expression: string; expressionType: string }[];
  consumeType: string | null;
  messageModel: string | null;
  consumeFromWhere: string | null;
  problems: string[];
  fetchedAt: string;
}

export interface ResetOffsetResultDto {
  method: 'broker' | 'offline';
  offsets: { topic: string; brokerName: string; queueId: number; offset: number }[];
}

/** One queue of a reset preview: where the group is and where a reset to the chosen time would put it. */
export interface ResetPreviewQueueDto {
  topic: string;
  brokerName: string;
  queueId: number;
  /** The group's committed offset; null when it has none on this queue. */
  currentOffset: number | null;
  targetOffset: number;
  /** Messages read again (target before current) or skipped (target after current); 0 without a current offset. */
  reconsume: number;
  skip: number;
}

export interface ResetPreviewDto {
  group: string;
  /** Epoch ms, −1 for the end of the queues (skip the backlog). */
  timestamp: number;
  queues: ResetPreviewQueueDto[];
  totals: { queues: number; reconsume: number; skip: number };
  fetchedAt: string;
}

export interface MessageSummaryDto {
  msgId: string;
  offsetMsgId: string;
  topic: string;
  brokerName: string | null;
  queueId: number;
  queueOffset: number;
  tags: string | null;
  keys: string | null;
  storeTimestamp: number;
  bornTimestamp: number;
  reconsumeTimes: number;
  bodySize: number;
  /** First characters of the body as UTF-8 text. */
  bodyPreview: string;
  /** For retry/DLQ messages: the topic it was first sent to. */
  originalTopic: string | null;
}

export interface MessageDetailDto extends MessageSummaryDto {
  bornHost: string;
  storeHost: string;
  commitLogOffset: number;
  sysFlag: number;
  flag: number;
  properties: Record<string, string>;
  /** Body bytes, base64: all of them, or the first BODY_VIEW_LIMIT_BYTES when `bodyTruncated`. */
  bodyBase64: string;
  /** Decided from the whole body (see lib/message-body.ts). */
  bodyKind: BodyKind;
  /** `bodyBase64` holds only the first bytes; GET /api/messages/body has them all. */
  bodyTruncated: boolean;
}

export interface MessageListDto {
  messages: MessageSummaryDto[];
  truncated: boolean;
}

export interface DlqRowDto {
  group: string;
  retryDepth: number;
  dlqDepth: number;
  hasRetryTopic: boolean;
  hasDlqTopic: boolean;
}

export interface ResendOutcomeDto {
  id: string;
  ok: boolean;
  topic?: string;
  newMsgId?: string;
  error?: string;
}

export interface ProducerConnectionsDto {
  group: string;
  connections: ConnectionDto[];
}

export interface BrokerRuntimeDto {
  brokerName: string;
  brokerId: number;
  addr: string;
  cluster: string;
  ok: boolean;
  error?: string;
  version: string | null;
  putTps: number | null;
  getTps: number | null;
  /** 0..1 */
  commitLogDiskRatio: number | null;
  msgPutTotalToday: number | null;
  msgGetTotalToday: number | null;
  runtime: string | null;
}

export interface BrokerRuntimeListDto {
  brokers: BrokerRuntimeDto[];
  totalPutTps: number;
  totalGetTps: number;
  fetchedAt: string;
}
