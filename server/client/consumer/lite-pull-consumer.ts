/**
 * The lite pull consumer (Java's DefaultLitePullConsumer): subscribe (rebalanced like a push consumer) or
 * assign queues, then `poll()` batches that background long-polls have buffered. Offsets advance as messages
 * are polled and are committed every 5 s (autoCommit) or by commitSync(). Also an async iterable:
 * `for await (const msg of consumer)`. With `enableMsgTrace`, each pulled batch is traced as Java's
 * DefaultLitePullConsumer traces it (see pullLoop).
 */
import { abortErrorOf, throwIfAborted } from '../../common/abort';
import { ClientError } from '../../common/errors';
import { mqKey, type ConsumeFromWhere, type MessageModel, type MessageQueue, type SubscriptionData } from '../../remoting/body/heartbeat';
import { PullSysFlag } from '../../remoting/header/pull-message';
import type { ClientConfig } from '../impl/client-config';
import { MQClientInstance, type ConsumerInner } from '../impl/client-instance';
import { brokerOffsetBackend, computePullFromWhere, parseConsumeTimestamp } from '../impl/consumer-support';
import { sleep } from '../impl/limiter';
import type { MessageExt } from '../impl/message';
import { LocalFileOffsetStore, RemoteBrokerOffsetStore, type OffsetStore } from '../impl/offset-store';
import { ProcessQueue } from '../impl/process-queue';
import { processPullResult } from '../impl/pull-api';
import { ConsumerRebalance, type PullRequest } from '../impl/rebalance';
import { buildSubscriptionData, subscriptionOf, type MessageSelector } from '../impl/subscription';
import { routeToSubscribeInfo } from '../impl/topic-publish-info';
import { Producer } from '../producer/producer';
import type { AsyncTraceDispatcher, TraceDispatcherStats } from '../trace/async-trace-dispatcher';
import { createTraceDispatcher, traceConsumeBatch, type TraceOptions } from '../trace/trace-hooks';
import { AllocateMessageQueueAveragely, type AllocateMessageQueueStrategy } from './allocate-strategy';

/** Options of a LitePullConsumer. */
export interface LitePullConsumerOptions extends ClientConfig, TraceOptions {
  consumerGroup: string;
  messageModel?: MessageModel;
  consumeFromWhere?: ConsumeFromWhere;
  consumeTimestamp?: string | number;
  allocateMessageQueueStrategy?: AllocateMessageQueueStrategy;
  /** Commit polled offsets every persistConsumerOffsetIntervalMs (default true). */
  autoCommit?: boolean;
  /** Most messages one poll returns (10). */
  pullBatchSize?: number;
  /** Stop pulling a queue while this many of its messages wait to be polled (1000). */
  pullThresholdForQueue?: number;
  /** Stop pulling while this many messages wait in total (10000). */
  pullThresholdForAll?: number;
  /** Broker hold of a pull (default 5 s). */
  brokerSuspendMaxTimeMillis?: number;
  offsetStoreDir?: string;
}

interface Buffered {
  mq: MessageQueue;
  pq: ProcessQueue;
  msgs: MessageExt[];
}

/**
 * A consumer whose application drives consumption with poll().
 *
 * ```ts
 * const c = new LitePullConsumer({ namesrvAddr, consumerGroup: 'g' });
 * c.subscribe('T', '*');
 * await c.start();
 * const msgs = await c.poll(1000);
 * ```
 */
export class LitePullConsumer implements ConsumerInner, AsyncIterable<MessageExt> {
  readonly group: string;
  readonly messageModel: MessageModel;
  readonly consumeType = 'CONSUME_ACTIVELY' as const;
  readonly consumeFromWhere: ConsumeFromWhere;
  private readonly topicsWanted = new Map<string, SubscriptionData>();
  private assigned: MessageQueue[] | undefined;
  private instance: MQClientInstance | undefined;
  private rebalance: ConsumerRebalance | undefined;
  private offsetStore: OffsetStore | undefined;
  private running = false;
  private readonly buffer: Buffered[] = [];
  private bufferedCount = 0;
  private waiters: (() => void)[] = [];
  private readonly requests = new Map<string, PullRequest>();
  private readonly batch: number;
  private readonly perQueue: number;
  private readonly all: number;
  private readonly suspendMs: number;
  private readonly consumeTimestampMs: number;
  private commitTimer: NodeJS.Timeout | undefined;
  /** Set with `enableMsgTrace`: SubBefore/SubAfter records of each pulled batch go through it. */
  private readonly trace: AsyncTraceDispatcher | undefined;

  constructor(readonly options: LitePullConsumerOptions) {
    if (!options.consumerGroup) throw new ClientError('BAD_CONFIG', 'consumerGroup is required');
    this.group = options.consumerGroup;
    this.messageModel = options.messageModel ?? 'CLUSTERING';
    this.consumeFromWhere = options.consumeFromWhere ?? 'CONSUME_FROM_LAST_OFFSET';
    this.consumeTimestampMs = parseConsumeTimestamp(options.consumeTimestamp ?? Date.now() - 30 * 60_000);
    this.batch = options.pullBatchSize ?? 10;
    this.perQueue = options.pullThresholdForQueue ?? 1000;
    this.all = options.pullThresholdForAll ?? 10_000;
    this.suspendMs = options.brokerSuspendMaxTimeMillis ?? 5000;
    this.trace = createTraceDispatcher('CONSUME', this.group, options, (o) => new Producer(o));
  }

  /** With `enableMsgTrace`: what the trace dispatcher did (records queued, dropped, trace messages sent, failed). */
  traceStats(): TraceDispatcherStats | undefined {
    return this.trace?.stats();
  }

  /**
   * Subscribe to a topic (rebalanced among the group's members) with a tag expression or an SQL92 selector
   * (`{ sql: 'a > 5' }`). Not with assign().
   */
  subscribe(topic: string, selector: MessageSelector = '*'): void {
    if (this.assigned) throw new ClientError('BAD_STATE', 'Subscribe and assign are mutually exclusive.');
    const sub = subscriptionOf(topic, selector);
    this.topicsWanted.set(topic, sub);
    if (this.rebalance) {
      this.rebalance.subscriptionInner.set(topic, sub);
      const inst = this.instance!;
      void inst
        .sendHeartbeatToAllBrokers()
        .then(() => inst.doRebalance())
        .catch((err) => inst.log.warn({ topic, err: (err as Error).message }, 'subscribe after start failed'));
    }
  }

  /** Consume exactly these queues (no rebalance). */
  assign(mqs: MessageQueue[]): void {
    if (this.topicsWanted.size) throw new ClientError('BAD_STATE', 'Subscribe and assign are mutually exclusive.');
    this.assigned = [...mqs];
    if (this.running) void this.applyAssignment().catch((err) => this.instance?.log.warn({ err: (err as Error).message }, 'assign failed'));
  }

  /** Readable queues of a topic. */
  async fetchMessageQueues(topic: string): Promise<MessageQueue[]> {
    const inst = this.client();
    if (!(await inst.updateTopicRoute(topic))) throw new ClientError('NO_ROUTE_INFO', `Can not find Message Queue for this topic, ${topic}`);
    return routeToSubscribeInfo(topic, inst.topicRoute(topic)!);
  }

  /** Connects and registers the group with the brokers. */
  async start(): Promise<void> {
    if (this.running) return;
    const inst = MQClientInstance.getOrCreate(this.options);
    const log = inst.log.child({ group: this.group });
    this.offsetStore =
      this.messageModel === 'CLUSTERING'
        ? new RemoteBrokerOffsetStore(brokerOffsetBackend(inst, this.group))
        : new LocalFileOffsetStore(inst.clientId, this.group, this.options.offsetStoreDir);
    await this.offsetStore.load();
    const rb = new ConsumerRebalance(this, this.group, this.messageModel, this.options.allocateMessageQueueStrategy ?? new AllocateMessageQueueAveragely(), inst, log);
    for (const [t, sub] of this.topicsWanted) rb.subscriptionInner.set(t, sub);
    inst.registerConsumer(this);
    this.instance = inst;
    this.rebalance = rb;
    this.running = true;
    await inst.start();
    await this.trace?.start();
    if (this.options.autoCommit !== false) {
      this.commitTimer = setInterval(() => void this.commitSync().catch(() => {}), inst.config.persistConsumerOffsetIntervalMs);
      this.commitTimer.unref();
    }
    await Promise.allSettled([...rb.subscriptionInner.keys()].map((t) => inst.updateTopicRoute(t)));
    try {
      await inst.checkClientInBroker(this.group, this.topicsWanted.values());
    } catch (err) {
      await this.shutdown().catch(() => {});
      throw err;
    }
    await inst.sendHeartbeatToAllBrokers();
    if (this.assigned) await this.applyAssignment();
    else await inst.doRebalance();
  }

  /** Stops pulling, commits (autoCommit) and leaves the group. */
  async shutdown(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.commitTimer) clearInterval(this.commitTimer);
    for (const r of this.requests.values()) r.pq.dropped = true;
    for (const w of this.waiters.splice(0)) w();
    if (this.options.autoCommit !== false) await this.commitSync().catch(() => {});
    await this.instance!.unregisterConsumer(this.group);
    await this.trace?.shutdown();
  }

  /** The same as {@link shutdown}, by the name Node's streams and sockets use; safe to call twice. */
  close(): Promise<void> {
    return this.shutdown();
  }

  /** `await using consumer = new LitePullConsumer(…)` shuts it down when the scope ends. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  private client(): MQClientInstance {
    if (!this.instance || !this.running) throw new ClientError('NOT_STARTED', 'The consumer not running, please start it first.');
    return this.instance;
  }

  /** Queues currently pulled. */
  assignment(): MessageQueue[] {
    return [...this.requests.values()].map((r) => r.mq);
  }

  private async applyAssignment(): Promise<void> {
    const want = new Set(this.assigned!.map(mqKey));
    for (const [k, r] of [...this.requests]) {
      if (!want.has(k)) {
        r.pq.dropped = true;
        this.requests.delete(k);
      }
    }
    for (const mq of this.assigned!) {
      if (this.requests.has(mqKey(mq))) continue;
      const next = await this.startOffset(mq);
      this.startPulling({ mq, pq: new ProcessQueue(), nextOffset: Math.max(0, next) });
    }
  }

  /** @internal */
  startPulling(req: PullRequest): void {
    this.requests.set(mqKey(req.mq), req);
    void this.pullLoop(req).catch((err) => this.instance?.log.error({ err, mq: req.mq }, 'pull loop crashed'));
  }

  /** @internal */
  async startOffset(mq: MessageQueue): Promise<number> {
    return computePullFromWhere(this.instance!, this.offsetStore!, mq, this.consumeFromWhere, this.consumeTimestampMs);
  }

  /** @internal */
  async removeQueue(mq: MessageQueue, pq: ProcessQueue): Promise<boolean> {
    pq.dropped = true;
    this.requests.delete(mqKey(mq));
    await this.offsetStore!.persist(mq).catch(() => {});
    this.offsetStore!.removeOffset(mq);
    return true;
  }

  /** @internal */
  removeDirtyOffset(mq: MessageQueue): void {
    this.offsetStore!.removeOffset(mq);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private async pullLoop(req: PullRequest): Promise<void> {
    const inst = this.instance!;
    const { mq } = req;
    while (this.running && !req.pq.dropped) {
      if (req.pq.msgCount >= this.perQueue || this.bufferedCount >= this.all) {
        await sleep(50);
        continue;
      }
      const sub = this.rebalance!.subscriptionInner.get(mq.topic) ?? buildSubscriptionData(mq.topic, '*');
      try {
        const addr = await inst.brokerAddrFor(mq.brokerName, mq.topic);
        const raw = await inst.api.pullMessage(
          addr,
          {
            consumerGroup: this.group,
            topic: mq.topic,
            queueId: mq.queueId,
            queueOffset: req.nextOffset,
            maxMsgNums: this.batch,
            sysFlag: PullSysFlag.SUSPEND | PullSysFlag.SUBSCRIPTION,
            commitOffset: 0,
            suspendTimeoutMillis: this.suspendMs,
            subscription: sub.subString,
            subVersion: sub.subVersion,
            expressionType: sub.expressionType,
          },
          this.suspendMs + 10_000,
        );
        const r = processPullResult(raw, mq, sub);
        // Java (DefaultLitePullConsumerImpl.pullSyncImpl) traces a batch as consumed when it is pulled, before
        // poll() hands it out and even if the queue has been dropped meanwhile: SubBefore, then at once SubAfter
        // with success and CONSUME_SUCCESS, so its cost is ~0 ms.
        traceConsumeBatch(this.trace, this.group, r.msgFoundList)(true, 'SUCCESS');
        if (!this.running || req.pq.dropped) break;
        if (r.pullStatus === 'OFFSET_ILLEGAL') inst.log.warn({ mq, requested: req.nextOffset, next: r.nextBeginOffset }, 'pull offset illegal, correcting');
        req.nextOffset = r.nextBeginOffset;
        if (r.msgFoundList.length) {
          req.pq.putMessages(r.msgFoundList);
          this.buffer.push({ mq, pq: req.pq, msgs: r.msgFoundList });
          this.bufferedCount += r.msgFoundList.length;
          this.wake();
        } else if (req.pq.msgCount === 0 && r.pullStatus !== 'FOUND') {
          this.offsetStore!.updateOffset(mq, req.nextOffset, true);
        }
      } catch (err) {
        if (!this.running || req.pq.dropped) break;
        inst.log.debug({ mq, err: (err as Error).message }, 'lite pull failed');
        await sleep(1000);
      }
    }
  }

  /**
   * The next buffered messages (at most pullBatchSize, from one queue), waiting up to `timeoutMs`;
   * an empty array on timeout. Polled messages count as consumed for the next commit. Aborting
   * `options.signal` rejects the wait with `AbortError`; buffered messages stay for the next poll.
   */
  async poll(timeoutMs = 5000, options: { signal?: AbortSignal } = {}): Promise<MessageExt[]> {
    const { signal } = options;
    this.client();
    throwIfAborted(signal, 'poll');
    const deadline = Date.now() + timeoutMs;
    while (this.running) {
      const b = this.buffer.shift();
      if (b) {
        this.bufferedCount -= b.msgs.length;
        if (b.pq.dropped) continue;
        const offset = b.pq.removeMessages(b.msgs);
        if (offset >= 0) this.offsetStore!.updateOffset(b.mq, offset, false);
        return b.msgs;
      }
      const left = deadline - Date.now();
      if (left <= 0) return [];
      await new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          clearTimeout(t);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          clearTimeout(t);
          this.waiters = this.waiters.filter((w) => w !== wake);
          reject(abortErrorOf(signal!, 'poll'));
        };
        const t = setTimeout(wake, left);
        t.unref();
        this.waiters.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    return [];
  }

  /** Continue a queue from `offset`; buffered messages of that queue are dropped. */
  async seek(mq: MessageQueue, offset: number): Promise<void> {
    this.client();
    const k = mqKey(mq);
    const r = this.requests.get(k);
    if (!r) throw new ClientError('BAD_STATE', `The message queue is not in assigned list, message queue: ${k}`);
    r.pq.dropped = true;
    for (let i = this.buffer.length - 1; i >= 0; i--) {
      if (mqKey(this.buffer[i].mq) === k) {
        this.bufferedCount -= this.buffer[i].msgs.length;
        this.buffer.splice(i, 1);
      }
    }
    this.offsetStore!.updateOffset(mq, offset, false);
    this.startPulling({ mq, pq: new ProcessQueue(), nextOffset: offset });
  }

  /** seek() to the queue's smallest offset. */
  async seekToBegin(mq: MessageQueue): Promise<void> {
    const inst = this.client();
    await this.seek(mq, await inst.api.getMinOffset(await inst.brokerAddrFor(mq.brokerName, mq.topic), mq));
  }

  /** seek() to the queue's next write offset (only new messages). */
  async seekToEnd(mq: MessageQueue): Promise<void> {
    const inst = this.client();
    await this.seek(mq, await inst.api.getMaxOffset(await inst.brokerAddrFor(mq.brokerName, mq.topic), mq));
  }

  /** The committed (or last polled) offset of a queue; -1 when none. */
  async committed(mq: MessageQueue): Promise<number> {
    this.client();
    return this.offsetStore!.readOffset(mq, 'MEMORY_THEN_STORE');
  }

  /** Commit the offsets of every polled message now. */
  async commitSync(): Promise<void> {
    if (!this.offsetStore) return;
    if (this.messageModel === 'BROADCASTING') {
      await this.offsetStore.persistAll();
      return;
    }
    const inst = this.instance!;
    await Promise.all(
      this.offsetStore.cloneOffsetTable().map(async ([mq, offset]) => {
        const addr = await inst.brokerAddrFor(mq.brokerName, mq.topic);
        await inst.api.updateConsumerOffset(addr, this.group, mq, offset, false);
      }),
    );
  }

  /** Yields polled messages one by one until shutdown. */
  async *[Symbol.asyncIterator](): AsyncIterator<MessageExt> {
    while (this.running) {
      const msgs = await this.poll(1000);
      for (const m of msgs) yield m;
    }
  }

  // ConsumerInner (used by the client instance)
  /** Subscriptions as sent in heartbeats. */
  subscriptions(): SubscriptionData[] {
    return [...(this.rebalance?.subscriptionInner.values() ?? [])];
  }

  updateTopicSubscribeInfo(topic: string, mqs: MessageQueue[]): void {
    this.rebalance?.topicSubscribeInfoTable.set(topic, mqs);
  }

  async doRebalance(): Promise<void> {
    if (this.running && !this.assigned) await this.rebalance?.doRebalance();
  }

  async persistConsumerOffset(): Promise<void> {
    if (this.options.autoCommit !== false) await this.commitSync();
  }

  runningInfo(): Record<string, unknown> {
    return {
      properties: { consumerGroup: this.group, PROP_CONSUME_TYPE: this.consumeType, PROP_CONSUMEORDERLY: 'false', PROP_THREADPOOL_CORE_SIZE: '-1' },
      subscriptionSet: this.subscriptions(),
      mqTable: new Map(),
      statusTable: {},
    };
  }
}
