/**
 * The pull consumer (Java's DefaultMQPullConsumer): the application chooses queues and offsets and pulls
 * itself; offsets are kept only when it says so (updateConsumeOffset), committed every 5 s and on shutdown.
 */
import { raceAbort } from '../../common/abort';
import { ClientError } from '../../common/errors';
import type { ConsumeFromWhere, MessageModel, MessageQueue, SubscriptionData } from '../../remoting/body/heartbeat';
import { PullSysFlag } from '../../remoting/header/pull-message';
import type { ClientConfig } from '../impl/client-config';
import { MQClientInstance, type ConsumerInner } from '../impl/client-instance';
import { brokerOffsetBackend } from '../impl/consumer-support';
import { routeToSubscribeInfo } from '../impl/topic-publish-info';
import { RemoteBrokerOffsetStore } from '../impl/offset-store';
import { processPullResult, type PullResult } from '../impl/pull-api';
import { buildSubscriptionData, subscriptionOf, type MessageSelector } from '../impl/subscription';

export type { PullResult };

/** Options of a PullConsumer. */
export interface PullConsumerOptions extends ClientConfig {
  consumerGroup: string;
  /** Timeout of a non-blocking pull (10 s, Java's consumerPullTimeoutMillis). */
  consumerPullTimeoutMillis?: number;
  /** Broker hold of a blocking pull (20 s). */
  brokerSuspendMaxTimeMillis?: number;
}

/** Per-call options of a pull. */
export interface PullOptions {
  /** How long to wait for the broker's answer (default: consumerPullTimeoutMillis; blocking: hold + that). */
  timeoutMs?: number;
  /**
   * Gives up the pull: it rejects with `AbortError` (code `ABORT_ERR`). A blocking pull the broker is holding is
   * answered to nobody; no offset moves, since this consumer's offsets change only by updateConsumeOffset.
   */
  signal?: AbortSignal;
}

/**
 * Pulls from queues the application picks.
 *
 * ```ts
 * const c = new PullConsumer({ namesrvAddr, consumerGroup: 'g' });
 * await c.start();
 * for (const mq of await c.fetchSubscribeMessageQueues('T')) {
 *   const r = await c.pull(mq, '*', await c.fetchConsumeOffset(mq), 32);
 * }
 * ```
 */
export class PullConsumer implements ConsumerInner {
  readonly group: string;
  readonly messageModel: MessageModel = 'CLUSTERING';
  readonly consumeType = 'CONSUME_ACTIVELY' as const;
  readonly consumeFromWhere: ConsumeFromWhere = 'CONSUME_FROM_LAST_OFFSET';
  private instance: MQClientInstance | undefined;
  private offsetStore: RemoteBrokerOffsetStore | undefined;
  private readonly topics = new Set<string>();
  private readonly pullTimeoutMs: number;
  private readonly suspendMs: number;

  constructor(readonly options: PullConsumerOptions) {
    if (!options.consumerGroup) throw new ClientError('BAD_CONFIG', 'consumerGroup is required');
    this.group = options.consumerGroup;
    this.pullTimeoutMs = options.consumerPullTimeoutMillis ?? 10_000;
    this.suspendMs = options.brokerSuspendMaxTimeMillis ?? 20_000;
  }

  /** Connects and registers the group with the brokers. */
  async start(): Promise<void> {
    if (this.instance) return;
    const inst = MQClientInstance.getOrCreate(this.options);
    inst.registerConsumer(this);
    this.instance = inst;
    this.offsetStore = new RemoteBrokerOffsetStore(brokerOffsetBackend(inst, this.group));
    await inst.start();
  }

  /** Commits offsets and leaves. */
  async shutdown(): Promise<void> {
    if (!this.instance) return;
    await this.offsetStore?.persistAll(undefined, true).catch(() => {});
    const inst = this.instance;
    this.instance = undefined;
    await inst.unregisterConsumer(this.group);
  }

  /** The same as {@link shutdown}, by the name Node's streams and sockets use; safe to call twice. */
  close(): Promise<void> {
    return this.shutdown();
  }

  /** `await using consumer = new PullConsumer(…)` shuts it down when the scope ends. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  private client(): MQClientInstance {
    if (!this.instance) throw new ClientError('NOT_STARTED', 'the consumer is not started');
    return this.instance;
  }

  /** Readable queues of a topic. */
  async fetchSubscribeMessageQueues(topic: string): Promise<MessageQueue[]> {
    const inst = this.client();
    if (!inst.topicRoute(topic)) await inst.updateTopicRoute(topic);
    const route = inst.topicRoute(topic);
    if (!route) throw new ClientError('NO_ROUTE_INFO', `Can not find Message Queue for this topic, ${topic}`);
    if (!this.topics.has(topic)) {
      this.topics.add(topic);
      await inst.sendHeartbeatToAllBrokers();
    }
    return routeToSubscribeInfo(topic, route);
  }

  /**
   * Pull up to `maxNums` messages at `offset` that match `selector` (a tag expression or `{ sql }`); answers at once
   * when there is nothing. With an SQL92 selector the broker filters and NO_MATCHED_MSG moves `nextBeginOffset` on.
   */
  pull(mq: MessageQueue, selector: MessageSelector, offset: number, maxNums: number, options: number | PullOptions = {}): Promise<PullResult> {
    // A bare number is the timeout, as in the Java API (and this SDK before PullOptions).
    const o = typeof options === 'number' ? { timeoutMs: options } : options;
    return this.pullImpl(mq, selector, offset, maxNums, false, o.timeoutMs ?? this.pullTimeoutMs, o.signal);
  }

  /** Like pull, but the broker holds the request until a message arrives (up to brokerSuspendMaxTimeMillis). */
  pullBlockIfNotFound(mq: MessageQueue, selector: MessageSelector, offset: number, maxNums: number, options: PullOptions = {}): Promise<PullResult> {
    return this.pullImpl(mq, selector, offset, maxNums, true, options.timeoutMs ?? this.suspendMs + this.pullTimeoutMs, options.signal);
  }

  private async pullImpl(
    mq: MessageQueue,
    selector: MessageSelector,
    offset: number,
    maxNums: number,
    block: boolean,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<PullResult> {
    if (offset < 0) throw new ClientError('BAD_ARGUMENT', 'offset < 0');
    if (maxNums <= 0) throw new ClientError('BAD_ARGUMENT', 'maxNums <= 0');
    const inst = this.client();
    const sub = subscriptionOf(mq.topic, selector);
    const addr = await raceAbort(inst.brokerAddrFor(mq.brokerName, mq.topic), signal, 'pull');
    const raw = await inst.api.pullMessage(
      addr,
      {
        consumerGroup: this.group,
        topic: mq.topic,
        queueId: mq.queueId,
        queueOffset: offset,
        maxMsgNums: maxNums,
        sysFlag: PullSysFlag.SUBSCRIPTION | (block ? PullSysFlag.SUSPEND : 0),
        commitOffset: 0,
        suspendTimeoutMillis: this.suspendMs,
        subscription: sub.subString,
        subVersion: 0,
        expressionType: sub.expressionType,
      },
      timeoutMs,
      signal,
    );
    return processPullResult(raw, mq, sub);
  }

  /** Remember progress on a queue (committed every 5 s and on shutdown). */
  updateConsumeOffset(mq: MessageQueue, offset: number): void {
    this.offsetStore?.updateOffset(mq, offset, false);
  }

  /** The group's offset on a queue: memory first, else the broker; -1 when none. */
  async fetchConsumeOffset(mq: MessageQueue, fromStore = false): Promise<number> {
    this.client();
    return this.offsetStore!.readOffset(mq, fromStore ? 'STORE' : 'MEMORY_THEN_STORE');
  }

  /** The queue's smallest offset. */
  async minOffset(mq: MessageQueue): Promise<number> {
    const inst = this.client();
    return inst.api.getMinOffset(await inst.brokerAddrFor(mq.brokerName, mq.topic), mq);
  }

  /** The queue's next write offset. */
  async maxOffset(mq: MessageQueue): Promise<number> {
    const inst = this.client();
    return inst.api.getMaxOffset(await inst.brokerAddrFor(mq.brokerName, mq.topic), mq);
  }

  /** The offset of the message stored closest to `timestamp` (epoch ms). */
  async searchOffset(mq: MessageQueue, timestamp: number): Promise<number> {
    const inst = this.client();
    return inst.api.searchOffset(await inst.brokerAddrFor(mq.brokerName, mq.topic), mq, timestamp);
  }

  // ConsumerInner (used by the client instance)
  /** Subscriptions as sent in heartbeats. */
  subscriptions(): SubscriptionData[] {
    return [...this.topics].map((t) => buildSubscriptionData(t, '*'));
  }

  updateTopicSubscribeInfo(): void {}

  async doRebalance(): Promise<void> {}

  async persistConsumerOffset(): Promise<void> {
    await this.offsetStore?.persistAll();
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
