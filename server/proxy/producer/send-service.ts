/**
 * SendMessage (§3, §5): validate and convert every message, pick the queue (message group → Java hashCode over
 * the write queues, else round-robin; the client's queue_id is ignored as the 5.x proxy does), send
 * SEND_MESSAGE_V2 or, for several messages, one SEND_BATCH_MESSAGE to one queue, and map the result.
 */
import { encodeBatch } from '../../common/message/batch-codec';
import { encodeProperties } from '../../common/message/properties';
import { commitLogOffsetOf, type RawSendResult } from '../../client/impl/mq-client-api';
import type { TopicRouteData } from '../../remoting/body/route-data';
import type { SendMessageRequest } from '../../remoting/header/send-message';
import type { BrokerAccess } from '../cluster/broker-access';
import { codeOfBrokerResponse, proxyErrorOf } from '../cluster/broker-result';
import { ProxyError, okStatus, status, type CodeName, type Status } from '../grpc/codes';
import { validTopic } from '../grpc/names';
import type { Message } from '../grpc/proto-types';
import type { ProxyConfig } from '../proxy-config';
import { topicMessageType } from '../route/route-convert';
import { buildRemotingMessage, checkTopicType, floorMod, javaStringHash, type RemotingMessage } from './message-build';
import type { TransactionService } from './transaction-service';

export interface SendResultEntry {
  status: Status;
  messageId: string;
  transactionId: string;
  offset: number;
}

export interface SendResponse {
  status: Status;
  entries: SendResultEntry[];
}

export interface WriteQueue {
  brokerName: string;
  queueId: number;
}

const PERM_WRITE = 2;

/** Every writable queue of the route's masters, broker groups in name order (so the FIFO hash is stable). */
export function writeQueues(route: TopicRouteData): WriteQueue[] {
  const masters = new Set(route.brokerDatas.filter((b) => b.brokerAddrs.has(0)).map((b) => b.brokerName));
  const out: WriteQueue[] = [];
  for (const qd of [...route.queueDatas].sort((a, b) => (a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0))) {
    if ((qd.perm & PERM_WRITE) === 0 || !masters.has(qd.brokerName)) continue;
    for (let i = 0; i < qd.writeQueueNums; i++) out.push({ brokerName: qd.brokerName, queueId: i });
  }
  return out;
}

export function selectQueue(queues: WriteQueue[], messageGroup: string | undefined, counter: number): WriteQueue {
  if (messageGroup) return queues[floorMod(javaStringHash(messageGroup), queues.length)];
  return queues[floorMod(counter, queues.length)];
}

export class SendService {
  private roundRobin = Math.floor(Math.random() * 1000);

  constructor(
    private readonly access: BrokerAccess,
    private readonly config: ProxyConfig,
    private readonly transactions: TransactionService,
  ) {}

  async send(messages: Message[] | undefined, peer: string): Promise<SendResponse> {
    if (!messages || messages.length === 0) throw new ProxyError('MESSAGE_CORRUPTED', 'no message to send');
    const topic = validTopic(messages[0].topic);
    if (messages.some((m) => (m.topic?.name ?? '') !== topic)) throw new ProxyError('MESSAGE_CORRUPTED', 'topic in message is not same');
    const built = messages.map((m) => buildRemotingMessage(m, topic, peer, this.config));
    const route = await this.access.cachedRoute(topic);
    if (!route) throw new ProxyError('TOPIC_NOT_FOUND', `topic ${topic} not found`);
    if (this.config.enableTopicMessageTypeCheck) {
      const type = topicMessageType(await this.access.topicConfig(topic));
      for (const b of built) checkTopicType(topic, type, b.type);
    }
    const queues = writeQueues(route);
    if (queues.length === 0) throw new ProxyError('FORBIDDEN', `no writable queue for topic ${topic}`);
    const mq = selectQueue(queues, built.length === 1 ? built[0].messageGroup : undefined, this.roundRobin++);
    const addr = await this.access.masterAddr(mq.brokerName, topic);
    const transactional = built.some((b) => b.type === 'TRANSACTION');
    // The check-back of a half message goes to a producer of group = topic: be one before the broker may ask.
    if (transactional) await this.access.registerProducerTopic(topic);
    let raw: RawSendResult;
    try {
      raw = await this.access.instance.api.sendMessage(addr, this.header(topic, mq.queueId, built), this.body(built), built.length > 1, this.access.timeoutMs);
    } catch (err) {
      throw proxyErrorOf(err);
    }
    const code: CodeName = codeOfBrokerResponse(raw.code);
    const st = code === 'OK' ? okStatus() : status(code, `send message failed, sendStatus=${code}`);
    const offsetIds = raw.offsetMsgId.split(',');
    const entries = built.map((b, i): SendResultEntry => {
      const transactionId = b.type === 'TRANSACTION' ? (built.length === 1 && raw.transactionId ? raw.transactionId : b.messageId) : '';
      if (transactionId && code === 'OK') {
        this.transactions.add(topic, transactionId, {
          brokerAddr: addr,
          commitLogOffset: commitLogOffsetOf(offsetIds[i] ?? offsetIds[0]),
          tranStateTableOffset: raw.queueOffset + i,
        });
      }
      return { status: st, messageId: b.messageId, transactionId, offset: raw.queueOffset + i };
    });
    return { status: st, entries };
  }

  private header(topic: string, queueId: number, built: RemotingMessage[]): SendMessageRequest {
    const first = built[0];
    return {
      producerGroup: topic,
      topic,
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId,
      sysFlag: first.sysFlag,
      bornTimestamp: first.bornTimestamp,
      flag: 0,
      properties: built.length > 1 ? '' : encodeProperties(first.properties),
      reconsumeTimes: Number(first.properties.RECONSUME_TIME ?? 0),
      unitMode: false,
      ...(built.length > 1 ? { batch: true } : {}),
    };
  }

  private body(built: RemotingMessage[]): Buffer {
    if (built.length === 1) return built[0].body;
    return encodeBatch(built.map((b) => ({ flag: 0, body: b.body, properties: encodeProperties(b.properties) })));
  }
}
