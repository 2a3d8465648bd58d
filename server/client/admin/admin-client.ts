/**
 * Cluster administration over the remoting protocol; works against Orbit and Apache RocketMQ alike,
 * because it only uses the request codes and bodies Apache's MQAdminExt uses.
 */
import { BrokerError } from '../../common/errors';
import { logger } from '../../common/logger';
import { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { decodeClusterInfo, decodeTopicList, decodeTopicRouteData } from '../../remoting/body/route-data';
import type * as wire from '../../remoting/body/route-data';
import { GetRouteInfoRequestHeader } from '../../remoting/header/get-route-info';
import { NamesrvInvoker } from '../impl/namesrv-invoker';
import type { BrokerData, ClusterInfo, TopicRouteData } from './types';

export interface AdminClientOptions {
  /** One or more name server addresses, ';'-separated as in RocketMQ. */
  namesrvAddr: string;
  /** Per-request timeout (RocketMQ's admin default: 5 s). */
  timeoutMs?: number;
}

function brokerDataDto(b: wire.BrokerData): BrokerData {
  const brokerAddrs: Record<string, string> = {};
  for (const [id, addr] of [...b.brokerAddrs].sort((x, y) => x[0] - y[0])) brokerAddrs[String(id)] = addr;
  return { cluster: b.cluster, brokerName: b.brokerName, brokerAddrs };
}

function expectSuccess(res: RemotingCommand): RemotingCommand {
  if (res.code !== ResponseCode.SUCCESS) throw new BrokerError(res.code, res.remark);
  return res;
}

export class AdminClient {
  private readonly remoting: RemotingClient;
  private readonly namesrv: NamesrvInvoker;
  private readonly timeoutMs: number;

  constructor(readonly options: AdminClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.remoting = new RemotingClient(logger.child({ module: 'admin-client' }), { idleTimeoutMs: 0 });
    this.namesrv = new NamesrvInvoker(this.remoting, options.namesrvAddr, this.timeoutMs);
  }

  get namesrvAddrs(): readonly string[] {
    return this.namesrv.addresses;
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

  async shutdown(): Promise<void> {
    await this.remoting.shutdown();
  }
}
