/**
 * The push consumer (Java's DefaultMQPushConsumer): rebalanced queue assignment (clustering) or every queue
 * (broadcasting), a long-polling pull loop per queue with flow control, and a concurrent or orderly listener.
 * Failed messages go back to the broker (CONSUMER_SEND_MSG_BACK) for delayed redelivery through
 * `%RETRY%<group>`, and to `%DLQ%<group>` past maxReconsumeTimes.
 *
 * This file holds the public class, its lifecycle and what the client instance and the rebalance call; the
 * pull loop is push-pull-loop.ts, the listener calls consume-concurrently-service.ts and
 * consume-orderly-service.ts, the send-back message-send-back.ts, the options push-consumer-options.ts.
 */
import { ClientError } from '../../common/errors';
import type { MessageExt as StoredMessage } from '../../common/message/message-decoder';
import { mqKey, type ConsumeFromWhere, type MessageModel, type MessageQueue, type SubscriptionData } from '../../remoting/body/heartbeat';
import { JavaDouble } from '../../remoting/fastjson';
import { MQClientInstance, type ConsumeMessageDirectlyResult, type ConsumerInner } from '../impl/client-instance';
import { brokerOffsetBackend, computePullFromWhere, parseConsumeTimestamp } from '../impl/consumer-support';
import { retryTopic, toMessageExt } from '../impl/message';
import { LocalFileOffsetStore, RemoteBrokerOffsetStore, type OffsetStore } from '../impl/offset-store';
import type { ProcessQueue } from '../impl/process-queue';
import { ConsumerRebalance, type PullRequest } from '../impl/rebalance';
import { buildSubscriptionData, subscriptionOf, type MessageSelector } from '../impl/subscription';
import { Producer } from '../producer/producer';
import type { AsyncTraceDispatcher, TraceDispatcherStats } from '../trace/async-trace-dispatcher';
import { createTraceDispatcher } from '../trace/trace-hooks';
import { AllocateMessageQueueAveragely } from './allocate-strategy';
import { ConsumeMessageConcurrentlyService } from './consume-concurrently-service';
import { ConsumeMessageOrderlyService } from './consume-orderly-service';
import { resetRetryTopic, type ConsumeService } from './consume-service';
import { MessageSendBack } from './message-send-back';
import { resolvePushConsumerOptions, type PushConsumerOptions, type ResolvedPushConsumerOptions } from './push-consumer-options';
import { pullLoop, type PullLoopDeps } from './push-pull-loop';
import type { MessageListenerConcurrently, MessageListenerOrderly } from './types';

export type { PushConsumerOptions } from './push-consumer-options';

const LOCK_INTERVAL_MS = 20_000;

/**
 * Receives messages pushed (really: long-polled) from the brokers.
 *
 * ```ts
 * const c = new PushConsumer({ namesrvAddr, consumerGroup: 'cg' });
 * c.subscribe('T', 'TagA || TagB');
 * c.registerMessageListenerConcurrently(async (msgs) => { ...; return 'CONSUME_SUCCESS'; });
 * await c.start();
 * ```
 */
export class PushConsumer implements ConsumerInner {
  readonly group: string;
  readonly messageModel: MessageModel;
  readonly consumeType = 'CONSUME_PASSIVELY' as const;
  readonly consumeFromWhere: ConsumeFromWhere;
  private readonly o: ResolvedPushConsumerOptions;
  private readonly consumeTimestampMs: number;
  private readonly userSubscriptions = new Map<string, SubscriptionData>();
  private concurrentListener: MessageListenerConcurrently | undefined;
  private orderlyListener: MessageListenerOrderly | undefined;
  private instance: MQClientInstance | undefined;
  private rebalance: ConsumerRebalance | undefined;
  private offsetStore: OffsetStore | undefined;
  /** Made at start, for the listener registered then. */
  private consume: ConsumeService | undefined;
  private sendBack: MessageSendBack | undefined;
  private pullDeps: PullLoopDeps | undefined;
  private running = false;
  private lockTimer: NodeJS.Timeout | undefined;
  private readonly stats = { okCount: 0, failedCount: 0 };
  /** Set with `enableMsgTrace`: SubBefore/SubAfter records of each listener call go through it. */
  private readonly trace: AsyncTraceDispatcher | undefined;

  constructor(readonly options: PushConsumerOptions) {
    if (!options.consumerGroup) throw new ClientError('BAD_CONFIG', 'consumerGroup is required');
    this.group = options.consumerGroup;
    this.messageModel = options.messageModel ?? 'CLUSTERING';
    this.consumeFromWhere = options.consumeFromWhere ?? 'CONSUME_FROM_LAST_OFFSET';
    this.consumeTimestampMs = parseConsumeTimestamp(options.consumeTimestamp ?? Date.now() - 30 * 60_000);
    this.o = resolvePushConsumerOptions(options);
    this.trace = createTraceDispatcher('CONSUME', this.group, options, (o) => new Producer(o));
  }

  /** With `enableMsgTrace`: what the trace dispatcher did (records queued, dropped, trace messages sent, failed). */
  traceStats(): TraceDispatcherStats | undefined {
    return this.trace?.stats();
  }

  /**
   * Subscribe to a topic with a tag expression (`*`, `TagA`, `TagA || TagB`) or an SQL92 selector
   * (`{ sql: 'a > 5' }`). Call before or after start; a selector that does not compile throws FilterCompileError.
   */
  subscribe(topic: string, selector: MessageSelector = '*'): void {
    const sub = subscriptionOf(topic, selector);
    this.userSubscriptions.set(topic, sub);
    if (this.rebalance) {
      this.rebalance.subscriptionInner.set(topic, sub);
      const inst = this.instance!;
      void inst
        .updateTopicRoute(topic)
        .catch(() => false)
        .then(() => inst.sendHeartbeatToAllBrokers())
        .then(() => inst.doRebalance())
        .catch((err) => inst.log.warn({ topic, err: (err as Error).message }, 'subscribe after start failed'));
    }
  }

  /** Stop receiving a topic. */
  unsubscribe(topic: string): void {
    this.userSubscriptions.delete(topic);
    this.rebalance?.subscriptionInner.delete(topic);
  }

  /** Use a listener that consumes messages in parallel. */
  registerMessageListenerConcurrently(listener: MessageListenerConcurrently): void {
    this.concurrentListener = listener;
    this.orderlyListener = undefined;
  }

  /** Use a listener that consumes each queue in order (queues are locked on the broker). */
  registerMessageListenerOrderly(listener: MessageListenerOrderly): void {
    this.orderlyListener = listener;
    this.concurrentListener = undefined;
  }

  /** This consumer's client id (`ip@pid#instance`); after start. */
  get clientId(): string {
    if (!this.instance) throw new ClientError('NOT_STARTED', 'the consumer is not started');
    return this.instance.clientId;
  }

  /** The queues this consumer currently works on. */
  assignedQueues(): MessageQueue[] {
    return [...(this.rebalance?.processQueueTable.values() ?? [])].map((e) => e.mq);
  }

  /** Joins the group: heartbeat, first rebalance, and the pull loops. */
  async start(): Promise<void> {
    if (this.running) return;
    if (!this.concurrentListener && !this.orderlyListener) throw new ClientError('BAD_CONFIG', 'messageListener is null');
    if (this.userSubscriptions.size === 0) throw new ClientError('BAD_CONFIG', 'no subscription; call subscribe() first');
    const inst = MQClientInstance.getOrCreate(this.options);
    const log = inst.log.child({ group: this.group });
    const rebalance = new ConsumerRebalance(this, this.group, this.messageModel, this.options.allocateMessageQueueStrategy ?? new AllocateMessageQueueAveragely(), inst, log);
    rebalance.isOrder = !!this.orderlyListener;
    for (const [topic, sub] of this.userSubscriptions) rebalance.subscriptionInner.set(topic, sub);
    let offsetStore: OffsetStore;
    if (this.messageModel === 'CLUSTERING') {
      const rt = retryTopic(this.group);
      rebalance.subscriptionInner.set(rt, buildSubscriptionData(rt, '*'));
      offsetStore = new RemoteBrokerOffsetStore(brokerOffsetBackend(inst, this.group));
    } else {
      offsetStore = new LocalFileOffsetStore(inst.clientId, this.group, this.options.offsetStoreDir);
    }
    this.offsetStore = offsetStore;
    await offsetStore.load();
    const { group, messageModel, o } = this;
    this.sendBack = new MessageSendBack(inst, group, this.options);
    const deps = { group, messageModel, o, log: inst.log, offsetStore, sendBack: this.sendBack, trace: this.trace, stats: this.stats };
    // The listeners are read at each call, so one registered again after start takes over, as before start.
    const consume = this.orderlyListener
      ? new ConsumeMessageOrderlyService(deps, rebalance, () => this.orderlyListener!)
      : new ConsumeMessageConcurrentlyService(deps, () => this.concurrentListener!);
    this.consume = consume;
    this.pullDeps = { group, messageModel, o, instance: inst, rebalance, offsetStore, consume, running: () => this.running };
    inst.registerConsumer(this);
    this.instance = inst;
    this.rebalance = rebalance;
    this.running = true;
    await inst.start();
    await this.trace?.start();
    await Promise.allSettled([...rebalance.subscriptionInner.keys()].map((t) => inst.updateTopicRoute(t)));
    try {
      await inst.checkClientInBroker(this.group, this.userSubscriptions.values());
    } catch (err) {
      await this.shutdown().catch(() => {});
      throw err;
    }
    await inst.sendHeartbeatToAllBrokers();
    await inst.doRebalance();
    if (this.orderlyListener && this.messageModel === 'CLUSTERING') {
      this.lockTimer = setInterval(() => void rebalance.lockAll(), LOCK_INTERVAL_MS);
      this.lockTimer.unref();
    }
  }

  /** Leaves the group: stops pulling, commits offsets, unlocks queues and unregisters. */
  async shutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.lockTimer) clearInterval(this.lockTimer);
    this.consume?.shutdown();
    const rb = this.rebalance!;
    for (const e of rb.processQueueTable.values()) e.pq.dropped = true;
    await this.persistConsumerOffset(true).catch(() => {});
    if (rb.isOrder && this.messageModel === 'CLUSTERING') await rb.unlockAll();
    await this.sendBack?.shutdown();
    await this.trace?.shutdown();
    await this.instance!.unregisterConsumer(this.group);
  }

  /** The same as {@link shutdown}, by the name Node's streams and sockets use; safe to call twice. */
  close(): Promise<void> {
    return this.shutdown();
  }

  /** `await using consumer = new PushConsumer(…)` shuts it down when the scope ends. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  // ---- ConsumerInner -----------------------------------------------------------------------------------

  /** Subscriptions as sent in heartbeats (includes `%RETRY%<group>` in clustering mode). */
  subscriptions(): SubscriptionData[] {
    return [...(this.rebalance?.subscriptionInner.values() ?? [])];
  }

  /** @internal route refresh from the client instance. */
  updateTopicSubscribeInfo(topic: string, mqs: MessageQueue[]): void {
    if (this.rebalance?.subscriptionInner.has(topic)) this.rebalance.topicSubscribeInfoTable.set(topic, mqs);
  }

  /** Re-run queue assignment now (also done every 20 s and when the group changes). */
  async doRebalance(): Promise<void> {
    if (this.running) await this.rebalance?.doRebalance();
  }

  /** Commit in-memory offsets of the assigned queues (every 5 s automatically; `sync` waits for the broker). */
  async persistConsumerOffset(sync = false): Promise<void> {
    if (!this.offsetStore || !this.rebalance) return;
    const mqs = [...this.rebalance.processQueueTable.values()].map((e) => e.mq);
    if (this.messageModel === 'BROADCASTING') await this.offsetStore.persistAll();
    else await this.offsetStore.persistAll(mqs, sync);
  }

  /** ConsumerRunningInfo for GET_CONSUMER_RUNNING_INFO (Java-shaped). */
  runningInfo(): Record<string, unknown> {
    const mqTable = new Map<unknown, unknown>();
    for (const e of this.rebalance?.processQueueTable.values() ?? []) {
      const commit = this.offsetStore?.cloneOffsetTable().find(([q]) => mqKey(q) === mqKey(e.mq))?.[1] ?? 0;
      mqTable.set({ brokerName: e.mq.brokerName, queueId: e.mq.queueId, topic: e.mq.topic }, e.pq.info(commit));
    }
    const statusTable: Record<string, unknown> = {};
    for (const s of this.subscriptions()) {
      statusTable[s.topic] = {
        consumeFailedMsgs: this.stats.failedCount,
        consumeFailedTPS: new JavaDouble(0),
        consumeOKTPS: new JavaDouble(0),
        consumeRT: new JavaDouble(0),
        pullRT: new JavaDouble(0),
        pullTPS: new JavaDouble(0),
      };
    }
    return {
      properties: {
        consumerGroup: this.group,
        messageModel: this.messageModel,
        consumeFromWhere: this.consumeFromWhere,
        consumeThreadMin: String(this.o.consumeThreadMin),
        consumeThreadMax: String(this.o.consumeThreadMax),
        pullBatchSize: String(this.o.pullBatchSize),
        consumeMessageBatchMaxSize: String(this.o.consumeMessageBatchMaxSize),
        maxReconsumeTimes: String(this.o.maxReconsumeTimes),
        PROP_CONSUME_TYPE: this.consumeType,
        PROP_CONSUMEORDERLY: String(!!this.orderlyListener),
        PROP_THREADPOOL_CORE_SIZE: String(this.o.consumeThreadMin),
      },
      subscriptionSet: this.subscriptions(),
      mqTable,
      statusTable,
    };
  }

  /** Runs the listener once on a message the broker relays (CONSUME_MESSAGE_DIRECTLY); nothing is committed. */
  async consumeMessageDirectly(stored: StoredMessage, brokerName: string): Promise<ConsumeMessageDirectlyResult> {
    const msg = resetRetryTopic(toMessageExt(stored, brokerName), this.group);
    const mq: MessageQueue = { topic: msg.topic, brokerName, queueId: msg.queueId };
    const begin = Date.now();
    const base = { autoCommit: true, order: !!this.orderlyListener, spentTimeMills: 0, remark: '' };
    try {
      if (this.orderlyListener) {
        const status = await this.orderlyListener([msg], { messageQueue: mq, suspendCurrentQueueTimeMillis: -1 });
        return { ...base, consumeResult: status === 'SUCCESS' ? 'CR_SUCCESS' : 'CR_LATER', spentTimeMills: Date.now() - begin };
      }
      const status = await this.concurrentListener!([msg], { messageQueue: mq, delayLevelWhenNextConsume: 0, ackIndex: 0 });
      return { ...base, consumeResult: status === 'CONSUME_SUCCESS' ? 'CR_SUCCESS' : status ? 'CR_LATER' : 'CR_RETURN_NULL', spentTimeMills: Date.now() - begin };
    } catch (err) {
      return { ...base, consumeResult: 'CR_THROW_EXCEPTION', remark: String((err as Error).stack ?? err), spentTimeMills: Date.now() - begin };
    }
  }

  /** Applies an offset reset pushed by the broker (RESET_CONSUMER_CLIENT_OFFSET): drop the topic's queues, store the offsets, rebalance. */
  async resetOffset(topic: string, offsets: [MessageQueue, number][]): Promise<void> {
    const rb = this.rebalance;
    if (!rb || !this.offsetStore) return;
    for (const [k, e] of [...rb.processQueueTable]) {
      if (e.mq.topic !== topic) continue;
      e.pq.dropped = true;
      e.pq.clear();
      rb.processQueueTable.delete(k);
    }
    for (const [mq, offset] of offsets) {
      this.offsetStore.updateOffset(mq, offset, false);
      if (this.messageModel === 'CLUSTERING') {
        const addr = await this.instance!.brokerAddrFor(mq.brokerName, mq.topic).catch(() => undefined);
        if (addr) await this.instance!.api.updateConsumerOffset(addr, this.group, mq, offset, false).catch(() => {});
      }
    }
    if (this.messageModel === 'BROADCASTING') await this.offsetStore.persistAll();
    await this.instance!.doRebalance();
  }

  // ---- pulling -----------------------------------------------------------------------------------------

  /** @internal called by the rebalance for each newly assigned queue. */
  startPulling(req: PullRequest): void {
    void pullLoop(req, this.pullDeps!).catch((err) => this.instance?.log.error({ err, mq: req.mq }, 'pull loop crashed'));
  }

  /** @internal */
  async removeQueue(mq: MessageQueue, pq: ProcessQueue): Promise<boolean> {
    pq.dropped = true;
    if (this.messageModel === 'CLUSTERING') {
      await this.offsetStore!.persist(mq).catch(() => {});
      this.offsetStore!.removeOffset(mq);
      if (this.orderlyListener) {
        // An orderly queue being consumed stays locked until its batch ends; the next rebalance retries.
        if (pq.consumingNow) return false;
        await this.rebalance!.unlock(mq, true);
      }
    }
    return true;
  }

  /** @internal */
  async startOffset(mq: MessageQueue): Promise<number> {
    return computePullFromWhere(this.instance!, this.offsetStore!, mq, this.consumeFromWhere, this.consumeTimestampMs);
  }

  /** @internal */
  removeDirtyOffset(mq: MessageQueue): void {
    this.offsetStore!.removeOffset(mq);
  }

}
