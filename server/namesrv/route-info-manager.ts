/**
 * The name server's routing tables, as RocketMQ's RouteInfoManager keeps them:
 * topic → per-broker queue data, broker name → addresses by id, cluster → broker names,
 * and a live table by broker address (last register time, data version, connection).
 */
import type { Logger } from '../common/logger';
import type { RemotingChannel } from '../remoting/remoting-channel';
import {
  dataVersionEquals,
  type BrokerData,
  type ClusterInfo,
  type DataVersion,
  type QueueData,
  type TopicConfig,
  type TopicRouteData,
} from '../remoting/body/route-data';

export const MASTER_ID = 0;
export const PERM_WRITE = 0x2;
const TOPIC_FLAG_UNIT = 0x1;
const TOPIC_FLAG_UNIT_SUB = 0x2;

interface BrokerLiveInfo {
  lastUpdateTimestamp: number;
  dataVersion: DataVersion;
  channel: RemotingChannel | undefined;
  haServerAddr: string;
}

export interface RegisterBrokerResult {
  haServerAddr?: string;
  masterAddr?: string;
}

export interface RegisterBrokerInput {
  clusterName: string;
  brokerAddr: string;
  brokerName: string;
  brokerId: number;
  haServerAddr: string;
  dataVersion: DataVersion;
  topicConfigTable: Record<string, TopicConfig>;
  filterServerList: string[];
  channel: RemotingChannel | undefined;
}

export class RouteInfoManager {
  private readonly topicQueueTable = new Map<string, Map<string, QueueData>>();
  private readonly brokerAddrTable = new Map<string, BrokerData>();
  private readonly clusterAddrTable = new Map<string, Set<string>>();
  private readonly brokerLiveTable = new Map<string, BrokerLiveInfo>();
  private readonly filterServerTable = new Map<string, string[]>();

  constructor(private readonly log: Logger) {}

  registerBroker(input: RegisterBrokerInput): RegisterBrokerResult {
    const { clusterName, brokerAddr, brokerName, brokerId } = input;
    let names = this.clusterAddrTable.get(clusterName);
    if (!names) this.clusterAddrTable.set(clusterName, (names = new Set()));
    names.add(brokerName);

    let registerFirst = false;
    let brokerData = this.brokerAddrTable.get(brokerName);
    if (!brokerData) {
      registerFirst = true;
      brokerData = { cluster: clusterName, brokerName, brokerAddrs: new Map() };
      this.brokerAddrTable.set(brokerName, brokerData);
    }
    // One address holds one id: a slave promoted to master re-registers under id 0.
    for (const [id, addr] of brokerData.brokerAddrs) {
      if (addr === brokerAddr && id !== brokerId) brokerData.brokerAddrs.delete(id);
    }
    const oldAddr = brokerData.brokerAddrs.get(brokerId);
    brokerData.brokerAddrs.set(brokerId, brokerAddr);
    registerFirst ||= oldAddr === undefined;

    if (brokerId === MASTER_ID) {
      const live = this.brokerLiveTable.get(brokerAddr);
      if (registerFirst || !dataVersionEquals(live?.dataVersion, input.dataVersion)) {
        for (const tc of Object.values(input.topicConfigTable)) this.createAndUpdateQueueData(brokerName, tc);
      }
    }

    const prev = this.brokerLiveTable.get(brokerAddr);
    this.brokerLiveTable.set(brokerAddr, {
      lastUpdateTimestamp: Date.now(),
      dataVersion: input.dataVersion,
      channel: input.channel,
      haServerAddr: input.haServerAddr,
    });
    if (!prev) this.log.info({ brokerName, brokerAddr, brokerId, clusterName }, 'new broker registered');

    if (input.filterServerList.length) this.filterServerTable.set(brokerAddr, input.filterServerList);
    else this.filterServerTable.delete(brokerAddr);

    const result: RegisterBrokerResult = {};
    if (brokerId !== MASTER_ID) {
      const masterAddr = brokerData.brokerAddrs.get(MASTER_ID);
      const master = masterAddr ? this.brokerLiveTable.get(masterAddr) : undefined;
      if (masterAddr && master) {
        result.haServerAddr = master.haServerAddr;
        result.masterAddr = masterAddr;
      }
    }
    return result;
  }

  private createAndUpdateQueueData(brokerName: string, tc: TopicConfig): void {
    const qd: QueueData = {
      brokerName,
      readQueueNums: tc.readQueueNums,
      writeQueueNums: tc.writeQueueNums,
      perm: tc.perm,
      topicSysFlag: tc.topicSysFlag,
    };
    let byBroker = this.topicQueueTable.get(tc.topicName);
    if (!byBroker) this.topicQueueTable.set(tc.topicName, (byBroker = new Map()));
    byBroker.set(brokerName, qd);
  }

  /** DataVersion changed since the last register (or the broker is unknown). Refreshes liveness as a side effect. */
  queryDataVersion(brokerAddr: string, dataVersion: DataVersion): { changed: boolean; stored?: DataVersion } {
    const live = this.brokerLiveTable.get(brokerAddr);
    if (live) live.lastUpdateTimestamp = Date.now();
    return { changed: !dataVersionEquals(live?.dataVersion, dataVersion), stored: live?.dataVersion };
  }

  unregisterBroker(clusterName: string, brokerAddr: string, brokerName: string, brokerId: number): void {
    this.brokerLiveTable.delete(brokerAddr);
    this.filterServerTable.delete(brokerAddr);
    const bd = this.brokerAddrTable.get(brokerName);
    let removeBrokerName = false;
    if (bd) {
      bd.brokerAddrs.delete(brokerId);
      if (bd.brokerAddrs.size === 0) {
        this.brokerAddrTable.delete(brokerName);
        removeBrokerName = true;
      }
    }
    if (removeBrokerName) {
      const names = this.clusterAddrTable.get(clusterName);
      names?.delete(brokerName);
      if (names && names.size === 0) this.clusterAddrTable.delete(clusterName);
      this.removeTopicByBrokerName(brokerName);
    }
    this.log.info({ brokerName, brokerAddr, brokerId }, 'broker unregistered');
  }

  private removeTopicByBrokerName(brokerName: string): void {
    for (const [topic, byBroker] of this.topicQueueTable) {
      byBroker.delete(brokerName);
      if (byBroker.size === 0) this.topicQueueTable.delete(topic);
    }
  }

  getTopicRouteData(topic: string): TopicRouteData | undefined {
    const byBroker = this.topicQueueTable.get(topic);
    if (!byBroker || byBroker.size === 0) return undefined;
    const brokerDatas: BrokerData[] = [];
    const filterServerTable: Record<string, string[]> = {};
    for (const name of byBroker.keys()) {
      const bd = this.brokerAddrTable.get(name);
      if (!bd) continue;
      brokerDatas.push({ cluster: bd.cluster, brokerName: bd.brokerName, brokerAddrs: new Map(bd.brokerAddrs) });
      for (const addr of bd.brokerAddrs.values()) {
        const fs = this.filterServerTable.get(addr);
        if (fs) filterServerTable[addr] = fs;
      }
    }
    if (brokerDatas.length === 0) return undefined;
    return { queueDatas: [...byBroker.values()].map((q) => ({ ...q })), brokerDatas, filterServerTable };
  }

  getClusterInfo(): ClusterInfo {
    const brokerAddrTable = new Map<string, BrokerData>();
    for (const [name, bd] of this.brokerAddrTable) {
      brokerAddrTable.set(name, { ...bd, brokerAddrs: new Map(bd.brokerAddrs) });
    }
    const clusterAddrTable = new Map<string, string[]>();
    for (const [c, names] of this.clusterAddrTable) clusterAddrTable.set(c, [...names]);
    return { brokerAddrTable, clusterAddrTable };
  }

  getAllTopicList(): string[] {
    return [...this.topicQueueTable.keys()];
  }

  getTopicsByCluster(cluster: string): string[] {
    const names = this.clusterAddrTable.get(cluster);
    if (!names) return [];
    const out: string[] = [];
    for (const [topic, byBroker] of this.topicQueueTable) {
      for (const b of byBroker.keys()) {
        if (names.has(b)) {
          out.push(topic);
          break;
        }
      }
    }
    return out;
  }

  /** Cluster names and broker names (each is also a topic in RocketMQ), plus one broker address to ask for more. */
  getSystemTopicList(): { topicList: string[]; brokerAddr?: string } {
    const topicList: string[] = [];
    let brokerAddr: string | undefined;
    for (const [cluster, names] of this.clusterAddrTable) {
      topicList.push(cluster, ...names);
    }
    for (const bd of this.brokerAddrTable.values()) {
      const first = bd.brokerAddrs.values().next();
      if (!first.done) {
        brokerAddr = first.value;
        break;
      }
    }
    return { topicList: [...new Set(topicList)], brokerAddr };
  }

  getUnitTopics(kind: 'unit' | 'unitSub' | 'unitSubUnunit'): string[] {
    const out: string[] = [];
    for (const [topic, byBroker] of this.topicQueueTable) {
      const first = byBroker.values().next().value;
      if (!first) continue;
      const f = first.topicSysFlag;
      const unit = (f & TOPIC_FLAG_UNIT) !== 0;
      const sub = (f & TOPIC_FLAG_UNIT_SUB) !== 0;
      if ((kind === 'unit' && unit) || (kind === 'unitSub' && sub) || (kind === 'unitSubUnunit' && !unit && sub)) out.push(topic);
    }
    return out;
  }

  /** Removes a topic's queue data; with a cluster name (5.x), only on that cluster's brokers. */
  deleteTopic(topic: string, clusterName?: string): void {
    if (!clusterName) {
      this.topicQueueTable.delete(topic);
      return;
    }
    const names = this.clusterAddrTable.get(clusterName);
    const byBroker = this.topicQueueTable.get(topic);
    if (!names || !byBroker) return;
    for (const n of names) byBroker.delete(n);
    if (byBroker.size === 0) this.topicQueueTable.delete(topic);
  }

  /** Clears (wipe) or sets (add) the write bit on every queue of one broker; returns how many topics changed. */
  setWritePerm(brokerName: string, writable: boolean): number {
    let count = 0;
    for (const byBroker of this.topicQueueTable.values()) {
      const qd = byBroker.get(brokerName);
      if (!qd) continue;
      qd.perm = writable ? qd.perm | PERM_WRITE : qd.perm & ~PERM_WRITE;
      count++;
    }
    return count;
  }

  /** A connection closed: drop whatever broker registered through it. */
  onChannelDestroy(channel: RemotingChannel): void {
    for (const [addr, live] of this.brokerLiveTable) {
      if (live.channel === channel) this.removeBrokerAddr(addr, 'connection closed');
    }
  }

  /** Drop brokers that have not registered for `expiryMs`; returns the addresses removed. */
  scanNotActiveBroker(expiryMs: number, now = Date.now()): string[] {
    const removed: string[] = [];
    for (const [addr, live] of this.brokerLiveTable) {
      if (live.lastUpdateTimestamp + expiryMs < now) {
        live.channel?.close();
        this.removeBrokerAddr(addr, `no register for ${expiryMs} ms`);
        removed.push(addr);
      }
    }
    return removed;
  }

  private removeBrokerAddr(brokerAddr: string, reason: string): void {
    this.brokerLiveTable.delete(brokerAddr);
    this.filterServerTable.delete(brokerAddr);
    for (const [name, bd] of this.brokerAddrTable) {
      for (const [id, addr] of bd.brokerAddrs) {
        if (addr !== brokerAddr) continue;
        bd.brokerAddrs.delete(id);
        this.log.info({ brokerName: name, brokerAddr, brokerId: id, reason }, 'broker removed');
      }
      if (bd.brokerAddrs.size === 0) {
        this.brokerAddrTable.delete(name);
        for (const [cluster, names] of this.clusterAddrTable) {
          names.delete(name);
          if (names.size === 0) this.clusterAddrTable.delete(cluster);
        }
        this.removeTopicByBrokerName(name);
      }
    }
  }

  liveBrokerCount(): number {
    return this.brokerLiveTable.size;
  }
}
