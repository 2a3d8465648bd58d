/**
 * Bodies of the broker's debug and inspection codes: ConsumeStatsList (317), QueryConsumeQueueResponseBody
 * (321), GetConsumerStatusBody (221/223), QueryCorrectionOffsetBody (308), and the plain ACL config
 * (54, GetBrokerClusterAclConfigResponseBody). Shapes follow the Java classes as fastjson writes them.
 */
import { decodeJavaBody, encodeJavaBody, JavaDouble, toSafeNumber } from '../fastjson';
import { messageQueueFromJava, type MessageQueue, type SubscriptionData } from './heartbeat';
import type { ConsumeStats } from './admin-data';

const mqJava = (mq: MessageQueue) => ({ brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic });

function entriesOf(v: unknown): [unknown, any][] {
  if (v instanceof Map) return [...v.entries()];
  return Object.entries((v as object) ?? {});
}

function consumeStatsJava(s: ConsumeStats) {
  return { consumeTps: new JavaDouble(s.consumeTps), offsetTable: new Map(s.offsetTable.map(([mq, o]) => [mqJava(mq), o])) };
}

export interface ConsumeStatsList {
  brokerAddr: string;
  /** One single-key map per subscription group: group → its ConsumeStats per topic. */
  consumeStatsList: [string, ConsumeStats[]][];
  totalDiff: number;
}

export function encodeConsumeStatsList(l: ConsumeStatsList): Buffer {
  return encodeJavaBody({
    brokerAddr: l.brokerAddr,
    consumeStatsList: l.consumeStatsList.map(([group, stats]) => ({ [group]: stats.map(consumeStatsJava) })),
    totalDiff: l.totalDiff,
  });
}

export function decodeConsumeStatsList(body: Buffer | undefined): ConsumeStatsList {
  const o = decodeJavaBody(body);
  const list: [string, ConsumeStats[]][] = [];
  for (const item of o.consumeStatsList ?? []) {
    for (const [group, stats] of entriesOf(item)) {
      list.push([
        String(group),
        (stats ?? []).map((s: any) => ({
          consumeTps: Number(s.consumeTps ?? 0),
          offsetTable: entriesOf(s.offsetTable).map(([k, v]) => [
            messageQueueFromJava(k),
            { brokerOffset: toSafeNumber(v.brokerOffset ?? 0), consumerOffset: toSafeNumber(v.consumerOffset ?? 0), lastTimestamp: toSafeNumber(v.lastTimestamp ?? 0) },
          ]),
        })),
      ]);
    }
  }
  return { brokerAddr: String(o.brokerAddr ?? ''), consumeStatsList: list, totalDiff: toSafeNumber(o.totalDiff ?? 0) };
}

export interface ConsumeQueueData {
  physicOffset: number;
  physicSize: number;
  tagsCode: number;
  extendDataJson?: string;
  bitMap?: string;
  eval: boolean;
  msg?: string;
}

export interface QueryConsumeQueueResponseBody {
  subscriptionData?: SubscriptionData;
  filterData?: string;
  queueData?: ConsumeQueueData[];
  maxQueueIndex: number;
  minQueueIndex: number;
}

export function encodeQueryConsumeQueueBody(b: QueryConsumeQueueResponseBody): Buffer {
  return encodeJavaBody(b);
}

/** GetConsumerStatusBody as the broker answers 223: clientId → (queue → offset). */
export function encodeConsumerStatusTable(table: [string, [MessageQueue, number][]][]): Buffer {
  const consumerTable: Record<string, Map<object, number>> = {};
  for (const [clientId, offsets] of table) consumerTable[clientId] = new Map(offsets.map(([mq, off]) => [mqJava(mq), off]));
  // fastjson writes the (empty) client-side field too.
  return encodeJavaBody({ consumerTable, messageQueueTable: {} });
}

export function decodeConsumerStatusTable(body: Buffer | undefined): [string, [MessageQueue, number][]][] {
  return entriesOf(decodeJavaBody(body).consumerTable).map(([clientId, t]) => [
    String(clientId),
    entriesOf(t).map(([k, v]) => [messageQueueFromJava(k), toSafeNumber(v)] as [MessageQueue, number]),
  ]);
}

/** GetConsumerStatusBody as a client answers 221: `messageQueueTable`. */
export function decodeClientMessageQueueTable(body: Buffer | undefined): [MessageQueue, number][] {
  return entriesOf(decodeJavaBody(body).messageQueueTable).map(([k, v]) => [messageQueueFromJava(k), toSafeNumber(v)]);
}

export function encodeClientMessageQueueTable(table: [MessageQueue, number][]): Buffer {
  return encodeJavaBody({ messageQueueTable: new Map(table.map(([mq, off]) => [mqJava(mq), off])), consumerTable: {} });
}

/** Long.MAX_VALUE, as QUERY_CORRECTION_OFFSET writes it for "no correction". */
export const JAVA_LONG_MAX = 9223372036854775807n;

/** QueryCorrectionOffsetBody: `{"correctionOffsets":{0:123,1:9223372036854775807}}` (integer keys). */
export function encodeCorrectionOffsets(offsets: Map<number, number | bigint>): Buffer {
  return encodeJavaBody({ correctionOffsets: new Map([...offsets].sort(([a], [b]) => a - b)) });
}

export function decodeCorrectionOffsets(body: Buffer | undefined): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const [k, v] of entriesOf(decodeJavaBody(body).correctionOffsets)) out.set(Number(k), BigInt(v as number | bigint));
  return out;
}

/** PlainAccessConfig (4.9.x). */
export interface PlainAccessConfig {
  accessKey?: string;
  secretKey?: string;
  whiteRemoteAddress?: string;
  admin: boolean;
  defaultTopicPerm?: string;
  defaultGroupPerm?: string;
  topicPerms?: string[];
  groupPerms?: string[];
}

export interface AclConfigBody {
  globalWhiteAddrs: string[];
  plainAccessConfigs: PlainAccessConfig[];
}

export function encodeAclConfigBody(b: AclConfigBody): Buffer {
  return encodeJavaBody(b);
}

export function decodeAclConfigBody(body: Buffer | undefined): AclConfigBody {
  const o = decodeJavaBody(body);
  return { globalWhiteAddrs: (o.globalWhiteAddrs ?? []).map(String), plainAccessConfigs: o.plainAccessConfigs ?? [] };
}
