/**
 * The SDK's message shapes: what a producer sends (`Message`), what a consumer receives (`MessageExt`),
 * and the queue address (`MessageQueue`).
 */
import type { MessageExt as StoredMessage } from '../../common/message/message-decoder';
import { MessageConst } from '../../common/message/message-const';
import type { MessageQueue } from '../../remoting/body/heartbeat';

export type { MessageQueue };

/** A message to send. */
export interface Message {
  /** Topic name (`^[%|a-zA-Z0-9_-]+$`, at most 127 characters). */
  topic: string;
  /** Payload; strings are sent as UTF-8. */
  body: Buffer | string;
  /** A single tag, used for broker-side filtering (`subscribe(topic, 'A || B')`). */
  tags?: string;
  /** Business keys, indexed by the broker for QUERY_MESSAGE. */
  keys?: string | string[];
  /** User flag stored with the message as is. */
  flag?: number;
  /** Delay level 1..18 of the broker's `messageDelayLevel` table. */
  delayTimeLevel?: number;
  /** Deliver at this epoch-millisecond time (property `__STARTDELIVERTIME`; honoured by Orbit, ignored by Apache 4.9). */
  deliverTimeMs?: number;
  /** Whether the broker should answer only once the message is stored (default true, property `WAIT`). */
  waitStoreMsgOK?: boolean;
  /** User properties. */
  properties?: Record<string, string>;
}

/** A message as delivered to a consumer. */
export interface MessageExt extends StoredMessage {
  /** The broker the message was pulled from. */
  brokerName: string;
  /** TAGS property, if any. */
  tags: string | undefined;
  /** KEYS property split on spaces. */
  keys: string[];
}

/** The message's body decoded as UTF-8. */
export function bodyText(msg: { body: Buffer }): string {
  return msg.body.toString('utf8');
}

export function toMessageExt(m: StoredMessage, brokerName: string): MessageExt {
  const keys = m.properties[MessageConst.KEYS];
  return Object.assign(m, {
    brokerName,
    tags: m.properties[MessageConst.TAGS],
    keys: keys ? keys.split(' ').filter(Boolean) : [],
  });
}

export function messageBody(msg: Message): Buffer {
  return typeof msg.body === 'string' ? Buffer.from(msg.body, 'utf8') : msg.body;
}

/** Java's MessageQueue ordering: topic, broker name, queue id. */
export function compareMessageQueue(a: MessageQueue, b: MessageQueue): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.brokerName !== b.brokerName) return a.brokerName < b.brokerName ? -1 : 1;
  return a.queueId - b.queueId;
}

/** Java's MessageQueue.toString(), used as the consistent-hash key. */
export function messageQueueToString(mq: MessageQueue): string {
  return `MessageQueue [topic=${mq.topic}, brokerName=${mq.brokerName}, queueId=${mq.queueId}]`;
}

export const RETRY_GROUP_TOPIC_PREFIX = '%RETRY%';
export const DLQ_GROUP_TOPIC_PREFIX = '%DLQ%';
export const DEFAULT_TOPIC = 'TBW102';
export const CLIENT_INNER_PRODUCER_GROUP = 'CLIENT_INNER_PRODUCER';

export function retryTopic(group: string): string {
  return `${RETRY_GROUP_TOPIC_PREFIX}${group}`;
}

export function dlqTopic(group: string): string {
  return `${DLQ_GROUP_TOPIC_PREFIX}${group}`;
}
