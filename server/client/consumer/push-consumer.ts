/**
 * The push consumer (Java's DefaultMQPushConsumer): rebalanced queue assignment (clustering) or every queue
 * (broadcasting), a long-polling pull loop per queue with flow control, and a concurrent or orderly listener.
 * Failed messages go back to the broker (CONSUMER_SEND_MSG_BACK) for delayed redelivery through
 * `%RETRY%<group>`, and to `%DLQ%<group>` past maxReconsumeTimes.
 */
import { ClientError } from '../../common/errors';
import { MessageConst } from '../../common/message/message-const';
import type { MessageExt as StoredMessage } from '../../common/message/message-decoder';
import { mqKey, type ConsumeFromWhere, type MessageModel, type MessageQueue, type SubscriptionData } from '../../remoting/body/heartbeat';
import { JavaDouble } from '../../remoting/fastjson';
import { PullSysFlag } from '../../remoting/header/pull-message';
import type { ClientConfig } from '../impl/client-config';
import { MQClientInstance, type ConsumeMessageDirectlyResult, type ConsumerInner } from '../impl/client-instance';
import { brokerOffsetBackend, computePullFromWhere, parseConsumeTimestamp } from '../impl/consumer-support';
import { ConcurrencyLimiter, sleep } from '../impl/limiter';
import { retryTopic, toMessageExt, type MessageExt } from '../impl/message';
import { LocalFileOffsetStore, RemoteBrokerOffsetStore, type OffsetStore } from '../impl/offset-store';
import type { ProcessQueue } from '../impl/process-queue';
import { processPullResult } from '../impl/pull-api';
import { ConsumerRebalance, type PullRequest } from '../impl/rebalance';
import { buildSubscriptionData, subscriptionOf, type MessageSelector } from '../impl/subscription';
import { Producer } from '../producer/producer';
import { AllocateMessageQueueAveragely, type AllocateMessageQueueStrategy } from './allocate-strategy';
import type {
  ConsumeConcurrentlyContext,
  ConsumeConcurrentlyStatus,
  ConsumeOrderlyContext,
  ConsumeOrderlyStatus,
  MessageListenerConcurrently,
  MessageListenerOrderly,
} from './types';
import type { AsyncTraceDispatcher, TraceDispatcherStats } from '../trace/async-trace-dispatcher';
import { consumeReturnType, createTraceDispatcher, traceConsumeBatch, type TraceOptions } from '../trace/trace-hooks';

/** Push consumer options; RocketMQ's names and defaults. */
export interface PushConsumerOptions extends ClientConfig, TraceOptions {
  consumerGroup: string;
  /** CLUSTERING (default): each message to one member of the group. BROADCASTING: to every member. */
  messageModel?: MessageModel;
  /** Where a group with no stored offset starts (default CONSUME_FROM_LAST_OFFSET). */
  consumeFromWhere?: ConsumeFromWhere;
  /** For CONSUME_FROM_TIMESTAMP: `yyyyMMddHHmmss` or epoch ms (default: half an hour ago). */
  consumeTimestamp?: string | number;
  /** Queue allocation among the group's members (default: averagely). */
  allocateMessageQueueStrategy?: AllocateMessageQueueStrategy;
  /** Lower bound of listener concurrency (kept for parity; the limit is consumeThreadMax). */
  consumeThreadMin?: number;
  /** At most this many listener calls run at once (20). */
  consumeThreadMax?: number;
  /** Messages per listener call (1). */
  consumeMessageBatchMaxSize?: number;
  /** Messages per pull (32). */
  pullBatchSize?: number;
  /** Stop pulling a queue while it holds this many unconsumed messages (1000). */
  pullThresholdForQueue?: number;
  /** ... or this many MiB of bodies (100). */
  pullThresholdSizeForQueue?: number;
  /** Concurrent mode: stop pulling while the held offsets span more than this (2000). */
  consumeConcurrentlyMaxSpan?: number;
  /** Deliveries before the DLQ; -1 = 16 for concurrent, unlimited for orderly. */
  maxReconsumeTimes?: number;
  /** Orderly: wait before redelivering a suspended queue (1000 ms). */
  suspendCurrentQueueTimeMillis?: number;
  /** A listener call taking longer counts as failed (15 min). */
  consumeTimeoutMs?: number;
  /** Pause between pulls of a queue (0). */
  pullIntervalMs?: number;
  /** Broker long-poll hold (15 s). */
  brokerSuspendMaxTimeMillis?: number;
  /** Send the subscription with every pull instead of relying on the heartbeat (false, as Java). */
  postSubscriptionWhenPull?: boolean;
  /** Broadcasting offset directory (default ~/.rocketmq_offsets). */
  offsetStoreDir?: string;
}

const PULL_DELAY_ON_EXCEPTION_MS = 3000;
const PULL_DELAY_ON_FLOW_CONTROL_MS = 50;
const SEND_BACK_RETRY_DELAY_MS = 5000;
const MAX_TIME_CONSUME_CONTINUOUSLY_MS = 60_000;
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
  private readonly o: Required<Omit<PushConsumerOptions, keyof ClientConfig | keyof TraceOptions | 'consumerGroup' | 'messageModel' | 'consumeFromWhere' | 'allocateMessageQueueStrategy' | 'offsetStoreDir' | 'consumeTimestamp'>>;
  private readonly consumeTimestampMs: number;
  private readonly userSubscriptions = new Map<string, SubscriptionData>();
  private concurrentListener: MessageListenerConcurrently | undefined;
  private orderlyListener: MessageListenerOrderly | undefined;
  private instance: MQClientInstance | undefined;
  private rebalance: ConsumerRebalance | undefined;
  private offsetStore: OffsetStore | undefined;
  private limiter: ConcurrencyLimiter;
  private running = false;
  private lockTimer: NodeJS.Timeout | undefined;
  private innerProducer: Producer | undefined;
  private readonly stats = { okCount: 0, failedCount: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Set with `enableMsgTrace`: SubBefore/SubAfter records of each listener call go through it. */
  private readonly trace: AsyncTraceDispatcher | undefined;

  constructor(readonly options: PushConsumerOptions) {
    if (!options.consumerGroup) throw new ClientError('BAD_CONFIG', 'consumerGroup is required');
    this.group = options.consumerGroup;
    this.messageModel = options.messageModel ?? 'CLUSTERING';
    this.consumeFromWhere = options.consumeFromWhere ?? 'CONSUME_FROM_LAST_OFFSET';
    this.consumeTimestampMs = parseConsumeTimestamp(options.consumeTimestamp ?? Date.now() - 30 * 60_000);
    this.o = {
      consumeThreadMin: options.consumeThreadMin ?? 20,
      consumeThreadMax: options.consumeThreadMax ?? 20,
      consumeMessageBatchMaxSize: options.consumeMessageBatchMaxSize ?? 1,
      pullBatchSize: options.pullBatchSize ?? 32,
      pullThresholdForQueue: options.pullThresholdForQueue ?? 1000,
      pullThresholdSizeForQueue: options.pullThresholdSizeForQueue ?? 100,
      consumeConcurrentlyMaxSpan: options.consumeConcurrentlyMaxSpan ?? 2000,
      maxReconsumeTimes: options.maxReconsumeTimes ?? -1,
      suspendCurrentQueueTimeMillis: options.suspendCurrentQueueTimeMillis ?? 1000,
      consumeTimeoutMs: options.consumeTimeoutMs ?? 15 * 60_000,
      pullIntervalMs: options.pullIntervalMs ?? 0,
      brokerSuspendMaxTimeMillis: options.brokerSuspendMaxTimeMillis ?? 15_000,
      postSubscriptionWhenPull: options.postSubscriptionWhenPull ?? false,
    };
    this.limiter = new ConcurrencyLimiter(Math.max(1, this.o.consumeThreadMax));
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
    if (this.messageModel === 'CLUSTERING') {
      const rt = retryTopic(this.group);
      rebalance.subscriptionInner.set(rt, buildSubscriptionData(rt, '*'));
      this.offsetStore = new RemoteBrokerOffsetStore(brokerOffsetBackend(inst, this.group));
    } else {
      this.offsetStore = new LocalFileOffsetStore(inst.clientId, this.group, this.options.offsetStoreDir);
    }
    await this.offsetStore.load();
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
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const rb = this.rebalance!;
    for (const e of rb.processQueueTable.values()) e.pq.dropped = true;
    await this.persistConsumerOffset(true).catch(() => {});
    if (rb.isOrder && this.messageModel === 'CLUSTERING') await rb.unlockAll();
    await this.innerProducer?.shutdown().catch(() => {});
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
    const msg = this.resetRetryTopic(toMessageExt(stored, brokerName));
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
    void this.pullLoop(req).catch((err) => this.instance?.log.error({ err, mq: req.mq }, 'pull loop crashed'));
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

  private async pullLoop(req: PullRequest): Promise<void> {
    const inst = this.instance!;
    const { mq, pq } = req;
    const live = () => this.running && !pq.dropped;
    while (live()) {
      pq.lastPullTimestamp = Date.now();
      if (pq.msgCount > this.o.pullThresholdForQueue || pq.msgSizeBytes > this.o.pullThresholdSizeForQueue * 1024 * 1024) {
        await sleep(PULL_DELAY_ON_FLOW_CONTROL_MS);
        continue;
      }
      if (!this.orderlyListener && pq.maxSpan > this.o.consumeConcurrentlyMaxSpan) {
        await sleep(PULL_DELAY_ON_FLOW_CONTROL_MS);
        continue;
      }
      if (this.orderlyListener && this.messageModel === 'CLUSTERING' && !pq.locked) {
        await sleep(PULL_DELAY_ON_EXCEPTION_MS);
        continue;
      }
      const sub = this.rebalance!.subscriptionInner.get(mq.topic);
      if (!sub) {
        await sleep(PULL_DELAY_ON_EXCEPTION_MS);
        continue;
      }
      let commitOffset = 0;
      if (this.messageModel === 'CLUSTERING') commitOffset = await this.offsetStore!.readOffset(mq, 'MEMORY');
      let sysFlag = PullSysFlag.SUSPEND;
      if (commitOffset > 0) sysFlag |= PullSysFlag.COMMIT_OFFSET;
      if (this.o.postSubscriptionWhenPull) sysFlag |= PullSysFlag.SUBSCRIPTION;
      const addr = inst.findBrokerAddressInSubscribe(mq.brokerName, 0);
      if (!addr) {
        await inst.updateTopicRoute(mq.topic).catch(() => false);
        await sleep(PULL_DELAY_ON_EXCEPTION_MS);
        continue;
      }
      let result;
      try {
        const raw = await inst.api.pullMessage(
          addr,
          {
            consumerGroup: this.group,
            topic: mq.topic,
            queueId: mq.queueId,
            queueOffset: req.nextOffset,
            maxMsgNums: this.o.pullBatchSize,
            sysFlag,
            commitOffset: Math.max(0, commitOffset),
            suspendTimeoutMillis: this.o.brokerSuspendMaxTimeMillis,
            subscription: sub.subString,
            subVersion: sub.subVersion,
            expressionType: sub.expressionType,
          },
          this.o.brokerSuspendMaxTimeMillis + 15_000,
        );
        result = processPullResult(raw, mq, sub);
      } catch (err) {
        if (live()) {
          inst.log.debug({ mq, err: (err as Error).message }, 'pull failed');
          await sleep(PULL_DELAY_ON_EXCEPTION_MS);
        }
        continue;
      }
      if (!live()) break;
      switch (result.pullStatus) {
        case 'FOUND':
          req.nextOffset = result.nextBeginOffset;
          if (result.msgFoundList.length) {
            const dispatch = pq.putMessages(result.msgFoundList);
            this.submitConsume(result.msgFoundList, pq, mq, dispatch);
          }
          if (this.o.pullIntervalMs > 0) await sleep(this.o.pullIntervalMs);
          break;
        case 'NO_NEW_MSG':
        case 'NO_MATCHED_MSG':
          req.nextOffset = result.nextBeginOffset;
          if (pq.msgCount === 0) this.offsetStore!.updateOffset(mq, req.nextOffset, true);
          break;
        case 'OFFSET_ILLEGAL':
          inst.log.warn({ mq, requested: req.nextOffset, next: result.nextBeginOffset }, 'pull offset illegal, correcting');
          req.nextOffset = result.nextBeginOffset;
          pq.clear();
          this.offsetStore!.updateOffset(mq, req.nextOffset, false);
          await this.offsetStore!.persist(mq).catch(() => {});
          break;
      }
    }
  }

  // ---- consuming ---------------------------------------------------------------------------------------

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.running) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /** Restores the original topic of a redelivered message (Java's resetRetryAndNamespace). */
  private resetRetryTopic(msg: MessageExt): MessageExt {
    const orig = msg.properties[MessageConst.RETRY_TOPIC];
    if (orig && msg.topic === retryTopic(this.group)) msg.topic = orig;
    return msg;
  }

  private submitConsume(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue, dispatchOrderly: boolean): void {
    if (this.orderlyListener) {
      if (dispatchOrderly) this.runOrderly(pq, mq);
      return;
    }
    const n = Math.max(1, this.o.consumeMessageBatchMaxSize);
    for (let i = 0; i < msgs.length; i += n) {
      const batch = msgs.slice(i, i + n);
      void this.limiter
        .run(() => this.consumeConcurrently(batch, pq, mq))
        .catch((err) => this.instance?.log.error({ err, mq }, 'concurrent consume crashed'));
    }
  }

  private async withTimeout<T>(p: Promise<T> | T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        Promise.resolve(p),
        new Promise<T>((_, reject) => {
          timer = setTimeout(() => reject(new ClientError('CONSUME_TIMEOUT', `consume took longer than ${this.o.consumeTimeoutMs} ms`)), this.o.consumeTimeoutMs);
          timer.unref();
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private async consumeConcurrently(msgs: MessageExt[], pq: ProcessQueue, mq: MessageQueue): Promise<void> {
    if (pq.dropped) return;
    const now = String(Date.now());
    for (const m of msgs) {
      this.resetRetryTopic(m);
      m.properties[MessageConst.CONSUME_START_TIMESTAMP] = now;
    }
    const ctx: ConsumeConcurrentlyContext = { messageQueue: mq, delayLevelWhenNextConsume: 0, ackIndex: Number.MAX_SAFE_INTEGER };
    const traceDone = traceConsumeBatch(this.trace, this.group, msgs);
    let status: ConsumeConcurrentlyStatus | undefined;
    let failure: unknown;
    try {
      // A listener that answers synchronously needs no timeout timer (one per batch adds up at high rates).
      const answer = this.concurrentListener!(msgs, ctx);
      status = isThenable(answer) ? await this.withTimeout(answer) : answer;
    } catch (err) {
      failure = err;
      this.instance?.log.warn({ group: this.group, mq, err: (err as Error).message }, 'consume threw; reconsume later');
    }
    traceDone(status === 'CONSUME_SUCCESS', consumeReturnType(status === 'CONSUME_SUCCESS', failure, !failure && status == null));
    status ??= 'RECONSUME_LATER';
    if (pq.dropped) return;
    let ackIndex = status === 'CONSUME_SUCCESS' ? Math.min(ctx.ackIndex, msgs.length - 1) : -1;
    if (ackIndex < -1) ackIndex = -1;
    this.stats.okCount += ackIndex + 1;
    this.stats.failedCount += msgs.length - ackIndex - 1;
    const failedBack: MessageExt[] = [];
    if (this.messageModel === 'CLUSTERING') {
      for (let i = ackIndex + 1; i < msgs.length; i++) {
        const m = msgs[i];
        if (!(await this.sendMessageBack(m, ctx.delayLevelWhenNextConsume))) {
          m.reconsumeTimes++;
          failedBack.push(m);
        }
      }
    } else {
      for (let i = ackIndex + 1; i < msgs.length; i++) {
        this.instance?.log.warn({ group: this.group, msgId: msgs[i].msgId }, 'BROADCASTING, the message consume failed, drop it');
      }
    }
    const done = msgs.filter((m) => !failedBack.includes(m));
    if (failedBack.length) {
      this.later(SEND_BACK_RETRY_DELAY_MS, () => {
        if (pq.dropped) return;
        for (const m of failedBack) {
          void this.limiter.run(() => this.consumeConcurrently([m], pq, mq)).catch((err) => this.instance?.log.error({ err, mq }, 'concurrent consume crashed'));
        }
      });
    }
    const offset = pq.removeMessages(done);
    if (offset >= 0 && !pq.dropped) this.offsetStore!.updateOffset(mq, offset, true);
  }

  private maxReconsumeTimesConcurrently(): number {
    return this.o.maxReconsumeTimes === -1 ? 16 : this.o.maxReconsumeTimes;
  }

  private maxReconsumeTimesOrderly(): number {
    return this.o.maxReconsumeTimes === -1 ? 2147483647 : this.o.maxReconsumeTimes;
  }

  /** CONSUMER_SEND_MSG_BACK, falling back to a direct send to the retry topic. True when the message is handed over. */
  private async sendMessageBack(msg: MessageExt, delayLevel: number): Promise<boolean> {
    const inst = this.instance!;
    try {
      const addr = inst.findBrokerAddressInPublish(msg.brokerName) ?? msg.storeHost;
      await inst.api.consumerSendMessageBack(
        addr,
        {
          offset: msg.commitLogOffset,
          group: this.group,
          delayLevel,
          originMsgId: msg.msgId,
          originTopic: msg.topic,
          maxReconsumeTimes: this.maxReconsumeTimesConcurrently(),
        },
        5000,
      );
      return true;
    } catch (err) {
      inst.log.warn({ msgId: msg.msgId, err: (err as Error).message }, 'send message back failed, sending to the retry topic directly');
      return this.sendToRetryTopic(msg, msg.reconsumeTimes + 1, this.maxReconsumeTimesConcurrently());
    }
  }

  /** Java's fallback: a new message on %RETRY%group carrying RECONSUME_TIME/MAX_RECONSUME_TIMES; the broker routes it (DLQ when j ≥ l). */
  private async sendToRetryTopic(msg: MessageExt, reconsumeTimes: number, maxReconsumeTimes: number): Promise<boolean> {
    try {
      if (!this.innerProducer) {
        this.innerProducer = new Producer({
          namesrvAddr: this.options.namesrvAddr,
          producerGroup: 'CLIENT_INNER_PRODUCER',
          mqClientApiTimeoutMs: this.options.mqClientApiTimeoutMs,
        });
        await this.innerProducer.start();
      }
      const props = { ...msg.properties };
      delete props[MessageConst.TRANSACTION_PREPARED];
      delete props[MessageConst.DELAY_TIME_LEVEL];
      props[MessageConst.ORIGIN_MESSAGE_ID] = props[MessageConst.ORIGIN_MESSAGE_ID] ?? msg.msgId;
      props[MessageConst.RETRY_TOPIC] = props[MessageConst.RETRY_TOPIC] ?? msg.topic;
      props[MessageConst.RECONSUME_TIME] = String(reconsumeTimes);
      props[MessageConst.MAX_RECONSUME_TIMES] = String(maxReconsumeTimes);
      await this.innerProducer.send({
        topic: retryTopic(this.group),
        body: msg.body,
        flag: msg.flag,
        properties: props,
        delayTimeLevel: 3 + msg.reconsumeTimes,
      });
      return true;
    } catch (err) {
      this.instance?.log.warn({ msgId: msg.msgId, err: (err as Error).message }, 'send to the retry topic failed');
      return false;
    }
  }

  private runOrderly(pq: ProcessQueue, mq: MessageQueue, delayMs = 0): void {
    if (delayMs > 0) {
      this.later(delayMs, () => this.runOrderly(pq, mq));
      return;
    }
    if (pq.consumingNow || pq.dropped) return;
    pq.consumingNow = true;
    void this.limiter
      .run(() => this.consumeOrderly(pq, mq))
      .catch((err) => this.instance?.log.error({ err, mq }, 'orderly consume crashed'))
      .finally(() => {
        pq.consumingNow = false;
      });
  }

  private async consumeOrderly(pq: ProcessQueue, mq: MessageQueue): Promise<void> {
    const clustering = this.messageModel === 'CLUSTERING';
    const begin = Date.now();
    while (this.running && !pq.dropped) {
      if (clustering && (!pq.locked || pq.isLockExpired())) {
        const ok = await this.rebalance!.lock(mq, pq);
        this.runOrderlyAfterCurrent(pq, mq, ok ? 10 : 3000);
        return;
      }
      if (Date.now() - begin > MAX_TIME_CONSUME_CONTINUOUSLY_MS) {
        this.runOrderlyAfterCurrent(pq, mq, 10);
        return;
      }
      const msgs = pq.takeMessages(Math.max(1, this.o.consumeMessageBatchMaxSize));
      if (msgs.length === 0) return;
      const now = String(Date.now());
      for (const m of msgs) {
        this.resetRetryTopic(m);
        m.properties[MessageConst.CONSUME_START_TIMESTAMP] = now;
      }
      const ctx: ConsumeOrderlyContext = { messageQueue: mq, suspendCurrentQueueTimeMillis: -1 };
      const traceDone = traceConsumeBatch(this.trace, this.group, msgs);
      let status: ConsumeOrderlyStatus | undefined;
      let failure: unknown;
      try {
        status = await this.withTimeout(this.orderlyListener!(msgs, ctx));
      } catch (err) {
        failure = err;
        this.instance?.log.warn({ group: this.group, mq, err: (err as Error).message }, 'orderly consume threw; suspending the queue');
      }
      traceDone(status === 'SUCCESS', consumeReturnType(status === 'SUCCESS', failure, !failure && status == null));
      status ??= 'SUSPEND_CURRENT_QUEUE_A_MOMENT';
      if (pq.dropped) return;
      let commitOffset = -1;
      if (status === 'SUCCESS') {
        this.stats.okCount += msgs.length;
        commitOffset = pq.commit();
      } else {
        this.stats.failedCount += msgs.length;
        if (await this.checkReconsumeTimes(msgs)) {
          pq.makeMessagesToConsumeAgain(msgs);
          const wait = ctx.suspendCurrentQueueTimeMillis >= 10 && ctx.suspendCurrentQueueTimeMillis <= 30_000 ? ctx.suspendCurrentQueueTimeMillis : this.o.suspendCurrentQueueTimeMillis;
          this.runOrderlyAfterCurrent(pq, mq, wait);
          return;
        }
        commitOffset = pq.commit();
      }
      if (commitOffset >= 0 && !pq.dropped) this.offsetStore!.updateOffset(mq, commitOffset, false);
    }
  }

  /** Schedules the next orderly pass once the current one has released the queue. */
  private runOrderlyAfterCurrent(pq: ProcessQueue, mq: MessageQueue, delayMs: number): void {
    this.later(delayMs, () => {
      if (pq.consumingNow) this.runOrderlyAfterCurrent(pq, mq, 10);
      else this.runOrderly(pq, mq);
    });
  }

  /** Orderly retry bookkeeping: true = suspend and redeliver locally; past the maximum the message goes to the DLQ. */
  private async checkReconsumeTimes(msgs: MessageExt[]): Promise<boolean> {
    let suspend = false;
    const max = this.maxReconsumeTimesOrderly();
    for (const m of msgs) {
      if (m.reconsumeTimes >= max) {
        if (!(await this.sendToRetryTopic(m, m.reconsumeTimes, max))) {
          suspend = true;
          m.reconsumeTimes++;
        }
      } else {
        suspend = true;
        m.reconsumeTimes++;
      }
    }
    return suspend;
  }
}

function isThenable<T>(v: T | PromiseLike<T>): v is PromiseLike<T> {
  return typeof (v as PromiseLike<T> | null)?.then === 'function';
}
