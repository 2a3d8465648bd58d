/**
 * MQClientInstance: one per client id. Owns the connections, the route cache (refreshed from the name
 * servers every 30 s), the heartbeat to every broker (30 s and at start), the periodic offset commit and
 * rebalance, and answers the broker's calls to the client (ids changed, offset reset, running info,
 * consume directly, transaction check). Producers and consumers register with it by group.
 */
import { ClientError } from '../../common/errors';
import { sdkDefaultLogger, type LogSink } from '../../common/log-sink';
import type { MessageExt as StoredMessage } from '../../common/message/message-decoder';
import { decodeMessage } from '../../common/message/message-decoder';
import { decodeResetOffsetBody } from '../../remoting/body/admin-data';
import type {
  ConsumeFromWhere,
  ConsumeType,
  ConsumerData,
  HeartbeatData,
  MessageModel,
  MessageQueue,
  SubscriptionData,
} from '../../remoting/body/heartbeat';
import type { TopicRouteData } from '../../remoting/body/route-data';
import { NotifyConsumerIdsChangedRequestHeader } from '../../remoting/header/client-manage';
import {
  ConsumeMessageDirectlyResultRequestHeader,
  GetConsumerRunningInfoRequestHeader,
  ResetOffsetRequestHeader,
} from '../../remoting/header/consumer-relay';
import { CheckTransactionStateRequestHeader } from '../../remoting/header/transaction';
import { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { encodeJavaBody } from '../../remoting/fastjson';
import { buildClientId, type ClientConfig } from './client-config';
import { CLIENT_INNER_PRODUCER_GROUP } from './message';
import { MQClientAPI } from './mq-client-api';
import { credentialsOf, installSigner } from './acl-signer';
import { NamesrvInvoker } from './namesrv-invoker';
import { routeToPublishInfo, routeToSubscribeInfo, type TopicPublishInfo } from './topic-publish-info';

/** The header of a CHECK_TRANSACTION_STATE call. */
export type CheckTransactionStateHeader = ReturnType<typeof CheckTransactionStateRequestHeader.decode>;

/** What the instance needs from a producer. */
export interface ProducerInner {
  readonly group: string;
  /** Topics this producer sends to (their routes are kept fresh). */
  publishTopics(): string[];
  updateTopicPublishInfo(topic: string, info: TopicPublishInfo): void;
  checkTransactionState?(brokerAddr: string, msg: StoredMessage, header: CheckTransactionStateHeader): void;
}

/** The answer of a consumer to CONSUME_MESSAGE_DIRECTLY. */
export interface ConsumeMessageDirectlyResult {
  order: boolean;
  autoCommit: boolean;
  consumeResult: 'CR_SUCCESS' | 'CR_LATER' | 'CR_ROLLBACK' | 'CR_COMMIT' | 'CR_THROW_EXCEPTION' | 'CR_RETURN_NULL';
  remark: string;
  spentTimeMills: number;
}

/** What the instance needs from a consumer. */
export interface ConsumerInner {
  readonly group: string;
  readonly messageModel: MessageModel;
  readonly consumeType: ConsumeType;
  readonly consumeFromWhere: ConsumeFromWhere;
  subscriptions(): SubscriptionData[];
  updateTopicSubscribeInfo(topic: string, mqs: MessageQueue[]): void;
  doRebalance(): Promise<void>;
  persistConsumerOffset(): Promise<void>;
  /** ConsumerRunningInfo as a Java-shaped object (Maps for MessageQueue keys). */
  runningInfo(): Record<string, unknown>;
  consumeMessageDirectly?(msg: StoredMessage, brokerName: string): Promise<ConsumeMessageDirectlyResult>;
  resetOffset?(topic: string, offsets: [MessageQueue, number][]): Promise<void>;
}

const registry = new Map<string, MQClientInstance>();

export class MQClientInstance {
  readonly clientId: string;
  readonly api: MQClientAPI;
  readonly remoting: RemotingClient;
  readonly log: LogSink;
  readonly config: Required<Omit<ClientConfig, 'instanceName' | 'clientIP' | 'accessKey' | 'secretKey' | 'securityToken' | 'logger'>>;
  private readonly producers = new Map<string, ProducerInner>();
  private readonly consumers = new Map<string, ConsumerInner>();
  private readonly routes = new Map<string, TopicRouteData>();
  /** brokerName → brokerId → address */
  private readonly brokerAddrs = new Map<string, Map<number, string>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private started = false;
  private startedAt = 0;
  private refs = 0;
  private rebalancing: Promise<void> | undefined;
  private rebalanceAgain = false;

  private constructor(cfg: ClientConfig, clientId: string) {
    this.clientId = clientId;
    this.config = {
      namesrvAddr: cfg.namesrvAddr,
      mqClientApiTimeoutMs: cfg.mqClientApiTimeoutMs ?? 3000,
      pollNameServerIntervalMs: cfg.pollNameServerIntervalMs ?? 30_000,
      heartbeatBrokerIntervalMs: cfg.heartbeatBrokerIntervalMs ?? 30_000,
      persistConsumerOffsetIntervalMs: cfg.persistConsumerOffsetIntervalMs ?? 5000,
    };
    this.log = (cfg.logger ?? sdkDefaultLogger()).child({ module: 'client', clientId });
    this.remoting = new RemotingClient(this.log, { idleTimeoutMs: 0 });
    installSigner(this.remoting, credentialsOf(cfg));
    const namesrv = new NamesrvInvoker(this.remoting, cfg.namesrvAddr, this.config.mqClientApiTimeoutMs);
    this.api = new MQClientAPI(this.remoting, namesrv, this.config.mqClientApiTimeoutMs);
    this.registerProcessors();
  }

  /** The shared instance for this configuration's client id (created on first use). */
  static getOrCreate(cfg: ClientConfig): MQClientInstance {
    const id = buildClientId(cfg);
    let inst = registry.get(id);
    if (!inst) {
      inst = new MQClientInstance(cfg, id);
      registry.set(id, inst);
    }
    return inst;
  }

  get startTimestamp(): number {
    return this.startedAt;
  }

  get namesrvAddr(): string {
    return this.config.namesrvAddr;
  }

  // ---- registration ------------------------------------------------------------------------------------

  registerProducer(p: ProducerInner): void {
    if (this.producers.has(p.group)) throw new ClientError('GROUP_ALREADY_REGISTERED', `producer group ${p.group} is already started in client ${this.clientId}`);
    this.producers.set(p.group, p);
    this.refs++;
  }

  registerConsumer(c: ConsumerInner): void {
    if (this.consumers.has(c.group)) throw new ClientError('GROUP_ALREADY_REGISTERED', `consumer group ${c.group} is already started in client ${this.clientId}`);
    this.consumers.set(c.group, c);
    this.refs++;
  }

  async unregisterProducer(group: string): Promise<void> {
    if (!this.producers.delete(group)) return;
    await this.unregisterClient({ producerGroup: group });
    await this.release();
  }

  async unregisterConsumer(group: string): Promise<void> {
    if (!this.consumers.delete(group)) return;
    await this.unregisterClient({ consumerGroup: group });
    await this.release();
  }

  consumer(group: string): ConsumerInner | undefined {
    return this.consumers.get(group);
  }

  private async release(): Promise<void> {
    this.refs--;
    if (this.refs <= 0) await this.shutdown();
  }

  // ---- life cycle --------------------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.startedAt = Date.now();
    const every = (ms: number, fn: () => Promise<unknown>, firstMs = ms) => {
      const run = () => fn().catch((err) => this.log.warn({ err: (err as Error).message }, 'periodic task failed'));
      const first = setTimeout(() => {
        run();
        const t = setInterval(run, ms);
        t.unref();
        this.timers.push(t);
      }, firstMs);
      first.unref();
      this.timers.push(first);
    };
    every(this.config.pollNameServerIntervalMs, () => this.updateTopicRouteInfoFromNameServer(), 10);
    every(this.config.heartbeatBrokerIntervalMs, () => this.sendHeartbeatToAllBrokers(), 1000);
    every(this.config.persistConsumerOffsetIntervalMs, () => this.persistAllConsumerOffset(), 10_000);
    every(20_000, () => this.doRebalance(), 20_000);
  }

  async shutdown(): Promise<void> {
    if (registry.get(this.clientId) === this) registry.delete(this.clientId);
    for (const t of this.timers) clearTimeout(t as NodeJS.Timeout);
    this.timers.length = 0;
    this.started = false;
    await this.remoting.shutdown();
  }

  // ---- routes ------------------------------------------------------------------------------------------

  /** Refresh every topic producers and consumers use. */
  async updateTopicRouteInfoFromNameServer(): Promise<void> {
    const topics = new Set<string>();
    for (const c of this.consumers.values()) for (const s of c.subscriptions()) topics.add(s.topic);
    for (const p of this.producers.values()) for (const t of p.publishTopics()) topics.add(t);
    await Promise.allSettled([...topics].map((t) => this.updateTopicRoute(t)));
  }

  /** Fetch one topic's route and push it to producers and consumers. Returns false when there is none. */
  async updateTopicRoute(topic: string): Promise<boolean> {
    const route = await this.api.getTopicRouteInfo(topic);
    if (!route) return false;
    this.applyRoute(topic, route);
    return true;
  }

  /** The route of the auto-create template topic, shaped for `topic` (queue count capped at `queueNums`). */
  async defaultTopicPublishInfo(topic: string, defaultTopic: string, queueNums: number): Promise<TopicPublishInfo | undefined> {
    const route = await this.api.getTopicRouteInfo(defaultTopic);
    if (!route) return undefined;
    for (const qd of route.queueDatas) {
      const n = Math.min(queueNums, qd.readQueueNums);
      qd.readQueueNums = n;
      qd.writeQueueNums = n;
    }
    this.rememberBrokers(route);
    return routeToPublishInfo(topic, route);
  }

  private rememberBrokers(route: TopicRouteData): void {
    let added = false;
    for (const bd of route.brokerDatas) {
      const known = this.brokerAddrs.get(bd.brokerName);
      for (const [id, addr] of bd.brokerAddrs) if (known?.get(id) !== addr) added = true;
      this.brokerAddrs.set(bd.brokerName, new Map(bd.brokerAddrs));
    }
    // A broker we have never greeted would not know our groups (transaction checks, consumer lists) for up to 30 s.
    if (added && this.started) void this.sendHeartbeatToAllBrokers().catch(() => {});
  }

  private applyRoute(topic: string, route: TopicRouteData): void {
    const before = new Set((this.routes.get(topic)?.brokerDatas ?? []).map((b) => b.brokerName));
    const returned = this.routes.has(topic) && route.brokerDatas.some((b) => !before.has(b.brokerName));
    this.routes.set(topic, route);
    this.rememberBrokers(route);
    if (returned && this.started) {
      // A broker (re)joined the topic, e.g. restarted after a crash: greet it so it knows our groups, then
      // rebalance at once instead of leaving its queues unread until the periodic pass (up to 20 s).
      void this.sendHeartbeatToAllBrokers()
        .catch(() => {})
        .then(() => this.doRebalance());
    }
    const pub = routeToPublishInfo(topic, route);
    for (const p of this.producers.values()) p.updateTopicPublishInfo(topic, pub);
    const sub = routeToSubscribeInfo(topic, route);
    for (const c of this.consumers.values()) c.updateTopicSubscribeInfo(topic, sub);
  }

  topicRoute(topic: string): TopicRouteData | undefined {
    return this.routes.get(topic);
  }

  /** The master's address of a broker, or undefined if unknown. */
  findBrokerAddressInPublish(brokerName: string): string | undefined {
    return this.brokerAddrs.get(brokerName)?.get(0);
  }

  /** An address of the broker for reading: the given id, else any (master first). */
  findBrokerAddressInSubscribe(brokerName: string, brokerId = 0): string | undefined {
    const m = this.brokerAddrs.get(brokerName);
    if (!m) return undefined;
    return m.get(brokerId) ?? m.get(0) ?? [...m.values()][0];
  }

  /** Address for a broker, refreshing the topic's route once if it is not known yet. */
  async brokerAddrFor(brokerName: string, topic: string): Promise<string> {
    let addr = this.findBrokerAddressInPublish(brokerName);
    if (!addr) {
      await this.updateTopicRoute(topic);
      addr = this.findBrokerAddressInPublish(brokerName);
    }
    if (!addr) throw new ClientError('BROKER_NOT_FOUND', `the broker ${brokerName} does not exist`, { retriable: true });
    return addr;
  }

  /** Live client ids of a group, asked of one broker serving the topic (Java's findConsumerIdList). */
  async findConsumerIdList(topic: string, group: string): Promise<string[]> {
    let route = this.routes.get(topic);
    if (!route) {
      await this.updateTopicRoute(topic);
      route = this.routes.get(topic);
    }
    const brokers = route?.brokerDatas ?? [];
    if (brokers.length === 0) return [];
    const bd = brokers[Math.floor(Math.random() * brokers.length)];
    const addr = bd.brokerAddrs.get(0) ?? [...bd.brokerAddrs.values()][0];
    if (!addr) return [];
    return this.api.getConsumerIdList(addr, group);
  }

  /**
   * Before a consumer with SQL92 subscriptions starts: every master serving each such topic must accept the
   * selector (Java's checkClientInBroker asks one broker; a refusal from any would leave its queues unconsumed).
   */
  async checkClientInBroker(group: string, subs: Iterable<SubscriptionData>): Promise<void> {
    for (const sub of subs) {
      if (!sub.expressionType || sub.expressionType === 'TAG') continue;
      const route = this.routes.get(sub.topic);
      for (const bd of route?.brokerDatas ?? []) {
        const addr = bd.brokerAddrs.get(0);
        if (!addr) continue;
        try {
          await this.api.checkClientConfig(addr, group, this.clientId, sub);
        } catch (err) {
          throw new ClientError('SUBSCRIPTION_REFUSED', `broker ${bd.brokerName} refused the ${sub.expressionType} subscription of ${sub.topic}: ${(err as Error).message}`, {
            cause: err,
          });
        }
      }
    }
  }

  // ---- heartbeat ---------------------------------------------------------------------------------------

  private heartbeatData(): HeartbeatData {
    const consumerDataSet: ConsumerData[] = [...this.consumers.values()].map((c) => ({
      groupName: c.group,
      consumeType: c.consumeType,
      messageModel: c.messageModel,
      consumeFromWhere: c.consumeFromWhere,
      subscriptionDataSet: c.subscriptions(),
      unitMode: false,
    }));
    const producerDataSet = [...this.producers.keys()].map((groupName) => ({ groupName }));
    if (producerDataSet.length) producerDataSet.push({ groupName: CLIENT_INNER_PRODUCER_GROUP });
    return { clientID: this.clientId, producerDataSet, consumerDataSet };
  }

  /** HEART_BEAT to every known broker (masters only when this client has no consumers). */
  async sendHeartbeatToAllBrokers(): Promise<void> {
    const data = this.heartbeatData();
    if (data.consumerDataSet.length === 0 && data.producerDataSet.length === 0) return;
    const onlyMasters = data.consumerDataSet.length === 0;
    const calls: Promise<unknown>[] = [];
    for (const [brokerName, addrs] of this.brokerAddrs) {
      for (const [id, addr] of addrs) {
        if (onlyMasters && id !== 0) continue;
        calls.push(
          this.api.heartbeat(addr, data).catch((err) => this.log.warn({ brokerName, addr, err: (err as Error).message }, 'heartbeat failed')),
        );
      }
    }
    await Promise.all(calls);
  }

  private async unregisterClient(group: { producerGroup?: string; consumerGroup?: string }): Promise<void> {
    const calls: Promise<unknown>[] = [];
    for (const addrs of this.brokerAddrs.values()) {
      for (const addr of addrs.values()) {
        calls.push(this.api.unregisterClient(addr, this.clientId, group).catch(() => {}));
      }
    }
    await Promise.all(calls);
  }

  // ---- consumers ---------------------------------------------------------------------------------------

  private async persistAllConsumerOffset(): Promise<void> {
    await Promise.allSettled([...this.consumers.values()].map((c) => c.persistConsumerOffset()));
  }

  /** Rebalance every consumer now; concurrent calls coalesce into one more pass. */
  doRebalance(): Promise<void> {
    if (this.rebalancing) {
      this.rebalanceAgain = true;
      return this.rebalancing;
    }
    this.rebalancing = (async () => {
      do {
        this.rebalanceAgain = false;
        for (const c of this.consumers.values()) {
          try {
            await c.doRebalance();
          } catch (err) {
            this.log.warn({ group: c.group, err: (err as Error).message }, 'rebalance failed');
          }
        }
      } while (this.rebalanceAgain);
    })().finally(() => {
      this.rebalancing = undefined;
    });
    return this.rebalancing;
  }

  // ---- broker → client requests ------------------------------------------------------------------------

  private registerProcessors(): void {
    const p = this.remoting.processors;
    p.register(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, {
      handle: (req) => {
        const h = NotifyConsumerIdsChangedRequestHeader.decode(req.extFields);
        this.log.info({ group: h.consumerGroup }, 'consumer ids changed, rebalancing');
        void this.doRebalance();
        return null;
      },
    });
    p.register(RequestCode.CHECK_TRANSACTION_STATE, {
      handle: (req, channel: RemotingChannel) => {
        const h = CheckTransactionStateRequestHeader.decode(req.extFields);
        if (!req.body) return null;
        const msg = decodeMessage(req.body, 0, { inflate: true });
        const group = msg.properties.PGROUP;
        const producer = group ? this.producers.get(group) : undefined;
        if (!producer?.checkTransactionState) {
          this.log.warn({ group }, 'transaction check for a producer group not in this client');
          return null;
        }
        producer.checkTransactionState(channel.remoteAddr, msg, h);
        return null;
      },
    });
    p.register(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, {
      handle: async (req) => {
        const h = ResetOffsetRequestHeader.decode(req.extFields);
        const c = this.consumers.get(h.group);
        if (c?.resetOffset && req.body) await c.resetOffset(h.topic, decodeResetOffsetBody(req.body));
        return null;
      },
    });
    p.register(RequestCode.GET_CONSUMER_RUNNING_INFO, {
      handle: (req) => {
        const h = GetConsumerRunningInfoRequestHeader.decode(req.extFields);
        const c = this.consumers.get(h.consumerGroup);
        if (!c) return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `The Consumer Group <${h.consumerGroup}> not exist in this consumer`);
        const info = c.runningInfo();
        const props = (info.properties ?? {}) as Record<string, string>;
        props.PROP_NAMESERVER_ADDR = this.config.namesrvAddr;
        props.PROP_CLIENT_VERSION = 'V4_9_2';
        props.PROP_CONSUMER_START_TIMESTAMP = String(this.startedAt);
        info.properties = props;
        return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeJavaBody(info));
      },
    });
    p.register(RequestCode.CONSUME_MESSAGE_DIRECTLY, {
      handle: async (req) => {
        const h = ConsumeMessageDirectlyResultRequestHeader.decode(req.extFields);
        const c = this.consumers.get(h.consumerGroup);
        if (!c?.consumeMessageDirectly || !req.body) {
          return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `The Consumer Group <${h.consumerGroup}> not exist in this consumer`);
        }
        const msg = decodeMessage(req.body, 0, { inflate: true });
        const result = await c.consumeMessageDirectly(msg, h.brokerName ?? '');
        return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeJavaBody(result));
      },
    });
  }
}
