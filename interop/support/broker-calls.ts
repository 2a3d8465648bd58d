/**
 * Requests addressed to ONE broker by host:port, master or slave alike, for the replication tests: the SDK's
 * consumers and producers route by the name server (producers to masters only), while a replication check has
 * to read a slave directly. Uses Orbit's remoting client and header codecs, as wire-diff does; the Apache →
 * Apache pairing of ha-pairs.interop.test.ts checks these calls against the reference.
 */
import { logger } from '../../server/common/logger';
import { decodeMessages, type MessageExt } from '../../server/common/message/message-decoder';
import { MessageConst } from '../../server/common/message/message-const';
import { encodeProperties } from '../../server/common/message/properties';
import { parseJavaJson } from '../../server/remoting/fastjson';
import { QueryConsumerOffsetRequestHeader, UpdateConsumerOffsetRequestHeader } from '../../server/remoting/header/consumer-offset';
import { PullMessageRequestHeader, PullSysFlag } from '../../server/remoting/header/pull-message';
import { QueryMessageRequestHeader, ViewMessageRequestHeader } from '../../server/remoting/header/query-message';
import { encodeSendMessageV2 } from '../../server/remoting/header/send-message';
import { RemotingClient } from '../../server/remoting/remoting-client';
import { RemotingCommand } from '../../server/remoting/remoting-command';
import { RequestCode } from '../../server/remoting/request-code';
import { ResponseCode, responseCodeName } from '../../server/remoting/response-code';

export interface Reply {
  code: number;
  remark?: string;
  ext: Record<string, string>;
  body?: Buffer;
}

/** `14 SERVICE_NOT_AVAILABLE`. */
export const codeText = (code: number): string => `${code} ${responseCodeName(code)}`;

/** What a replica must reproduce of a stored message (every field of the record a client can see). */
export interface MessageFacts {
  topic: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  offsetMsgId: string;
  msgId: string;
  storeHost: string;
  bornHost: string;
  bornTimestamp: number;
  storeTimestamp: number;
  sysFlag: number;
  bodyCRC: number;
  totalSize: number;
  keys?: string;
  tags?: string;
  properties: string;
  body: string;
}

export function messageFacts(m: MessageExt): MessageFacts {
  const props = Object.fromEntries(Object.entries(m.properties).sort(([a], [b]) => a.localeCompare(b)));
  return {
    topic: m.topic,
    queueId: m.queueId,
    queueOffset: m.queueOffset,
    commitLogOffset: m.commitLogOffset,
    offsetMsgId: m.offsetMsgId,
    msgId: m.msgId,
    storeHost: m.storeHost,
    bornHost: m.bornHost,
    bornTimestamp: m.bornTimestamp,
    storeTimestamp: m.storeTimestamp,
    sysFlag: m.sysFlag,
    bodyCRC: m.bodyCRC,
    totalSize: m.totalSize,
    keys: m.properties[MessageConst.KEYS],
    tags: m.properties[MessageConst.TAGS],
    properties: JSON.stringify(props),
    body: m.body.toString('utf8'),
  };
}

export class BrokerCalls {
  private readonly client = new RemotingClient(logger);

  async call(addr: string, code: number, ext: Record<string, string> = {}, body?: Buffer, timeoutMs = 5000): Promise<Reply> {
    try {
      const r = await this.client.invoke(addr, RemotingCommand.request(code, ext, body), timeoutMs);
      return { code: r.code, remark: r.remark, ext: r.extFields ?? {}, body: r.body };
    } catch (err) {
      // A killed broker leaves a dead channel behind; the next call must open a new one.
      this.client.closeChannel(addr);
      throw err;
    }
  }

  /** All messages of one queue from `addr`, from offset 0 (or `from`) to the end, 32 per PULL_MESSAGE. */
  async pullQueue(addr: string, topic: string, queueId: number, opts: { group: string; subscription?: string; from?: number }): Promise<MessageExt[]> {
    const out: MessageExt[] = [];
    let offset = opts.from ?? 0;
    for (let round = 0; round < 10_000; round++) {
      const r = await this.call(
        addr,
        RequestCode.PULL_MESSAGE,
        PullMessageRequestHeader.encode({
          consumerGroup: opts.group,
          topic,
          queueId,
          queueOffset: offset,
          maxMsgNums: 32,
          // Subscription in the header; no commit (a slave never stores it anyway) and no long polling.
          sysFlag: PullSysFlag.SUBSCRIPTION,
          commitOffset: 0,
          suspendTimeoutMillis: 0,
          subscription: opts.subscription ?? '*',
          subVersion: 0,
          expressionType: 'TAG',
        }),
      );
      if (r.code === ResponseCode.SUCCESS) out.push(...decodeMessages(r.body));
      // 20 = nothing matched the tag in this batch (or out of range on a slave), 19 = at the end: both say
      // where to go on; only other codes are failures.
      else if (r.code !== ResponseCode.PULL_NOT_FOUND && r.code !== ResponseCode.PULL_RETRY_IMMEDIATELY) {
        throw new Error(`PULL_MESSAGE ${topic}/${queueId}@${offset} on ${addr}: ${codeText(r.code)} ${r.remark ?? ''}`);
      }
      const next = Number(r.ext.nextBeginOffset);
      const max = Number(r.ext.maxOffset);
      if (!(next > offset) || (Number.isFinite(max) && next >= max)) return out;
      offset = next;
    }
    throw new Error(`PULL_MESSAGE ${topic}/${queueId} on ${addr}: no end after 10,000 pulls`);
  }

  async maxOffset(addr: string, topic: string, queueId: number): Promise<number> {
    const r = await this.call(addr, RequestCode.GET_MAX_OFFSET, { topic, queueId: String(queueId) });
    if (r.code !== ResponseCode.SUCCESS) throw new Error(`GET_MAX_OFFSET ${topic}/${queueId} on ${addr}: ${codeText(r.code)} ${r.remark ?? ''}`);
    return Number(r.ext.offset);
  }

  /** Topic names of GET_ALL_TOPIC_CONFIG (21); empty on SYSTEM_ERROR "No topic in this broker". */
  async topicNames(addr: string): Promise<string[]> {
    const r = await this.call(addr, RequestCode.GET_ALL_TOPIC_CONFIG);
    if (r.code !== ResponseCode.SUCCESS || !r.body) return [];
    return Object.keys(parseJavaJson(r.body.toString('utf8')).topicConfigTable ?? {});
  }

  updateConsumerOffset(addr: string, group: string, topic: string, queueId: number, commitOffset: number): Promise<Reply> {
    return this.call(addr, RequestCode.UPDATE_CONSUMER_OFFSET, UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic, queueId, commitOffset }));
  }

  queryConsumerOffset(addr: string, group: string, topic: string, queueId: number): Promise<Reply> {
    return this.call(addr, RequestCode.QUERY_CONSUMER_OFFSET, QueryConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic, queueId }));
  }

  /** QUERY_MESSAGE (12) by key on one broker; only the messages whose KEYS (or UNIQ_KEY) hold `key`, as a client filters. */
  async queryByKey(addr: string, topic: string, key: string): Promise<{ reply: Reply; messages: MessageExt[] }> {
    const reply = await this.call(
      addr,
      RequestCode.QUERY_MESSAGE,
      QueryMessageRequestHeader.encode({ topic, key, maxNum: 32, beginTimestamp: 0, endTimestamp: Date.now() + 3_600_000 }),
    );
    const all = reply.code === ResponseCode.SUCCESS ? decodeMessages(reply.body) : [];
    const messages = all.filter((m) => (m.properties[MessageConst.KEYS] ?? '').split(' ').includes(key) || m.properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] === key);
    return { reply, messages };
  }

  /** VIEW_MESSAGE_BY_ID (33): the record at a commit-log offset. */
  async viewByOffset(addr: string, commitLogOffset: number): Promise<{ reply: Reply; message?: MessageExt }> {
    const reply = await this.call(addr, RequestCode.VIEW_MESSAGE_BY_ID, ViewMessageRequestHeader.encode({ offset: commitLogOffset }));
    return { reply, message: reply.code === ResponseCode.SUCCESS ? decodeMessages(reply.body)[0] : undefined };
  }

  /** SEND_MESSAGE_V2 of one message to exactly this broker and queue (WAIT=true, as the Java client sends). */
  send(addr: string, topic: string, body: string, opts: { queueId?: number; tags?: string; keys?: string; producerGroup?: string; timeoutMs?: number } = {}): Promise<Reply> {
    const props: Record<string, string> = { [MessageConst.WAIT_STORE_MSG_OK]: 'true' };
    if (opts.tags) props[MessageConst.TAGS] = opts.tags;
    if (opts.keys) props[MessageConst.KEYS] = opts.keys;
    const ext = encodeSendMessageV2({
      producerGroup: opts.producerGroup ?? 'PID_ha_pairs_raw',
      topic,
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId: opts.queueId ?? 0,
      sysFlag: 0,
      bornTimestamp: Date.now(),
      flag: 0,
      properties: encodeProperties(props),
      reconsumeTimes: 0,
      unitMode: false,
      batch: false,
    });
    return this.call(addr, RequestCode.SEND_MESSAGE_V2, ext, Buffer.from(body, 'utf8'), opts.timeoutMs ?? 10_000);
  }

  shutdown(): Promise<void> {
    return this.client.shutdown();
  }
}
