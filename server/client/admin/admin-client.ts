/**
 * Cluster administration over the remoting protocol; works against Orbit and Apache RocketMQ alike,
 * because it only uses the request codes and bodies Apache's MQAdminExt uses. The operations live in
 * topic-admin, group-admin, message-admin and broker-admin; this class holds the connections.
 */
import { sdkDefaultLogger } from '../../common/log-sink';
import { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { decodeClusterInfo, decodeTopicList, decodeTopicRouteData } from '../../remoting/body/route-data';
import type * as wire from '../../remoting/body/route-data';
import { GetRouteInfoRequestHeader } from '../../remoting/header/get-route-info';
import { NamesrvInvoker } from '../impl/namesrv-invoker';
import { credentialsOf, installSigner } from '../impl/acl-signer';
import type { ClientLogger } from '../impl/client-config';
import { expectSuccess, type AdminContext } from './admin-context';
import * as brokerAdmin from './broker-admin';
import * as groupAdmin from './group-admin';
import * as messageAdmin from './message-admin';
import * as replicationAdmin from './replication-admin';
import * as topicAdmin from './topic-admin';
import type {
  AdminTarget,
  BrokerData,
  ClusterInfo,
  MessageView,
  SendMessageInput,
  SubscriptionGroupView,
  TopicConfigInput,
  TopicRouteData,
} from './types';

export interface AdminClientOptions {
  /** One or more name server addresses, ';'-separated as in RocketMQ. */
  namesrvAddr: string;
  /** Per-request timeout (RocketMQ's admin default: 5 s). */
  timeoutMs?: number;
  /** ACL credentials: when both are set, every request is signed (as mqadmin with AclClientRPCHook). */
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  /** Where the admin client logs (pino-compatible); default as the other clients' (`ClientConfig.logger`). */
  logger?: ClientLogger;
}

function brokerDataDto(b: wire.BrokerData): BrokerData {
  const brokerAddrs: Record<string, string> = {};
  for (const [id, addr] of [...b.brokerAddrs].sort((x, y) => x[0] - y[0])) brokerAddrs[String(id)] = addr;
  return { cluster: b.cluster, brokerName: b.brokerName, brokerAddrs };
}

export class AdminClient implements AdminContext {
  private readonly remoting: RemotingClient;
  private readonly namesrv: NamesrvInvoker;
  readonly timeoutMs: number;

  constructor(readonly options: AdminClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.remoting = new RemotingClient((options.logger ?? sdkDefaultLogger()).child({ module: 'admin-client' }), { idleTimeoutMs: 0 });
    installSigner(this.remoting, credentialsOf(options));
    this.namesrv = new NamesrvInvoker(this.remoting, options.namesrvAddr, this.timeoutMs);
  }

  get namesrvAddrs(): readonly string[] {
    return this.namesrv.addresses;
  }

  invokeNamesrv(make: () => RemotingCommand): Promise<RemotingCommand> {
    return this.namesrv.invoke(make);
  }

  async invoke(addr: string, cmd: RemotingCommand, timeoutMs = this.timeoutMs): Promise<RemotingCommand> {
    try {
      return await this.remoting.invoke(addr, cmd, timeoutMs);
    } catch (err) {
      // A timed-out or broken connection is dropped so the next call reconnects.
      this.remoting.closeChannel(addr);
      throw err;
    }
  }

  async getBrokerClusterInfo(): Promise<ClusterInfo> {
    const res = expectSuccess(await this.namesrv.invoke(() => RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO)));
    const info = decodeClusterInfo(res.body);
    const brokerAddrTable: Record<string, BrokerData> = {};
    for (const [name, b] of info.brokerAddrTable) brokerAddrTable[name] = brokerDataDto(b);
    const clusterAddrTable: Record<string, string[]> = {};
    for (const [name, list] of info.clusterAddrTable) clusterAddrTable[name] = [...list].sort();
    return { brokerAddrTable, clusterAddrTable };
  }

  async getAllTopicList(): Promise<string[]> {
    const res = expectSuccess(
      await this.namesrv.invoke(() => RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)),
    );
    return decodeTopicList(res.body).topicList.sort();
  }

  /** Throws BrokerError with TOPIC_NOT_EXIST (17) when no broker serves the topic. */
  async getTopicRoute(topic: string): Promise<TopicRouteData> {
    const res = expectSuccess(
      await this.namesrv.invoke(() =>
        RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, GetRouteInfoRequestHeader.encode({ topic })),
      ),
    );
    const r = decodeTopicRouteData(res.body);
    return {
      orderTopicConf: r.orderTopicConf,
      queueDatas: r.queueDatas,
      brokerDatas: r.brokerDatas.map(brokerDataDto),
      filterServerTable: r.filterServerTable,
    };
  }

  /** Each configured name server, asked directly, with its round trip (null = unreachable). */
  async probeNameServers(): Promise<{ addr: string; ok: boolean; rttMs: number | null; error?: string }[]> {
    return Promise.all(
      this.namesrv.addresses.map(async (addr) => {
        const started = performance.now();
        try {
          const res = await this.remoting.invoke(addr, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), this.timeoutMs);
          expectSuccess(res);
          return { addr, ok: true, rttMs: Math.round((performance.now() - started) * 10) / 10 };
        } catch (err) {
          this.remoting.closeChannel(addr);
          return { addr, ok: false, rttMs: null, error: (err as Error).message };
        }
      }),
    );
  }

  // Topics
  createOrUpdateTopic = (cfg: TopicConfigInput, target?: AdminTarget) => topicAdmin.createOrUpdateTopic(this, cfg, target);
  deleteTopic = (topic: string, clusterName?: string) => topicAdmin.deleteTopic(this, topic, clusterName);
  listTopicsWithConfig = () => topicAdmin.listTopicsWithConfig(this);
  getAllTopicConfig = (brokerAddr: string) => topicAdmin.getAllTopicConfig(this, brokerAddr);
  examineTopicStats = (topic: string) => topicAdmin.examineTopicStats(this, topic);
  topicDepth = (topic: string) => topicAdmin.topicDepth(this, topic);
  queryTopicConsumeByWho = (topic: string) => topicAdmin.queryTopicConsumeByWho(this, topic);

  // Groups
  listGroups = () => groupAdmin.listGroups(this);
  examineConsumeStats = (group: string, topic?: string) => groupAdmin.examineConsumeStats(this, group, topic);
  examineConsumerConnection = (group: string) => groupAdmin.examineConsumerConnection(this, group);
  getConsumerRunningInfo = (group: string, clientId: string, jstack?: boolean) => groupAdmin.getConsumerRunningInfo(this, group, clientId, jstack);
  examineProducerConnection = (group: string) => groupAdmin.examineProducerConnection(this, group);
  createOrUpdateSubscriptionGroup = (config: SubscriptionGroupView, target?: AdminTarget) => groupAdmin.createOrUpdateSubscriptionGroup(this, config, target);
  deleteSubscriptionGroup = (group: string, target?: AdminTarget, removeOffset?: boolean) => groupAdmin.deleteSubscriptionGroup(this, group, target, removeOffset);
  resetOffsetByTime = (group: string, topic: string, timestamp: number, force?: boolean) => groupAdmin.resetOffsetByTime(this, group, topic, timestamp, force);
  skipBacklog = (group: string, topic?: string) => groupAdmin.skipBacklog(this, group, topic);
  queryConsumerOffset = (group: string, mq: { topic: string; brokerName: string; queueId: number }) => groupAdmin.queryConsumerOffset(this, group, mq);
  updateConsumerOffset = (group: string, mq: { topic: string; brokerName: string; queueId: number }, offset: number) => groupAdmin.updateConsumerOffset(this, group, mq, offset);

  // Messages
  viewMessage = (id: string, topic?: string) => messageAdmin.viewMessage(this, id, topic);
  queryMessageByKey = (topic: string, key: string, opts?: Parameters<typeof messageAdmin.queryMessageByKey>[3]) => messageAdmin.queryMessageByKey(this, topic, key, opts);
  /** `addr` (from `readableQueues`) saves the route look-up a repeated pull would make. */
  pullQueue = (q: { topic: string; brokerName: string; queueId: number }, offset: number, maxNums?: number, addr?: string) => messageAdmin.pullQueue(this, q, offset, maxNums, addr);
  readableQueues = (topic: string) => messageAdmin.readableQueues(this, topic);
  queueMaxOffset = (addr: string, topic: string, queueId: number) => messageAdmin.queueMaxOffset(this, addr, topic, queueId);
  /** Per readable queue of `topic`, the offset of the message stored at `timestamp` (what a reset to that time moves to). */
  searchOffsetsByTime = (topic: string, timestamp: number) => messageAdmin.searchOffsetsByTime(this, topic, timestamp);
  searchOffsetByTime = (q: { topic: string; brokerName: string; queueId: number }, timestamp: number) => messageAdmin.searchOffsetByTime(this, q, timestamp);
  searchMessagesByTime = (topic: string, begin: number, end: number, limit?: number) => messageAdmin.searchMessagesByTime(this, topic, begin, end, limit);
  sendMessage = (input: SendMessageInput) => messageAdmin.sendMessage(this, input);
  resendMessage = (m: MessageView, to?: { group?: string }) => messageAdmin.resendMessage(this, m, to);
  consumeMessageDirectly = (group: string, offsetMsgId: string, clientId?: string) => messageAdmin.consumeMessageDirectly(this, group, offsetMsgId, clientId);

  // Brokers
  getBrokerRuntimeInfo = (addr: string) => brokerAdmin.getBrokerRuntimeInfo(this, addr);
  getBrokerConfig = (addr: string) => brokerAdmin.getBrokerConfig(this, addr);
  viewBrokerStatsData = (addr: string, statsName: string, statsKey: string) => brokerAdmin.viewBrokerStatsData(this, addr, statsName, statsKey);

  // Replication and failover
  /** Every broker group with its master and slaves: role, HA state, bytes behind. */
  examineReplication = () => replicationAdmin.examineReplication(this);
  /** One name server's failover-controller state; null when it has none (Apache, or Orbit without one). */
  getFailoverState = (namesrvAddr: string, timeoutMs?: number) => replicationAdmin.getFailoverState(this, namesrvAddr, timeoutMs);

  /** Closes the connections; later calls fail with a connect error. */
  async shutdown(): Promise<void> {
    await this.remoting.shutdown();
  }

  /** The same as {@link shutdown}, by the name Node's streams and sockets use; safe to call twice. */
  close(): Promise<void> {
    return this.shutdown();
  }

  /** `await using admin = new AdminClient(…)` shuts it down when the scope ends. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }
}
