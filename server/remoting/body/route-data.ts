/**
 * Name server bodies: TopicRouteData, ClusterInfo, RegisterBrokerBody, TopicList, KVTable, DataVersion.
 * Shapes follow the Java classes; `brokerAddrs` is a Map<Long,String> in Java, written with unquoted keys.
 */
import zlib from 'node:zlib';
import { decodeJavaBody, encodeJavaBody, toSafeNumber } from '../fastjson';
import { RemotingFrameError } from '../../common/errors';

export interface DataVersion {
  timestamp: number;
  counter: number;
}

export interface TopicConfig {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicFilterType: 'SINGLE_TAG' | 'MULTI_TAG';
  topicSysFlag: number;
  order: boolean;
  /** RocketMQ 5's TopicConfig.attributes (`message.type` …); absent on 4.9 brokers and topics created without any. */
  attributes?: Record<string, string>;
}

export interface BrokerData {
  cluster: string;
  brokerName: string;
  /** brokerId → address */
  brokerAddrs: Map<number, string>;
}

export interface QueueData {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

export interface TopicRouteData {
  orderTopicConf?: string;
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
  filterServerTable: Record<string, string[]>;
}

export interface ClusterInfo {
  brokerAddrTable: Map<string, BrokerData>;
  clusterAddrTable: Map<string, string[]>;
}

export interface RegisterBrokerBody {
  topicConfigSerializeWrapper: { dataVersion: DataVersion; topicConfigTable: Record<string, TopicConfig> };
  filterServerList: string[];
}

export function newDataVersion(): DataVersion {
  return { timestamp: Date.now(), counter: 0 };
}

export function dataVersionEquals(a: DataVersion | undefined, b: DataVersion | undefined): boolean {
  return !!a && !!b && a.timestamp === b.timestamp && a.counter === b.counter;
}

function brokerDataToJava(b: BrokerData) {
  return { brokerAddrs: b.brokerAddrs, brokerName: b.brokerName, cluster: b.cluster };
}

function brokerDataFromJava(o: any): BrokerData {
  const addrs = new Map<number, string>();
  for (const [k, v] of Object.entries(o?.brokerAddrs ?? {})) addrs.set(Number(k), String(v));
  return { cluster: String(o?.cluster ?? ''), brokerName: String(o?.brokerName ?? ''), brokerAddrs: addrs };
}

export function encodeTopicRouteData(r: TopicRouteData): Buffer {
  return encodeJavaBody({
    brokerDatas: r.brokerDatas.map(brokerDataToJava),
    filterServerTable: r.filterServerTable,
    orderTopicConf: r.orderTopicConf,
    queueDatas: r.queueDatas,
  });
}

export function decodeTopicRouteData(body: Buffer | undefined): TopicRouteData {
  const o = decodeJavaBody(body);
  return {
    orderTopicConf: o.orderTopicConf ?? undefined,
    queueDatas: (o.queueDatas ?? []).map((q: any) => ({
      brokerName: String(q.brokerName),
      readQueueNums: toSafeNumber(q.readQueueNums ?? 0),
      writeQueueNums: toSafeNumber(q.writeQueueNums ?? 0),
      perm: toSafeNumber(q.perm ?? 0),
      topicSysFlag: toSafeNumber(q.topicSysFlag ?? 0),
    })),
    brokerDatas: (o.brokerDatas ?? []).map(brokerDataFromJava),
    filterServerTable: o.filterServerTable ?? {},
  };
}

export function encodeClusterInfo(c: ClusterInfo): Buffer {
  const table = new Map<string, unknown>();
  for (const [name, b] of c.brokerAddrTable) table.set(name, brokerDataToJava(b));
  const clusters = new Map<string, string[]>();
  for (const [name, brokers] of c.clusterAddrTable) clusters.set(name, brokers);
  return encodeJavaBody({ brokerAddrTable: table, clusterAddrTable: clusters });
}

export function decodeClusterInfo(body: Buffer | undefined): ClusterInfo {
  const o = decodeJavaBody(body);
  const brokerAddrTable = new Map<string, BrokerData>();
  for (const [name, b] of Object.entries(o.brokerAddrTable ?? {})) brokerAddrTable.set(name, brokerDataFromJava(b));
  const clusterAddrTable = new Map<string, string[]>();
  for (const [name, list] of Object.entries(o.clusterAddrTable ?? {})) clusterAddrTable.set(name, [...(list as string[])]);
  return { brokerAddrTable, clusterAddrTable };
}

export function encodeTopicList(topics: Iterable<string>, brokerAddr?: string): Buffer {
  return encodeJavaBody({ brokerAddr, topicList: [...topics] });
}

export function decodeTopicList(body: Buffer | undefined): { topicList: string[]; brokerAddr?: string } {
  const o = decodeJavaBody(body);
  return { topicList: (o.topicList ?? []).map(String), brokerAddr: o.brokerAddr ?? undefined };
}

function topicConfigFromJava(name: string, t: any): TopicConfig {
  return {
    topicName: String(t?.topicName ?? name),
    readQueueNums: toSafeNumber(t?.readQueueNums ?? 16),
    writeQueueNums: toSafeNumber(t?.writeQueueNums ?? 16),
    perm: toSafeNumber(t?.perm ?? 6),
    topicFilterType: t?.topicFilterType === 'MULTI_TAG' ? 'MULTI_TAG' : 'SINGLE_TAG',
    topicSysFlag: toSafeNumber(t?.topicSysFlag ?? 0),
    order: t?.order === true,
    ...attributesFromJava(t?.attributes),
  };
}

function attributesFromJava(a: unknown): { attributes?: Record<string, string> } {
  if (!a || typeof a !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (v !== null && v !== undefined) out[k] = String(v);
  return Object.keys(out).length ? { attributes: out } : {};
}

/** A GET_TOPIC_CONFIG (351) answer: 5.x's TopicConfigAndQueueMapping, a TopicConfig with the fields flat. */
export function decodeTopicConfigBody(body: Buffer | undefined): TopicConfig {
  const o = decodeJavaBody(body ?? Buffer.from('{}')) as any;
  return topicConfigFromJava(String(o?.topicName ?? ''), o);
}


export function topicConfigTableFromJava(o: any): Record<string, TopicConfig> {
  const out: Record<string, TopicConfig> = {};
  for (const [name, t] of Object.entries(o ?? {})) out[name] = topicConfigFromJava(name, t);
  return out;
}

export function dataVersionFromJava(o: any): DataVersion {
  return { timestamp: toSafeNumber(o?.timestamp ?? 0), counter: toSafeNumber(o?.counter ?? 0) };
}

export function encodeRegisterBrokerBody(b: RegisterBrokerBody): Buffer {
  return encodeJavaBody(b);
}

/**
 * Decodes both forms of RegisterBrokerBody: JSON, and the compressed one (a zlib stream of
 * len+DataVersion JSON, topic count, len+"name read write perm filterType" per topic, len+filter list JSON).
 */
export function decodeRegisterBrokerBody(body: Buffer | undefined, compressed: boolean): RegisterBrokerBody {
  if (!body || body.length === 0) {
    return { topicConfigSerializeWrapper: { dataVersion: newDataVersion(), topicConfigTable: {} }, filterServerList: [] };
  }
  if (!compressed) {
    const o = decodeJavaBody(body);
    const w = o.topicConfigSerializeWrapper ?? {};
    return {
      topicConfigSerializeWrapper: {
        dataVersion: dataVersionFromJava(w.dataVersion),
        topicConfigTable: topicConfigTableFromJava(w.topicConfigTable),
      },
      filterServerList: (o.filterServerList ?? []).map(String),
    };
  }
  let raw: Buffer;
  try {
    raw = zlib.inflateSync(body);
  } catch {
    throw new RemotingFrameError('compressed register body is not a zlib stream');
  }
  let pos = 0;
  const readChunk = () => {
    if (pos + 4 > raw.length) throw new RemotingFrameError('compressed register body truncated');
    const len = raw.readInt32BE(pos);
    pos += 4;
    if (len < 0 || pos + len > raw.length) throw new RemotingFrameError('compressed register body truncated');
    const s = raw.toString('utf8', pos, pos + len);
    pos += len;
    return s;
  };
  const dataVersion = dataVersionFromJava(JSON.parse(readChunk()));
  if (pos + 4 > raw.length) throw new RemotingFrameError('compressed register body truncated');
  const count = raw.readInt32BE(pos);
  pos += 4;
  const topicConfigTable: Record<string, TopicConfig> = {};
  for (let i = 0; i < count; i++) {
    const [name, read, write, perm, filterType] = readChunk().split(' ');
    topicConfigTable[name] = topicConfigFromJava(name, {
      readQueueNums: Number(read),
      writeQueueNums: Number(write),
      perm: Number(perm),
      topicFilterType: filterType,
    });
  }
  const filterServerList = pos < raw.length ? (JSON.parse(readChunk()) as string[]) : [];
  return { topicConfigSerializeWrapper: { dataVersion, topicConfigTable }, filterServerList };
}

export function encodeKVTable(table: Record<string, string>): Buffer {
  return encodeJavaBody({ table });
}

export function decodeKVTable(body: Buffer | undefined): Record<string, string> {
  return decodeJavaBody(body).table ?? {};
}
