/**
 * The broker's calls to the name servers: REGISTER_BROKER to every one of them (in parallel, each on its
 * own), UNREGISTER_BROKER on clean stop.
 */
import zlib from 'node:zlib';
import type { Logger } from '../common/logger';
import { parseAddrList } from '../common/net';
import { RemotingClient } from '../remoting/remoting-client';
import { RemotingCommand } from '../remoting/remoting-command';
import { RequestCode } from '../remoting/request-code';
import { ResponseCode } from '../remoting/response-code';
import { RegisterBrokerRequestHeader, RegisterBrokerResponseHeader } from '../remoting/header/register-broker';
import { UnRegisterBrokerRequestHeader } from '../remoting/header/unregister-broker';
import {
  FailoverElectRequestHeader,
  FailoverElectResponseHeader,
  FailoverHeartbeatRequestHeader,
  FailoverHeartbeatResponseHeader,
} from '../remoting/header/failover';
import type { HeaderOf } from '../remoting/header/define-header';
import { encodeRegisterBrokerBody, type DataVersion, type TopicConfig } from '../remoting/body/route-data';

const REGISTER_TIMEOUT_MS = 6000;

export interface BrokerIdentity {
  clusterName: string;
  brokerName: string;
  brokerAddr: string;
  brokerId: number;
  haServerAddr: string;
}

export interface RegistrationOutcome {
  namesrv: string;
  ok: boolean;
  error?: string;
  /** For a slave, when the group's master is registered there: its remoting and HA addresses. */
  masterAddr?: string;
  haServerAddr?: string;
}

/** One name server's answer to a failover call, or why there is none. */
export type NamesrvAnswer<T> = { namesrv: string; ok: true; answer: T } | { namesrv: string; ok: false; error: string; unsupported?: boolean };

export type FailoverHeartbeat = HeaderOf<typeof FailoverHeartbeatRequestHeader.fields>;
export type FailoverHeartbeatAnswer = HeaderOf<typeof FailoverHeartbeatResponseHeader.fields>;
export type FailoverElect = HeaderOf<typeof FailoverElectRequestHeader.fields>;
export type FailoverElectAnswer = HeaderOf<typeof FailoverElectResponseHeader.fields>;

const FAILOVER_TIMEOUT_MS = 1000;

export class BrokerOuterApi {
  private readonly client: RemotingClient;

  constructor(
    private namesrvAddrs: string[],
    private readonly log: Logger,
  ) {
    this.client = new RemotingClient(log, { connectTimeoutMs: 3000 });
  }

  static fromAddrList(list: string, log: Logger): BrokerOuterApi {
    return new BrokerOuterApi(list ? parseAddrList(list) : [], log);
  }

  get nameServers(): string[] {
    return [...this.namesrvAddrs];
  }

  async registerBrokerAll(
    id: BrokerIdentity,
    dataVersion: DataVersion,
    topicConfigTable: Record<string, TopicConfig>,
  ): Promise<RegistrationOutcome[]> {
    const body = encodeRegisterBrokerBody({ topicConfigSerializeWrapper: { dataVersion, topicConfigTable }, filterServerList: [] });
    // Java's UtilAll.crc32 keeps the value positive.
    const crc = zlib.crc32(body) & 0x7fffffff;
    return Promise.all(
      this.namesrvAddrs.map(async (namesrv): Promise<RegistrationOutcome> => {
        const header = RegisterBrokerRequestHeader.encode({
          brokerName: id.brokerName,
          brokerAddr: id.brokerAddr,
          clusterName: id.clusterName,
          haServerAddr: id.haServerAddr,
          brokerId: id.brokerId,
          compressed: false,
          bodyCrc32: crc,
        });
        try {
          const res = await this.client.invoke(namesrv, RemotingCommand.request(RequestCode.REGISTER_BROKER, header, body), REGISTER_TIMEOUT_MS);
          if (res.code !== ResponseCode.SUCCESS) return { namesrv, ok: false, error: `code ${res.code}: ${res.remark ?? ''}` };
          const h = RegisterBrokerResponseHeader.decode(res.extFields ?? {});
          return { namesrv, ok: true, masterAddr: h.masterAddr || undefined, haServerAddr: h.haServerAddr || undefined };
        } catch (err) {
          return { namesrv, ok: false, error: (err as Error).message };
        }
      }),
    );
  }

  async unregisterBrokerAll(id: BrokerIdentity): Promise<void> {
    await Promise.all(
      this.namesrvAddrs.map(async (namesrv) => {
        const header = UnRegisterBrokerRequestHeader.encode({
          brokerName: id.brokerName,
          brokerAddr: id.brokerAddr,
          clusterName: id.clusterName,
          brokerId: id.brokerId,
        });
        try {
          await this.client.invoke(namesrv, RemotingCommand.request(RequestCode.UNREGISTER_BROKER, header), 3000);
        } catch (err) {
          this.log.warn({ err, namesrv }, 'unregister from name server failed');
        }
      }),
    );
  }

  /** ORBIT_FAILOVER_HEARTBEAT to every name server, in parallel; on the registration connections, so a closed one tells. */
  failoverHeartbeat(h: FailoverHeartbeat): Promise<NamesrvAnswer<FailoverHeartbeatAnswer>[]> {
    return this.toAll(RequestCode.ORBIT_FAILOVER_HEARTBEAT, FailoverHeartbeatRequestHeader.encode(h), (ext) => FailoverHeartbeatResponseHeader.decode(ext));
  }

  /** ORBIT_FAILOVER_ELECT to every name server, in parallel. */
  failoverElect(h: FailoverElect): Promise<NamesrvAnswer<FailoverElectAnswer>[]> {
    return this.toAll(RequestCode.ORBIT_FAILOVER_ELECT, FailoverElectRequestHeader.encode(h), (ext) => FailoverElectResponseHeader.decode(ext));
  }

  private toAll<T>(code: number, ext: Record<string, string>, decode: (ext: Record<string, string>) => T): Promise<NamesrvAnswer<T>[]> {
    return Promise.all(
      this.namesrvAddrs.map(async (namesrv): Promise<NamesrvAnswer<T>> => {
        try {
          const res = await this.client.invoke(namesrv, RemotingCommand.request(code, ext), FAILOVER_TIMEOUT_MS);
          if (res.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED) return { namesrv, ok: false, error: 'not supported by this name server', unsupported: true };
          if (res.code !== ResponseCode.SUCCESS) return { namesrv, ok: false, error: `code ${res.code}: ${res.remark ?? ''}` };
          return { namesrv, ok: true, answer: decode(res.extFields ?? {}) };
        } catch (err) {
          return { namesrv, ok: false, error: (err as Error).message };
        }
      }),
    );
  }

  async shutdown(): Promise<void> {
    await this.client.shutdown();
  }
}
