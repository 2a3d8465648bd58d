/**
 * Where a producer may send a topic's messages (Java's TopicPublishInfo), how it picks a queue, and the
 * latency fault tolerance that keeps it away from a broker that just failed or answered slowly (MQFaultStrategy).
 */
import type { MessageQueue } from '../../remoting/body/heartbeat';
import type { TopicRouteData } from '../../remoting/body/route-data';

const PERM_READ = 4;
const PERM_WRITE = 2;

export interface TopicPublishInfo {
  orderTopic: boolean;
  messageQueueList: MessageQueue[];
  route: TopicRouteData;
  /** Round-robin position; starts at random like Java's ThreadLocalIndex. */
  sendWhichQueue: number;
}

/** Write queues of the brokers that have a master, ordered by broker name (Java's topicRouteData2TopicPublishInfo). */
export function routeToPublishInfo(topic: string, route: TopicRouteData): TopicPublishInfo {
  const mqs: MessageQueue[] = [];
  if (route.orderTopicConf) {
    for (const item of route.orderTopicConf.split(';')) {
      const [brokerName, nums] = item.split(':');
      for (let i = 0; i < Number(nums); i++) mqs.push({ topic, brokerName, queueId: i });
    }
    return { orderTopic: true, messageQueueList: mqs, route, sendWhichQueue: randomStart() };
  }
  const qds = [...route.queueDatas].sort((a, b) => (a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0));
  for (const qd of qds) {
    if ((qd.perm & PERM_WRITE) === 0) continue;
    const bd = route.brokerDatas.find((b) => b.brokerName === qd.brokerName);
    if (!bd || !bd.brokerAddrs.has(0)) continue;
    for (let i = 0; i < qd.writeQueueNums; i++) mqs.push({ topic, brokerName: qd.brokerName, queueId: i });
  }
  return { orderTopic: false, messageQueueList: mqs, route, sendWhichQueue: randomStart() };
}

/** Readable queues of a topic (Java's topicRouteData2TopicSubscribeInfo). */
export function routeToSubscribeInfo(topic: string, route: TopicRouteData): MessageQueue[] {
  const mqs: MessageQueue[] = [];
  for (const qd of route.queueDatas) {
    if ((qd.perm & PERM_READ) === 0) continue;
    for (let i = 0; i < qd.readQueueNums; i++) mqs.push({ topic, brokerName: qd.brokerName, queueId: i });
  }
  return mqs;
}

function randomStart(): number {
  return Math.floor(Math.random() * 0x7fff);
}

function nextIndex(info: TopicPublishInfo): number {
  info.sendWhichQueue = (info.sendWhichQueue + 1) & 0x7fffffff;
  return info.sendWhichQueue;
}

/** Next queue in round-robin order, avoiding `lastBrokerName` when another broker has queues. */
export function selectOneMessageQueue(info: TopicPublishInfo, lastBrokerName?: string): MessageQueue {
  const list = info.messageQueueList;
  if (lastBrokerName !== undefined) {
    for (let i = 0; i < list.length; i++) {
      const mq = list[nextIndex(info) % list.length];
      if (mq.brokerName !== lastBrokerName) return mq;
    }
  }
  return list[nextIndex(info) % list.length];
}

interface FaultItem {
  currentLatencyMs: number;
  startTimestamp: number;
}

/**
 * Per-broker "not available until" bookkeeping. A send that took L ms makes its broker unavailable for the
 * duration paired with the largest latency threshold ≤ L; a failed send counts as 30 s of latency.
 */
export class LatencyFaultTolerance {
  static readonly latencyMaxMs = [50, 100, 550, 1000, 2000, 3000, 15000];
  static readonly notAvailableDurationMs = [0, 0, 30000, 60000, 120000, 180000, 600000];
  private readonly items = new Map<string, FaultItem>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Record one send's outcome. */
  updateFaultItem(brokerName: string, latencyMs: number, isolation: boolean): void {
    const latency = isolation ? 30000 : latencyMs;
    const duration = LatencyFaultTolerance.computeNotAvailableDuration(latency);
    this.items.set(brokerName, { currentLatencyMs: latency, startTimestamp: this.now() + duration });
  }

  static computeNotAvailableDuration(latencyMs: number): number {
    for (let i = LatencyFaultTolerance.latencyMaxMs.length - 1; i >= 0; i--) {
      if (latencyMs >= LatencyFaultTolerance.latencyMaxMs[i]) return LatencyFaultTolerance.notAvailableDurationMs[i];
    }
    return 0;
  }

  isAvailable(brokerName: string): boolean {
    const item = this.items.get(brokerName);
    return !item || this.now() >= item.startTimestamp;
  }

  remove(brokerName: string): void {
    this.items.delete(brokerName);
  }

  /** The least bad broker: lowest latency among those not yet available again (Java's pickOneAtLeast). */
  pickOneAtLeast(): string | undefined {
    let best: [string, FaultItem] | undefined;
    for (const e of this.items) {
      if (!best || e[1].currentLatencyMs < best[1].currentLatencyMs || e[1].startTimestamp < best[1].startTimestamp) best = e;
    }
    return best?.[0];
  }

  /**
   * Java's MQFaultStrategy.selectOneMessageQueue with the latency switch on: round-robin over queues of
   * available brokers; else fall back to the least bad broker, then plain round-robin.
   */
  selectOneMessageQueue(info: TopicPublishInfo, lastBrokerName?: string): MessageQueue {
    const list = info.messageQueueList;
    for (let i = 0; i < list.length; i++) {
      const mq = list[nextIndex(info) % list.length];
      if (this.isAvailable(mq.brokerName)) return mq;
    }
    const broker = this.pickOneAtLeast();
    if (broker !== undefined) {
      const ofBroker = list.filter((q) => q.brokerName === broker);
      if (ofBroker.length > 0) return ofBroker[nextIndex(info) % ofBroker.length];
      this.remove(broker);
    }
    return selectOneMessageQueue(info, lastBrokerName);
  }
}
