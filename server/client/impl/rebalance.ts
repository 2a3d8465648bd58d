/**
 * Queue assignment of one consumer group in this client (Java's RebalanceImpl): per subscribed topic, take
 * the readable queues and the group's live client ids, run the allocation strategy, and start/stop work on
 * the queues that came/went. Orderly consumers lock a queue on the broker before taking it.
 */
import type { LogSink } from '../../common/log-sink';
import { mqKey, type MessageModel, type MessageQueue, type SubscriptionData } from '../../remoting/body/heartbeat';
import type { AllocateMessageQueueStrategy } from '../consumer/allocate-strategy';
import type { MQClientInstance } from './client-instance';
import { compareMessageQueue } from './message';
import { ProcessQueue } from './process-queue';

export interface QueueEntry {
  mq: MessageQueue;
  pq: ProcessQueue;
}

export interface PullRequest extends QueueEntry {
  nextOffset: number;
}

export abstract class RebalanceImpl {
  readonly processQueueTable = new Map<string, QueueEntry>();
  readonly topicSubscribeInfoTable = new Map<string, MessageQueue[]>();
  readonly subscriptionInner = new Map<string, SubscriptionData>();
  isOrder = false;

  constructor(
    readonly group: string,
    readonly messageModel: MessageModel,
    public strategy: AllocateMessageQueueStrategy,
    readonly instance: MQClientInstance,
    protected readonly log: LogSink,
  ) {}

  /** Stop work on a queue no longer ours; false keeps it (e.g. an orderly queue still consuming). */
  protected abstract removeUnnecessaryMessageQueue(mq: MessageQueue, pq: ProcessQueue): Promise<boolean>;
  /** Where to start on a newly assigned queue; < 0 skips it this round. */
  protected abstract computePullFromWhere(mq: MessageQueue): Promise<number>;
  protected abstract removeDirtyOffset(mq: MessageQueue): void;
  protected abstract dispatchPullRequest(reqs: PullRequest[]): void;
  protected messageQueueChanged(_topic: string, _mqAll: MessageQueue[], _mqDivided: MessageQueue[]): void {}

  async doRebalance(): Promise<void> {
    for (const topic of [...this.subscriptionInner.keys()]) {
      try {
        await this.rebalanceByTopic(topic);
      } catch (err) {
        this.log.warn({ topic, err: (err as Error).message }, 'rebalance of topic failed');
      }
    }
    for (const [k, e] of this.processQueueTable) {
      if (!this.subscriptionInner.has(e.mq.topic)) {
        e.pq.dropped = true;
        this.processQueueTable.delete(k);
      }
    }
  }

  private async rebalanceByTopic(topic: string): Promise<void> {
    let mqSet = this.topicSubscribeInfoTable.get(topic);
    if (!mqSet || mqSet.length === 0) {
      await this.instance.updateTopicRoute(topic).catch(() => false);
      mqSet = this.topicSubscribeInfoTable.get(topic);
    }
    if (!mqSet) {
      if (!topic.startsWith('%RETRY%')) this.log.warn({ topic, group: this.group }, 'no route for a subscribed topic');
      return;
    }
    if (this.messageModel === 'BROADCASTING') {
      if (await this.updateProcessQueueTableInRebalance(topic, mqSet)) this.messageQueueChanged(topic, mqSet, mqSet);
      return;
    }
    const cidAll = await this.instance.findConsumerIdList(topic, this.group);
    if (cidAll.length === 0) {
      this.log.debug({ topic, group: this.group }, 'no consumer id list yet');
      return;
    }
    const mqAll = [...mqSet].sort(compareMessageQueue);
    cidAll.sort();
    let allocated: MessageQueue[] = [];
    try {
      allocated = this.strategy.allocate(this.group, this.instance.clientId, mqAll, cidAll);
    } catch (err) {
      this.log.error({ err: (err as Error).message, strategy: this.strategy.name }, 'allocation strategy threw');
      return;
    }
    if (await this.updateProcessQueueTableInRebalance(topic, allocated)) {
      this.log.info({ topic, group: this.group, cidAll, allocated: allocated.map((q) => q.queueId) }, 'rebalance changed queues');
      this.messageQueueChanged(topic, mqAll, allocated);
    }
  }

  private async updateProcessQueueTableInRebalance(topic: string, mqSet: MessageQueue[]): Promise<boolean> {
    let changed = false;
    const wanted = new Set(mqSet.map(mqKey));
    for (const [k, e] of [...this.processQueueTable]) {
      if (e.mq.topic !== topic || wanted.has(k)) continue;
      e.pq.dropped = true;
      if (await this.removeUnnecessaryMessageQueue(e.mq, e.pq)) {
        this.processQueueTable.delete(k);
        changed = true;
      }
    }
    const reqs: PullRequest[] = [];
    for (const mq of mqSet) {
      const k = mqKey(mq);
      if (this.processQueueTable.has(k)) continue;
      const pq = new ProcessQueue();
      if (this.isOrder && !(await this.lock(mq, pq))) {
        this.log.warn({ mq }, 'could not lock the queue; will retry on the next rebalance');
        continue;
      }
      this.removeDirtyOffset(mq);
      const next = await this.computePullFromWhere(mq);
      if (next < 0) {
        this.log.warn({ mq }, 'could not compute where to pull from; will retry on the next rebalance');
        continue;
      }
      this.processQueueTable.set(k, { mq, pq });
      reqs.push({ mq, pq, nextOffset: next });
      changed = true;
    }
    if (reqs.length) this.dispatchPullRequest(reqs);
    return changed;
  }

  /** LOCK_BATCH_MQ for one queue. */
  async lock(mq: MessageQueue, pq?: ProcessQueue): Promise<boolean> {
    const addr = this.instance.findBrokerAddressInPublish(mq.brokerName);
    if (!addr) return false;
    try {
      const locked = await this.instance.api.lockBatchMQ(addr, this.group, this.instance.clientId, [mq]);
      const ok = locked.some((q) => mqKey(q) === mqKey(mq));
      const target = pq ?? this.processQueueTable.get(mqKey(mq))?.pq;
      if (target && ok) {
        target.locked = true;
        target.lastLockTimestamp = Date.now();
      }
      return ok;
    } catch (err) {
      this.log.warn({ mq, err: (err as Error).message }, 'lock failed');
      return false;
    }
  }

  /** Renew the locks of every queue held (every 20 s for orderly consumers). */
  async lockAll(): Promise<void> {
    const byBroker = new Map<string, QueueEntry[]>();
    for (const e of this.processQueueTable.values()) {
      const list = byBroker.get(e.mq.brokerName) ?? [];
      list.push(e);
      byBroker.set(e.mq.brokerName, list);
    }
    for (const [brokerName, entries] of byBroker) {
      const addr = this.instance.findBrokerAddressInPublish(brokerName);
      if (!addr) continue;
      try {
        const locked = new Set(
          (await this.instance.api.lockBatchMQ(addr, this.group, this.instance.clientId, entries.map((e) => e.mq))).map(mqKey),
        );
        for (const e of entries) {
          if (locked.has(mqKey(e.mq))) {
            e.pq.locked = true;
            e.pq.lastLockTimestamp = Date.now();
          } else {
            e.pq.locked = false;
          }
        }
      } catch (err) {
        this.log.warn({ brokerName, err: (err as Error).message }, 'lockAll failed');
      }
    }
  }

  async unlock(mq: MessageQueue, oneway: boolean): Promise<void> {
    const addr = this.instance.findBrokerAddressInPublish(mq.brokerName);
    if (!addr) return;
    await this.instance.api.unlockBatchMQ(addr, this.group, this.instance.clientId, [mq], oneway).catch(() => {});
  }

  async unlockAll(): Promise<void> {
    const byBroker = new Map<string, MessageQueue[]>();
    for (const e of this.processQueueTable.values()) {
      byBroker.set(e.mq.brokerName, [...(byBroker.get(e.mq.brokerName) ?? []), e.mq]);
    }
    await Promise.all(
      [...byBroker].map(async ([brokerName, mqs]) => {
        const addr = this.instance.findBrokerAddressInPublish(brokerName);
        if (addr) await this.instance.api.unlockBatchMQ(addr, this.group, this.instance.clientId, mqs, false).catch(() => {});
      }),
    );
  }
}

/** The part of rebalancing that is the consumer's own: how it starts and stops work on a queue. */
export interface RebalanceTarget {
  removeQueue(mq: MessageQueue, pq: ProcessQueue): Promise<boolean>;
  startOffset(mq: MessageQueue): Promise<number>;
  removeDirtyOffset(mq: MessageQueue): void;
  startPulling(req: PullRequest): void;
}

/** Rebalancing for a push or lite-pull consumer: the queue changes go to the consumer that owns it. */
export class ConsumerRebalance extends RebalanceImpl {
  constructor(
    private readonly target: RebalanceTarget,
    ...args: ConstructorParameters<typeof RebalanceImpl>
  ) {
    super(...args);
  }

  protected removeUnnecessaryMessageQueue(mq: MessageQueue, pq: ProcessQueue): Promise<boolean> {
    return this.target.removeQueue(mq, pq);
  }

  protected computePullFromWhere(mq: MessageQueue): Promise<number> {
    return this.target.startOffset(mq);
  }

  protected removeDirtyOffset(mq: MessageQueue): void {
    this.target.removeDirtyOffset(mq);
  }

  protected dispatchPullRequest(reqs: PullRequest[]): void {
    for (const r of reqs) this.target.startPulling(r);
  }
}
