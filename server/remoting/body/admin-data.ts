/**
 * Admin bodies: topic and subscription-group config tables, TopicStatsTable, ConsumeStats, connections,
 * ResetOffsetBody, consumer offsets. Maps keyed by MessageQueue are written as fastjson does (object keys).
 */
import { JavaDouble, decodeJavaBody, encodeJavaBody, toSafeNumber } from '../fastjson';
import { messageQueueFromJava, subscriptionFromJava, type MessageQueue, type SubscriptionData } from './heartbeat';
import { dataVersionFromJava, topicConfigTableFromJava, type DataVersion, type TopicConfig } from './route-data';

export interface SubscriptionGroupConfig {
  groupName: string;
  consumeEnable: boolean;
  consumeFromMinEnable: boolean;
  consumeBroadcastEnable: boolean;
  retryQueueNums: number;
  retryMaxTimes: number;
  brokerId: number;
  whichBrokerWhenConsumeSlowly: number;
  notifyConsumerIdsChangedEnable: boolean;
  /** 5.x: the group consumes in order (gRPC FIFO consumers, POP with order). */
  consumeMessageOrderly?: boolean;
  /** 5.x: GroupRetryPolicy as Java writes it (`type` CUSTOMIZED / EXPONENTIAL and that policy's fields). */
  groupRetryPolicy?: GroupRetryPolicy;
}

export interface GroupRetryPolicy {
  type?: 'CUSTOMIZED' | 'EXPONENTIAL';
  exponentialRetryPolicy?: { initial?: number; max?: number; multiplier?: number } | null;
  customizedRetryPolicy?: { next?: number[] } | null;
}

export function defaultSubscriptionGroupConfig(groupName: string): SubscriptionGroupConfig {
  return {
    groupName,
    consumeEnable: true,
    consumeFromMinEnable: true,
    consumeBroadcastEnable: true,
    retryQueueNums: 1,
    retryMaxTimes: 16,
    brokerId: 0,
    whichBrokerWhenConsumeSlowly: 1,
    notifyConsumerIdsChangedEnable: true,
  };
}

export function subscriptionGroupFromJava(o: any): SubscriptionGroupConfig {
  const d = defaultSubscriptionGroupConfig(String(o?.groupName ?? ''));
  const bool = (v: unknown, dflt: boolean) => (typeof v === 'boolean' ? v : dflt);
  const num = (v: unknown, dflt: number) => (v === undefined || v === null ? dflt : toSafeNumber(v));
  return {
    groupName: d.groupName,
    consumeEnable: bool(o?.consumeEnable, d.consumeEnable),
    consumeFromMinEnable: bool(o?.consumeFromMinEnable, d.consumeFromMinEnable),
    consumeBroadcastEnable: bool(o?.consumeBroadcastEnable, d.consumeBroadcastEnable),
    retryQueueNums: num(o?.retryQueueNums, d.retryQueueNums),
    retryMaxTimes: num(o?.retryMaxTimes, d.retryMaxTimes),
    brokerId: num(o?.brokerId, d.brokerId),
    whichBrokerWhenConsumeSlowly: num(o?.whichBrokerWhenConsumeSlowly, d.whichBrokerWhenConsumeSlowly),
    notifyConsumerIdsChangedEnable: bool(o?.notifyConsumerIdsChangedEnable, d.notifyConsumerIdsChangedEnable),
    ...(o?.consumeMessageOrderly === true ? { consumeMessageOrderly: true } : {}),
    ...(o?.groupRetryPolicy && typeof o.groupRetryPolicy === 'object' ? { groupRetryPolicy: o.groupRetryPolicy as GroupRetryPolicy } : {}),
  };
}

export function encodeTopicConfigWrapper(dataVersion: DataVersion, table: Record<string, TopicConfig>): Buffer {
  return encodeJavaBody({ dataVersion, topicConfigTable: table });
}

export function decodeTopicConfigWrapper(body: Buffer | undefined): { dataVersion: DataVersion; topicConfigTable: Record<string, TopicConfig> } {
  const o = decodeJavaBody(body);
  return { dataVersion: dataVersionFromJava(o.dataVersion), topicConfigTable: topicConfigTableFromJava(o.topicConfigTable) };
}

export function encodeSubscriptionGroupWrapper(dataVersion: DataVersion, table: Record<string, SubscriptionGroupConfig>): Buffer {
  return encodeJavaBody({ dataVersion, subscriptionGroupTable: table });
}

export function decodeSubscriptionGroupWrapper(body: Buffer | undefined): Record<string, SubscriptionGroupConfig> {
  const o = decodeJavaBody(body);
  const out: Record<string, SubscriptionGroupConfig> = {};
  for (const [name, c] of Object.entries(o.subscriptionGroupTable ?? {})) out[name] = subscriptionGroupFromJava({ groupName: name, ...(c as object) });
  return out;
}

export interface TopicOffset {
  minOffset: number;
  maxOffset: number;
  lastUpdateTimestamp: number;
}

function mqJava(mq: MessageQueue) {
  return { brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic };
}

function entriesOf(v: unknown): [unknown, any][] {
  if (v instanceof Map) return [...v.entries()];
  return Object.entries((v as object) ?? {});
}

export function encodeTopicStatsTable(entries: [MessageQueue, TopicOffset][]): Buffer {
  return encodeJavaBody({ offsetTable: new Map(entries.map(([mq, o]) => [mqJava(mq), o])) });
}

export function decodeTopicStatsTable(body: Buffer | undefined): [MessageQueue, TopicOffset][] {
  return entriesOf(decodeJavaBody(body).offsetTable).map(([k, v]) => [
    messageQueueFromJava(k),
    { minOffset: toSafeNumber(v.minOffset ?? 0), maxOffset: toSafeNumber(v.maxOffset ?? 0), lastUpdateTimestamp: toSafeNumber(v.lastUpdateTimestamp ?? 0) },
  ]);
}

export interface OffsetWrapper {
  brokerOffset: number;
  consumerOffset: number;
  lastTimestamp: number;
}

export interface ConsumeStats {
  consumeTps: number;
  offsetTable: [MessageQueue, OffsetWrapper][];
}

export function encodeConsumeStats(s: ConsumeStats): Buffer {
  return encodeJavaBody({
    consumeTps: new JavaDouble(s.consumeTps),
    offsetTable: new Map(s.offsetTable.map(([mq, o]) => [mqJava(mq), o])),
  });
}

export function decodeConsumeStats(body: Buffer | undefined): ConsumeStats {
  const o = decodeJavaBody(body);
  return {
    consumeTps: Number(o.consumeTps ?? 0),
    offsetTable: entriesOf(o.offsetTable).map(([k, v]) => [
      messageQueueFromJava(k),
      { brokerOffset: toSafeNumber(v.brokerOffset ?? 0), consumerOffset: toSafeNumber(v.consumerOffset ?? 0), lastTimestamp: toSafeNumber(v.lastTimestamp ?? 0) },
    ]),
  };
}

export interface Connection {
  clientId: string;
  clientAddr: string;
  language: string;
  version: number;
}

export interface ConsumerConnection {
  connectionSet: Connection[];
  subscriptionTable: Record<string, SubscriptionData>;
  consumeType: string;
  messageModel: string;
  consumeFromWhere: string;
}

export function encodeConsumerConnection(c: ConsumerConnection): Buffer {
  return encodeJavaBody(c);
}

export function decodeConsumerConnection(body: Buffer | undefined): ConsumerConnection {
  const o = decodeJavaBody(body);
  const subscriptionTable: Record<string, SubscriptionData> = {};
  for (const [t, s] of Object.entries(o.subscriptionTable ?? {})) subscriptionTable[t] = subscriptionFromJava(s);
  return {
    connectionSet: (o.connectionSet ?? []).map(connectionFromJava),
    subscriptionTable,
    consumeType: String(o.consumeType ?? ''),
    messageModel: String(o.messageModel ?? ''),
    consumeFromWhere: String(o.consumeFromWhere ?? ''),
  };
}

function connectionFromJava(c: any): Connection {
  return { clientId: String(c.clientId ?? ''), clientAddr: String(c.clientAddr ?? ''), language: String(c.language ?? ''), version: toSafeNumber(c.version ?? 0) };
}

export function encodeProducerConnection(connectionSet: Connection[]): Buffer {
  return encodeJavaBody({ connectionSet });
}

export function decodeProducerConnection(body: Buffer | undefined): Connection[] {
  return (decodeJavaBody(body).connectionSet ?? []).map(connectionFromJava);
}

export function encodeResetOffsetBody(entries: [MessageQueue, number][]): Buffer {
  return encodeJavaBody({ offsetTable: new Map(entries.map(([mq, o]) => [mqJava(mq), o])) });
}

export function decodeResetOffsetBody(body: Buffer | undefined): [MessageQueue, number][] {
  return entriesOf(decodeJavaBody(body).offsetTable).map(([k, v]) => [messageQueueFromJava(k), toSafeNumber(v)]);
}

export function encodeGroupList(groups: Iterable<string>): Buffer {
  return encodeJavaBody({ groupList: [...groups] });
}

export function decodeGroupList(body: Buffer | undefined): string[] {
  return (decodeJavaBody(body).groupList ?? []).map(String);
}

export function encodeKVTableBody(table: Record<string, string>): Buffer {
  return encodeJavaBody({ table });
}
