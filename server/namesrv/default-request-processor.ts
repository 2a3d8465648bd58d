/** Every request the name server serves, in one table. */
import zlib from 'node:zlib';
import { RemotingCommand } from '../remoting/remoting-command';
import { RequestCode } from '../remoting/request-code';
import { ResponseCode } from '../remoting/response-code';
import type { RemotingChannel } from '../remoting/remoting-channel';
import type { RequestProcessor } from '../remoting/processor-table';
import { decodeJavaBody, encodeJavaBody } from '../remoting/fastjson';
import {
  dataVersionFromJava,
  decodeRegisterBrokerBody,
  encodeClusterInfo,
  encodeKVTable,
  encodeTopicList,
  encodeTopicRouteData,
} from '../remoting/body/route-data';
import { RegisterBrokerRequestHeader, RegisterBrokerResponseHeader } from '../remoting/header/register-broker';
import { UnRegisterBrokerRequestHeader } from '../remoting/header/unregister-broker';
import { QueryDataVersionRequestHeader, QueryDataVersionResponseHeader } from '../remoting/header/query-data-version';
import { GetRouteInfoRequestHeader } from '../remoting/header/get-route-info';
import { DeleteTopicFromNamesrvRequestHeader } from '../remoting/header/topic-header';
import { GetTopicsByClusterRequestHeader } from '../remoting/header/get-topics-by-cluster';
import {
  DeleteKVConfigRequestHeader,
  GetKVConfigRequestHeader,
  GetKVConfigResponseHeader,
  GetKVListByNamespaceRequestHeader,
  PutKVConfigRequestHeader,
} from '../remoting/header/kv-config';
import {
  AddWritePermOfBrokerRequestHeader,
  AddWritePermOfBrokerResponseHeader,
  WipeWritePermOfBrokerRequestHeader,
  WipeWritePermOfBrokerResponseHeader,
} from '../remoting/header/broker-perm';
import type { FailoverController } from './failover/failover-controller';
import type { KVConfigManager } from './kv-config-manager';
import type { RouteInfoManager } from './route-info-manager';
import type { NamesrvConfig } from './namesrv-config';

export const ORDER_TOPIC_CONFIG = 'ORDER_TOPIC_CONFIG';
const FAQ = '\nSee http://rocketmq.apache.org/docs/faq/ for further details.';

export const NAMESRV_CODES = [
  RequestCode.PUT_KV_CONFIG,
  RequestCode.GET_KV_CONFIG,
  RequestCode.DELETE_KV_CONFIG,
  RequestCode.QUERY_DATA_VERSION,
  RequestCode.REGISTER_BROKER,
  RequestCode.UNREGISTER_BROKER,
  RequestCode.GET_ROUTEINFO_BY_TOPIC,
  RequestCode.GET_BROKER_CLUSTER_INFO,
  RequestCode.WIPE_WRITE_PERM_OF_BROKER,
  RequestCode.ADD_WRITE_PERM_OF_BROKER,
  RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
  RequestCode.DELETE_TOPIC_IN_NAMESRV,
  RequestCode.GET_KVLIST_BY_NAMESPACE,
  RequestCode.GET_TOPICS_BY_CLUSTER,
  RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS,
  RequestCode.GET_UNIT_TOPIC_LIST,
  RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
  RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST,
  RequestCode.UPDATE_NAMESRV_CONFIG,
  RequestCode.GET_NAMESRV_CONFIG,
] as const;

/** Java's UtilAll.crc32: CRC32 & 0x7FFFFFFF. */
function crc32Positive(buf: Buffer): number {
  return zlib.crc32(buf) & 0x7fffffff;
}

export class DefaultRequestProcessor implements RequestProcessor {
  constructor(
    private readonly routes: RouteInfoManager,
    private readonly kv: KVConfigManager,
    private readonly config: NamesrvConfig,
    private readonly failover?: FailoverController,
  ) {}

  handle(req: RemotingCommand, channel: RemotingChannel): RemotingCommand {
    const ok = (extFields?: Record<string, string>, body?: Buffer) =>
      RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, extFields, body);
    switch (req.code) {
      case RequestCode.REGISTER_BROKER: {
        const h = RegisterBrokerRequestHeader.decode(req.extFields);
        if (h.bodyCrc32 && req.body && crc32Positive(req.body) !== h.bodyCrc32) {
          return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, 'crc32 not match');
        }
        if (this.failover && !this.failover.admitsMasterRegistration(h.brokerName, h.brokerAddr, h.brokerId)) {
          return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `${h.brokerAddr} is not the master of ${h.brokerName} in the current failover epoch`);
        }
        const body = decodeRegisterBrokerBody(req.body, h.compressed === true);
        const result = this.routes.registerBroker({
          clusterName: h.clusterName,
          brokerAddr: h.brokerAddr,
          brokerName: h.brokerName,
          brokerId: h.brokerId,
          haServerAddr: h.haServerAddr,
          dataVersion: body.topicConfigSerializeWrapper.dataVersion,
          topicConfigTable: body.topicConfigSerializeWrapper.topicConfigTable,
          filterServerList: body.filterServerList,
          channel,
        });
        const order = this.kv.list(ORDER_TOPIC_CONFIG);
        return ok(RegisterBrokerResponseHeader.encode(result), order ? encodeKVTable(order) : undefined);
      }
      case RequestCode.UNREGISTER_BROKER: {
        const h = UnRegisterBrokerRequestHeader.decode(req.extFields);
        this.routes.unregisterBroker(h.clusterName, h.brokerAddr, h.brokerName, h.brokerId);
        return ok();
      }
      case RequestCode.QUERY_DATA_VERSION: {
        const h = QueryDataVersionRequestHeader.decode(req.extFields);
        const dv = dataVersionFromJava(decodeJavaBody(req.body));
        const { changed, stored } = this.routes.queryDataVersion(h.brokerAddr, dv);
        return ok(QueryDataVersionResponseHeader.encode({ changed }), stored ? encodeJavaBody(stored) : undefined);
      }
      case RequestCode.GET_ROUTEINFO_BY_TOPIC: {
        const h = GetRouteInfoRequestHeader.decode(req.extFields);
        const route = this.routes.getTopicRouteData(h.topic);
        if (!route) {
          return RemotingCommand.responseTo(
            req,
            ResponseCode.TOPIC_NOT_EXIST,
            `No topic route info in name server for the topic: ${h.topic}${FAQ}`,
          );
        }
        if (this.config.orderMessageEnable) route.orderTopicConf = this.kv.get(ORDER_TOPIC_CONFIG, h.topic);
        return ok(undefined, encodeTopicRouteData(route));
      }
      case RequestCode.GET_BROKER_CLUSTER_INFO:
        return ok(undefined, encodeClusterInfo(this.routes.getClusterInfo()));
      case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER:
        return ok(undefined, encodeTopicList(this.routes.getAllTopicList()));
      case RequestCode.GET_TOPICS_BY_CLUSTER: {
        const h = GetTopicsByClusterRequestHeader.decode(req.extFields);
        return ok(undefined, encodeTopicList(this.routes.getTopicsByCluster(h.cluster)));
      }
      case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS: {
        const { topicList, brokerAddr } = this.routes.getSystemTopicList();
        return ok(undefined, encodeTopicList(topicList, brokerAddr));
      }
      case RequestCode.GET_UNIT_TOPIC_LIST:
        return ok(undefined, encodeTopicList(this.routes.getUnitTopics('unit')));
      case RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST:
        return ok(undefined, encodeTopicList(this.routes.getUnitTopics('unitSub')));
      case RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST:
        return ok(undefined, encodeTopicList(this.routes.getUnitTopics('unitSubUnunit')));
      case RequestCode.DELETE_TOPIC_IN_NAMESRV: {
        const h = DeleteTopicFromNamesrvRequestHeader.decode(req.extFields);
        this.routes.deleteTopic(h.topic, h.clusterName);
        return ok();
      }
      case RequestCode.WIPE_WRITE_PERM_OF_BROKER: {
        const h = WipeWritePermOfBrokerRequestHeader.decode(req.extFields);
        const wipeTopicCount = this.routes.setWritePerm(h.brokerName, false);
        return ok(WipeWritePermOfBrokerResponseHeader.encode({ wipeTopicCount }));
      }
      case RequestCode.ADD_WRITE_PERM_OF_BROKER: {
        const h = AddWritePermOfBrokerRequestHeader.decode(req.extFields);
        const addTopicCount = this.routes.setWritePerm(h.brokerName, true);
        return ok(AddWritePermOfBrokerResponseHeader.encode({ addTopicCount }));
      }
      case RequestCode.PUT_KV_CONFIG: {
        const h = PutKVConfigRequestHeader.decode(req.extFields);
        this.kv.put(h.namespace, h.key, h.value);
        return ok();
      }
      case RequestCode.GET_KV_CONFIG: {
        const h = GetKVConfigRequestHeader.decode(req.extFields);
        const value = this.kv.get(h.namespace, h.key);
        if (value === undefined) {
          return RemotingCommand.responseTo(req, ResponseCode.QUERY_NOT_FOUND, `No config item, Namespace: ${h.namespace} Key: ${h.key}`);
        }
        return ok(GetKVConfigResponseHeader.encode({ value }));
      }
      case RequestCode.DELETE_KV_CONFIG: {
        const h = DeleteKVConfigRequestHeader.decode(req.extFields);
        this.kv.delete(h.namespace, h.key);
        return ok();
      }
      case RequestCode.GET_KVLIST_BY_NAMESPACE: {
        const h = GetKVListByNamespaceRequestHeader.decode(req.extFields);
        const table = this.kv.list(h.namespace);
        if (!table) return RemotingCommand.responseTo(req, ResponseCode.QUERY_NOT_FOUND, `No config item, Namespace: ${h.namespace}`);
        return ok(undefined, encodeKVTable(table));
      }
      case RequestCode.GET_NAMESRV_CONFIG:
        return ok(undefined, Buffer.from(this.configText(), 'utf8'));
      case RequestCode.UPDATE_NAMESRV_CONFIG: {
        const props = parseProperties(req.body?.toString('utf8') ?? '');
        if ('orderMessageEnable' in props) this.config.orderMessageEnable = props.orderMessageEnable === 'true';
        return ok();
      }
      default:
        return RemotingCommand.responseTo(req, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, ` request type ${req.code} not supported`);
    }
  }

  private configText(): string {
    const c = this.config;
    return [
      `listenPort=${c.listenPort}`,
      `kvConfigPath=${c.kvConfigPath ?? ''}`,
      `orderMessageEnable=${c.orderMessageEnable}`,
      `brokerChannelExpiredMs=${c.brokerChannelExpiredMs}`,
    ].join('\n') + '\n';
  }
}

/** Java .properties text (the subset RocketMQ writes: key=value lines, # comments). */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}
