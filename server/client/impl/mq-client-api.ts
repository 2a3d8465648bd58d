/**
 * The client's typed calls over the remoting protocol (Java's MQClientAPIImpl): one method per request code,
 * turning non-success answers into BrokerError and leaving policy (retries, fail-over) to the callers.
 */
import { BrokerError } from '../../common/errors';
import { decodeOffsetMsgId } from '../../common/message/message-id';
import { encodeHeartbeatData, decodeConsumerList, encodeLockBatchRequest, decodeLockBatchResponse } from '../../remoting/body/heartbeat';
import type { HeartbeatData, MessageQueue, SubscriptionData } from '../../remoting/body/heartbeat';
import { encodeJavaBody } from '../../remoting/fastjson';
import { decodeTopicRouteData, type TopicRouteData } from '../../remoting/body/route-data';
import { GetConsumerListByGroupRequestHeader, UnregisterClientRequestHeader } from '../../remoting/header/client-manage';
import {
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
  UpdateConsumerOffsetRequestHeader,
} from '../../remoting/header/consumer-offset';
import { ConsumerSendMsgBackRequestHeader } from '../../remoting/header/consumer-send-msg-back';
import { GetRouteInfoRequestHeader } from '../../remoting/header/get-route-info';
import { PullMessageRequestHeader, PullMessageResponseHeader } from '../../remoting/header/pull-message';
import * as QueueOffset from '../../remoting/header/queue-offset';
import { encodeSendMessageV2, SendMessageResponseHeader, type SendMessageRequest } from '../../remoting/header/send-message';
import { EndTransactionRequestHeader } from '../../remoting/header/transaction';
import type { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { NamesrvInvoker } from './namesrv-invoker';

/** Response codes after which a retry (possibly on another broker) may succeed. */
const RETRIABLE_CODES = new Set<number>([
  ResponseCode.SYSTEM_ERROR,
  ResponseCode.SYSTEM_BUSY,
  ResponseCode.SERVICE_NOT_AVAILABLE,
  ResponseCode.TOPIC_NOT_EXIST,
  ResponseCode.NO_PERMISSION,
  ResponseCode.NO_BUYER_ID,
  ResponseCode.NOT_IN_CURRENT_UNIT,
  ResponseCode.SLAVE_NOT_AVAILABLE,
]);

export function brokerError(res: RemotingCommand): BrokerError {
  return new BrokerError(res.code, res.remark, { retriable: RETRIABLE_CODES.has(res.code) });
}

function expect(res: RemotingCommand, ...ok: number[]): RemotingCommand {
  if (res.code === ResponseCode.SUCCESS || ok.includes(res.code)) return res;
  throw brokerError(res);
}

/** What a broker answered to a send. */
export interface RawSendResult {
  code: number;
  /** Offset msg id(s), comma-joined for a batch. */
  offsetMsgId: string;
  queueId: number;
  queueOffset: number;
  transactionId?: string;
  regionId?: string;
  /** The broker's traceOn (TRACE_ON): false asks traced clients not to record this send. */
  traceOn?: boolean;
}

export type PullStatus = 'FOUND' | 'NO_NEW_MSG' | 'NO_MATCHED_MSG' | 'OFFSET_ILLEGAL';

export interface RawPullResult {
  status: PullStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  suggestWhichBrokerId: number;
  body?: Buffer;
}

export type PullHeader = Parameters<typeof PullMessageRequestHeader.encode>[0];

export class MQClientAPI {
  constructor(
    readonly remoting: RemotingClient,
    readonly namesrv: NamesrvInvoker,
    private readonly timeoutMs: number,
  ) {}

  /** The topic's route, or null when the name server does not know it. */
  async getTopicRouteInfo(topic: string): Promise<TopicRouteData | null> {
    const res = await this.namesrv.invoke(() =>
      RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, GetRouteInfoRequestHeader.encode({ topic })),
    );
    if (res.code === ResponseCode.TOPIC_NOT_EXIST) return null;
    return decodeTopicRouteData(expect(res).body);
  }

  async sendMessage(
    addr: string,
    header: SendMessageRequest,
    body: Buffer,
    batch: boolean,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<RawSendResult> {
    const cmd = RemotingCommand.request(
      batch ? RequestCode.SEND_BATCH_MESSAGE : RequestCode.SEND_MESSAGE_V2,
      encodeSendMessageV2(header),
      body,
    );
    const res = await this.remoting.invoke(addr, cmd, timeoutMs, signal);
    switch (res.code) {
      case ResponseCode.SUCCESS:
      case ResponseCode.FLUSH_DISK_TIMEOUT:
      case ResponseCode.FLUSH_SLAVE_TIMEOUT:
      case ResponseCode.SLAVE_NOT_AVAILABLE: {
        const h = SendMessageResponseHeader.decode(res.extFields);
        return {
          code: res.code,
          offsetMsgId: h.msgId,
          queueId: h.queueId,
          queueOffset: h.queueOffset,
          transactionId: h.transactionId,
          regionId: res.extFields?.MSG_REGION,
          traceOn: res.extFields?.TRACE_ON !== 'false',
        };
      }
      default:
        throw brokerError(res);
    }
  }

  async sendMessageOneway(addr: string, header: SendMessageRequest, body: Buffer, batch: boolean): Promise<void> {
    const cmd = RemotingCommand.request(
      batch ? RequestCode.SEND_BATCH_MESSAGE : RequestCode.SEND_MESSAGE_V2,
      encodeSendMessageV2(header),
      body,
    );
    await this.remoting.invokeOneway(addr, cmd);
  }

  async pullMessage(addr: string, header: PullHeader, timeoutMs: number, signal?: AbortSignal): Promise<RawPullResult> {
    const res = await this.remoting.invoke(
      addr,
      RemotingCommand.request(RequestCode.PULL_MESSAGE, PullMessageRequestHeader.encode(header)),
      timeoutMs,
      signal,
    );
    let status: PullStatus;
    switch (res.code) {
      case ResponseCode.SUCCESS:
        status = 'FOUND';
        break;
      case ResponseCode.PULL_NOT_FOUND:
        status = 'NO_NEW_MSG';
        break;
      case ResponseCode.PULL_RETRY_IMMEDIATELY:
        status = 'NO_MATCHED_MSG';
        break;
      case ResponseCode.PULL_OFFSET_MOVED:
        status = 'OFFSET_ILLEGAL';
        break;
      default:
        throw brokerError(res);
    }
    const h = PullMessageResponseHeader.decode(res.extFields);
    return { status, ...h, body: res.body };
  }

  /** The group's stored offset, or -1 when the broker has none (QUERY_NOT_FOUND). */
  async queryConsumerOffset(addr: string, group: string, mq: MessageQueue): Promise<number> {
    const res = await this.remoting.invoke(
      addr,
      RemotingCommand.request(
        RequestCode.QUERY_CONSUMER_OFFSET,
        QueryConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic: mq.topic, queueId: mq.queueId }),
      ),
      this.timeoutMs,
    );
    if (res.code === ResponseCode.QUERY_NOT_FOUND) return -1;
    return QueryConsumerOffsetResponseHeader.decode(expect(res).extFields).offset;
  }

  async updateConsumerOffset(addr: string, group: string, mq: MessageQueue, offset: number, oneway: boolean): Promise<void> {
    const cmd = RemotingCommand.request(
      RequestCode.UPDATE_CONSUMER_OFFSET,
      UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic: mq.topic, queueId: mq.queueId, commitOffset: offset }),
    );
    if (oneway) await this.remoting.invokeOneway(addr, cmd);
    else expect(await this.remoting.invoke(addr, cmd, this.timeoutMs));
  }

  async getMaxOffset(addr: string, mq: MessageQueue): Promise<number> {
    const res = await this.remoting.invoke(
      addr,
      RemotingCommand.request(RequestCode.GET_MAX_OFFSET, QueueOffset.GetMaxOffsetRequestHeader.encode({ topic: mq.topic, queueId: mq.queueId })),
      this.timeoutMs,
    );
    return QueueOffset.OffsetResponseHeader.decode(expect(res).extFields).offset;
  }

  async getMinOffset(addr: string, mq: MessageQueue): Promise<number> {
    const res = await this.remoting.invoke(
      addr,
      RemotingCommand.request(RequestCode.GET_MIN_OFFSET, QueueOffset.GetMinOffsetRequestHeader.encode({ topic: mq.topic, queueId: mq.queueId })),
      this.timeoutMs,
    );
    return QueueOffset.OffsetResponseHeader.decode(expect(res).extFields).offset;
  }

  async searchOffset(addr: string, mq: MessageQueue, timestamp: number): Promise<number> {
    const res = await this.remoting.invoke(
      addr,
      RemotingCommand.request(
        RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
        QueueOffset.SearchOffsetRequestHeader.encode({ topic: mq.topic, queueId: mq.queueId, timestamp }),
      ),
      this.timeoutMs,
    );
    return QueueOffset.OffsetResponseHeader.decode(expect(res).extFields).offset;
  }

  async consumerSendMessageBack(
    addr: string,
    args: { offset: number; group: string; delayLevel: number; originMsgId: string; originTopic: string; maxReconsumeTimes: number },
    timeoutMs: number,
  ): Promise<void> {
    const res = await this.remoting.invoke(
      addr,
      RemotingCommand.request(
        RequestCode.CONSUMER_SEND_MSG_BACK,
        ConsumerSendMsgBackRequestHeader.encode({ ...args, unitMode: false }),
      ),
      timeoutMs,
    );
    expect(res);
  }

  /** Live client ids of a group; an empty list when the broker knows none. */
  async getConsumerIdList(addr: string, group: string): Promise<string[]> {
    const res = await this.remoting.invoke(
      addr,
      RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP, GetConsumerListByGroupRequestHeader.encode({ consumerGroup: group })),
      this.timeoutMs,
    );
    if (res.code !== ResponseCode.SUCCESS) return [];
    return decodeConsumerList(res.body);
  }

  async lockBatchMQ(addr: string, group: string, clientId: string, mqSet: MessageQueue[], timeoutMs = this.timeoutMs): Promise<MessageQueue[]> {
    const res = await this.remoting.invoke(
      addr,
      RemotingCommand.request(RequestCode.LOCK_BATCH_MQ, undefined, encodeLockBatchRequest({ consumerGroup: group, clientId, mqSet })),
      timeoutMs,
    );
    return decodeLockBatchResponse(expect(res).body);
  }

  async unlockBatchMQ(addr: string, group: string, clientId: string, mqSet: MessageQueue[], oneway: boolean): Promise<void> {
    const cmd = RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ, undefined, encodeLockBatchRequest({ consumerGroup: group, clientId, mqSet }));
    if (oneway) await this.remoting.invokeOneway(addr, cmd);
    else expect(await this.remoting.invoke(addr, cmd, 1000));
  }

  async heartbeat(addr: string, data: HeartbeatData): Promise<number> {
    const res = expect(await this.remoting.invoke(addr, RemotingCommand.request(RequestCode.HEART_BEAT, undefined, encodeHeartbeatData(data)), this.timeoutMs));
    return res.version;
  }

  /**
   * CHECK_CLIENT_CONFIG: the broker compiles a subscription's filter as it will when pulling (Java's
   * checkClientInBroker); a refusal (filters off, expression wrong) is thrown as the broker's BrokerError.
   */
  async checkClientConfig(addr: string, group: string, clientId: string, subscriptionData: SubscriptionData): Promise<void> {
    const body = encodeJavaBody({ clientId, group, subscriptionData });
    expect(await this.remoting.invoke(addr, RemotingCommand.request(RequestCode.CHECK_CLIENT_CONFIG, undefined, body), this.timeoutMs));
  }

  async unregisterClient(addr: string, clientID: string, group: { producerGroup?: string; consumerGroup?: string }): Promise<void> {
    expect(
      await this.remoting.invoke(
        addr,
        RemotingCommand.request(RequestCode.UNREGISTER_CLIENT, UnregisterClientRequestHeader.encode({ clientID, ...group })),
        this.timeoutMs,
      ),
    );
  }

  async endTransactionOneway(
    addr: string,
    h: {
      producerGroup: string;
      tranStateTableOffset: number;
      commitLogOffset: number;
      commitOrRollback: number;
      fromTransactionCheck: boolean;
      msgId: string;
      transactionId?: string;
    },
    remark?: string,
  ): Promise<void> {
    const cmd = RemotingCommand.request(RequestCode.END_TRANSACTION, EndTransactionRequestHeader.encode(h));
    cmd.remark = remark;
    await this.remoting.invokeOneway(addr, cmd);
  }
}

/** Commit-log offset from an offset msg id (transactions, send-back). */
export function commitLogOffsetOf(offsetMsgId: string): number {
  return decodeOffsetMsgId(offsetMsgId).offset;
}
