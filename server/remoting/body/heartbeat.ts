/** HEART_BEAT body (HeartbeatData), GET_CONSUMER_LIST_BY_GROUP body, LOCK/UNLOCK_BATCH_MQ bodies. */
import { decodeJavaBody, encodeJavaBody, toSafeNumber } from '../fastjson';

export type ConsumeType = 'CONSUME_ACTIVELY' | 'CONSUME_PASSIVELY';
export type MessageModel = 'BROADCASTING' | 'CLUSTERING';
export type ConsumeFromWhere =
  | 'CONSUME_FROM_LAST_OFFSET'
  | 'CONSUME_FROM_FIRST_OFFSET'
  | 'CONSUME_FROM_TIMESTAMP'
  | 'CONSUME_FROM_LAST_OFFSET_AND_FROM_MIN_WHEN_BOOT_FIRST'
  | 'CONSUME_FROM_MIN_OFFSET'
  | 'CONSUME_FROM_MAX_OFFSET';

export interface SubscriptionData {
  topic: string;
  subString: string;
  tagsSet: string[];
  codeSet: number[];
  subVersion: number;
  expressionType: string;
  classFilterMode: boolean;
}

export interface ConsumerData {
  groupName: string;
  consumeType: ConsumeType;
  messageModel: MessageModel;
  consumeFromWhere: ConsumeFromWhere;
  subscriptionDataSet: SubscriptionData[];
  unitMode: boolean;
}

export interface ProducerData {
  groupName: string;
}

export interface HeartbeatData {
  clientID: string;
  producerDataSet: ProducerData[];
  consumerDataSet: ConsumerData[];
}

export interface MessageQueue {
  topic: string;
  brokerName: string;
  queueId: number;
}

export function subscriptionFromJava(o: any): SubscriptionData {
  return {
    topic: String(o?.topic ?? ''),
    subString: String(o?.subString ?? '*'),
    tagsSet: (o?.tagsSet ?? []).map(String),
    codeSet: (o?.codeSet ?? []).map((n: unknown) => toSafeNumber(n)),
    subVersion: toSafeNumber(o?.subVersion ?? 0),
    expressionType: String(o?.expressionType ?? 'TAG'),
    classFilterMode: o?.classFilterMode === true,
  };
}

export function decodeHeartbeatData(body: Buffer | undefined): HeartbeatData {
  const o = decodeJavaBody(body);
  return {
    clientID: String(o.clientID ?? ''),
    producerDataSet: (o.producerDataSet ?? []).map((p: any) => ({ groupName: String(p.groupName) })),
    consumerDataSet: (o.consumerDataSet ?? []).map((c: any) => ({
      groupName: String(c.groupName),
      consumeType: c.consumeType ?? 'CONSUME_PASSIVELY',
      messageModel: c.messageModel ?? 'CLUSTERING',
      consumeFromWhere: c.consumeFromWhere ?? 'CONSUME_FROM_LAST_OFFSET',
      subscriptionDataSet: (c.subscriptionDataSet ?? []).map(subscriptionFromJava),
      unitMode: c.unitMode === true,
    })),
  };
}

export function encodeHeartbeatData(h: HeartbeatData): Buffer {
  return encodeJavaBody(h);
}

export function encodeConsumerList(ids: string[]): Buffer {
  return encodeJavaBody({ consumerIdList: ids });
}

export function decodeConsumerList(body: Buffer | undefined): string[] {
  return (decodeJavaBody(body).consumerIdList ?? []).map(String);
}

export function messageQueueFromJava(o: any): MessageQueue {
  return { topic: String(o?.topic ?? ''), brokerName: String(o?.brokerName ?? ''), queueId: toSafeNumber(o?.queueId ?? 0) };
}

export function mqKey(mq: MessageQueue): string {
  return `${mq.topic}@${mq.brokerName}@${mq.queueId}`;
}

export interface LockBatchRequestBody {
  consumerGroup: string;
  clientId: string;
  mqSet: MessageQueue[];
}

export function decodeLockBatchRequest(body: Buffer | undefined): LockBatchRequestBody {
  const o = decodeJavaBody(body);
  return {
    consumerGroup: String(o.consumerGroup ?? ''),
    clientId: String(o.clientId ?? ''),
    mqSet: (o.mqSet ?? []).map(messageQueueFromJava),
  };
}

export function encodeLockBatchRequest(b: LockBatchRequestBody): Buffer {
  return encodeJavaBody(b);
}

export function encodeLockBatchResponse(lockOKMQSet: MessageQueue[]): Buffer {
  return encodeJavaBody({ lockOKMQSet });
}

export function decodeLockBatchResponse(body: Buffer | undefined): MessageQueue[] {
  return (decodeJavaBody(body).lockOKMQSet ?? []).map(messageQueueFromJava);
}
