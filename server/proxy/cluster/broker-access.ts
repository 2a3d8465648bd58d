/**
 * How the proxy reaches the cluster: over remoting only, through one SDK client instance (server/client's
 * MQClientInstance: name-server failover, routes, broker connections, periodic HEART_BEAT, ACL signing). Topic and
 * group config are read from a broker with 5.x's one-entry reads (GET_TOPIC_CONFIG 351, GET_SUBSCRIPTIONGROUP_CONFIG
 * 352) and reused for `metadataCacheMs`, as the 5.x cluster-mode proxy's metadata service does.
 */
import type { LogSink } from '../../common/log-sink';
import type { MessageExt } from '../../common/message/message-decoder';
import { MQClientInstance, type CheckTransactionStateHeader } from '../../client/impl/client-instance';
import { subscriptionGroupFromJava, type SubscriptionGroupConfig } from '../../remoting/body/admin-data';
import { decodeTopicConfigBody, type TopicConfig, type TopicRouteData } from '../../remoting/body/route-data';
import { decodeJavaBody } from '../../remoting/fastjson';
import { GetSubscriptionGroupConfigRequestHeader } from '../../remoting/header/group-admin';
import { GetTopicConfigRequestHeader } from '../../remoting/header/topic-admin';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { ProxyError } from '../grpc/codes';
import type { ProxyConfig } from '../proxy-config';

/** A broker's CHECK_TRANSACTION_STATE for a producer group (= topic) the proxy registered. */
export type TransactionCheckListener = (brokerAddr: string, msg: MessageExt, header: CheckTransactionStateHeader) => void;

interface Cached<T> {
  value: T;
  at: number;
}

let instanceSeq = 0;

export class BrokerAccess {
  readonly instance: MQClientInstance;
  readonly timeoutMs = 3000;
  private readonly producerTopics = new Set<string>();
  private readonly topicConfigs = new Map<string, Cached<TopicConfig | undefined>>();
  private readonly groupConfigs = new Map<string, Cached<SubscriptionGroupConfig | undefined>>();
  onTransactionCheck: TransactionCheckListener = () => {};

  constructor(
    private readonly config: ProxyConfig,
    private readonly log: LogSink,
  ) {
    this.instance = MQClientInstance.getOrCreate({
      namesrvAddr: config.namesrvAddr,
      instanceName: `orbit-proxy-${process.pid}-${++instanceSeq}-${Date.now()}`,
      heartbeatBrokerIntervalMs: config.heartbeatBrokerIntervalMs,
      logger: log,
      ...(config.brokerAccessKey && config.brokerSecretKey ? { accessKey: config.brokerAccessKey, secretKey: config.brokerSecretKey } : {}),
    });
  }

  async start(): Promise<void> {
    await this.instance.start();
  }

  async shutdown(): Promise<void> {
    await this.instance.shutdown();
  }

  /** The topic's route fresh from the name servers (also refreshing the instance's broker addresses), or null. */
  async route(topic: string): Promise<TopicRouteData | null> {
    const found = await this.instance.updateTopicRoute(topic);
    return found ? (this.instance.topicRoute(topic) ?? null) : null;
  }

  /** The route the instance already holds, fetched once when it holds none. */
  async cachedRoute(topic: string): Promise<TopicRouteData | null> {
    return this.instance.topicRoute(topic) ?? (await this.route(topic));
  }

  /** The master address of a broker group (learned from routes), refreshing `topic`'s route once if unknown. */
  async masterAddr(brokerName: string, topic: string): Promise<string> {
    try {
      return await this.instance.brokerAddrFor(brokerName, topic);
    } catch {
      throw new ProxyError('NOT_FOUND', `broker ${brokerName} not found`);
    }
  }

  invoke(addr: string, cmd: RemotingCommand, timeoutMs = this.timeoutMs): Promise<RemotingCommand> {
    return this.instance.remoting.invoke(addr, cmd, timeoutMs);
  }

  invokeOneway(addr: string, cmd: RemotingCommand): Promise<void> {
    return this.instance.remoting.invokeOneway(addr, cmd);
  }

  /**
   * Registers the proxy with the brokers as a producer of group = `topic` (what the 5.x proxy does for gRPC
   * producers), so a broker's transaction check for that group reaches this proxy. Idempotent.
   */
  async registerProducerTopic(topic: string): Promise<void> {
    if (this.producerTopics.has(topic)) return;
    this.producerTopics.add(topic);
    this.instance.registerProducer({
      group: topic,
      publishTopics: () => [topic],
      updateTopicPublishInfo: () => {},
      checkTransactionState: (brokerAddr, msg, header) => this.onTransactionCheck(brokerAddr, msg, header),
    });
    // The route teaches the instance the topic's brokers; greet them now rather than on the next heartbeat tick.
    await this.route(topic).catch(() => null);
    await this.instance.sendHeartbeatToAllBrokers().catch((err) => this.log.warn({ err: (err as Error).message }, 'heartbeat failed'));
  }

  /** The topic's config from a broker serving it (GET_TOPIC_CONFIG), undefined when no broker has it. */
  async topicConfig(topic: string): Promise<TopicConfig | undefined> {
    const hit = this.fresh(this.topicConfigs.get(topic));
    if (hit) return hit.value;
    const route = await this.cachedRoute(topic);
    let value: TopicConfig | undefined;
    for (const bd of route?.brokerDatas ?? []) {
      const addr = bd.brokerAddrs.get(0) ?? [...bd.brokerAddrs.values()][0];
      if (!addr) continue;
      const res = await this.invoke(addr, RemotingCommand.request(RequestCode.GET_TOPIC_CONFIG, GetTopicConfigRequestHeader.encode({ topic })));
      if (res.code === ResponseCode.SUCCESS) {
        value = decodeTopicConfigBody(res.body);
        break;
      }
      if (res.code !== ResponseCode.TOPIC_NOT_EXIST) this.log.warn({ topic, code: res.code, remark: res.remark }, 'GET_TOPIC_CONFIG failed');
    }
    this.topicConfigs.set(topic, { value, at: Date.now() });
    return value;
  }

  /**
   * The group's config from a broker serving `topic` (GET_SUBSCRIPTIONGROUP_CONFIG); undefined when none answers
   * with one (the caller falls back to the defaults: 16 retries, not orderly).
   */
  async groupConfig(group: string, topic: string | undefined): Promise<SubscriptionGroupConfig | undefined> {
    const hit = this.fresh(this.groupConfigs.get(group));
    if (hit) return hit.value;
    const route = topic ? await this.cachedRoute(topic).catch(() => null) : null;
    let value: SubscriptionGroupConfig | undefined;
    for (const bd of route?.brokerDatas ?? []) {
      const addr = bd.brokerAddrs.get(0);
      if (!addr) continue;
      try {
        const res = await this.invoke(addr, RemotingCommand.request(RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG, GetSubscriptionGroupConfigRequestHeader.encode({ group })));
        if (res.code === ResponseCode.SUCCESS) {
          value = subscriptionGroupFromJava({ groupName: group, ...(decodeJavaBody(res.body) as object) });
          break;
        }
      } catch (err) {
        this.log.warn({ group, err: (err as Error).message }, 'GET_SUBSCRIPTIONGROUP_CONFIG failed');
      }
    }
    this.groupConfigs.set(group, { value, at: Date.now() });
    return value;
  }

  private fresh<T>(c: Cached<T> | undefined): Cached<T> | undefined {
    return c && Date.now() - c.at < this.config.metadataCacheMs ? c : undefined;
  }
}
