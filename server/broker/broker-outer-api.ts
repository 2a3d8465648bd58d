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

  async shutdown(): Promise<void> {
    await this.client.shutdown();
  }
}
