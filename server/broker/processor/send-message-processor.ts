/**
 * SEND_MESSAGE (10), SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320) and CONSUMER_SEND_MSG_BACK (36):
 * everything that writes a client's message into the store.
 */
import { MessageConst, MessageSysFlag } from '../../common/message/message-const';
import { decodeProperties, encodeProperties, PropertyOverlay } from '../../common/message/properties';
import { decodeBatch, BatchDecodeError } from '../../common/message/batch-codec';
import { decodeMessage } from '../../common/message/message-decoder';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import type { RequestProcessor } from '../../remoting/processor-table';
import { MQVersion } from '../../remoting/version';
import { SendMessageRequestHeader, SendMessageResponseHeader, decodeSendMessageV2, type SendMessageRequest } from '../../remoting/header/send-message';
import { ConsumerSendMsgBackRequestHeader } from '../../remoting/header/consumer-send-msg-back';
import type { TopicConfig } from '../../remoting/body/route-data';
import type { HostAddress, MessageExtBrokerInner } from '../../store/message-store';
import type { BrokerContext } from '../broker-context';
import { buildInner, buildInnerFromString, hostAddress, INDEXED_PROPERTIES, waitStoreMsgOKOf, type InnerFields } from '../message-inner';
import { PERM_READ, PERM_WRITE, isWriteable } from '../topic/perm';
import {
  DLQ_GROUP_TOPIC_PREFIX,
  RETRY_GROUP_TOPIC_PREFIX,
  RMQ_SYS_SCHEDULE_TOPIC,
  RMQ_SYS_TRANS_HALF_TOPIC,
  RMQ_SYS_TRANS_OP_HALF_TOPIC,
  dlqTopic,
  retryTopic,
  validateTopic,
} from '../topic/topic-validator';
import { putStatusToResponse } from './put-status';

const NOT_ALLOWED_SEND_TOPICS = new Set([RMQ_SYS_SCHEDULE_TOPIC, RMQ_SYS_TRANS_HALF_TOPIC, RMQ_SYS_TRANS_OP_HALF_TOPIC]);
const FAQ = '\nSee http://rocketmq.apache.org/docs/faq/ for further details.';

export const SEND_CODES = [
  RequestCode.SEND_MESSAGE,
  RequestCode.SEND_MESSAGE_V2,
  RequestCode.SEND_BATCH_MESSAGE,
  RequestCode.CONSUMER_SEND_MSG_BACK,
  RequestCode.SEND_REPLY_MESSAGE,
  RequestCode.SEND_REPLY_MESSAGE_V2,
] as const;

const REPLY_PUSH_TIMEOUT_MS = 3000;
const SINGLE_WATCHED = [...INDEXED_PROPERTIES, MessageConst.TRANSACTION_PREPARED];
const FOUND_TRANSACTION_PREPARED = INDEXED_PROPERTIES.length;

class Reject extends Error {
  constructor(
    readonly code: number,
    readonly remarkText: string,
  ) {
    super(remarkText);
  }
}

export class SendMessageProcessor implements RequestProcessor {
  /** Parsed once per connection: the address never changes, and the store only reads it. */
  private readonly bornHosts = new WeakMap<RemotingChannel, HostAddress>();
  private single: { cluster: string; overlay: PropertyOverlay } | undefined;

  constructor(private readonly ctx: BrokerContext) {}

  /** A single message's properties are stored with CLUSTER set and, as 4.9.2 does, without WAIT. */
  private singleOverlay(): PropertyOverlay {
    const cluster = this.ctx.config.brokerClusterName;
    if (this.single?.cluster !== cluster) {
      const overlay = new PropertyOverlay({ [MessageConst.CLUSTER]: cluster }, SINGLE_WATCHED, [MessageConst.WAIT_STORE_MSG_OK]);
      this.single = { cluster, overlay };
    }
    return this.single.overlay;
  }

  private bornHost(channel: RemotingChannel): HostAddress {
    let host = this.bornHosts.get(channel);
    if (!host) {
      host = hostAddress(channel.remoteAddr);
      this.bornHosts.set(channel, host);
    }
    return host;
  }

  async handle(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand> {
    try {
      if (req.code === RequestCode.CONSUMER_SEND_MSG_BACK) return await this.consumerSendMsgBack(req);
      const full = req.code === RequestCode.SEND_MESSAGE || req.code === RequestCode.SEND_REPLY_MESSAGE;
      const h = full ? SendMessageRequestHeader.decode(req.extFields) : decodeSendMessageV2(req.extFields);
      if (req.code === RequestCode.SEND_REPLY_MESSAGE || req.code === RequestCode.SEND_REPLY_MESSAGE_V2) return await this.sendReply(req, h, channel);
      if (req.code === RequestCode.SEND_BATCH_MESSAGE || h.batch) return await this.sendBatch(req, h, channel);
      return await this.sendOne(req, h, channel);
    } catch (err) {
      // ali-ons reads extFields of every send response: never leave it null.
      if (err instanceof Reject) return RemotingCommand.responseTo(req, err.code, err.remarkText, {});
      throw err;
    }
  }

  /** Checks shared by single and batch sends; returns the topic config, creating the topic when allowed. */
  private msgCheck(h: SendMessageRequest, channel: RemotingChannel): TopicConfig {
    const c = this.ctx.config;
    if (!isWriteable(c.brokerPermission)) {
      throw new Reject(ResponseCode.NO_PERMISSION, `the broker[${c.brokerIP1}] sending message is forbidden`);
    }
    const invalid = validateTopic(h.topic);
    if (invalid) throw new Reject(ResponseCode.SYSTEM_ERROR, invalid);
    if (NOT_ALLOWED_SEND_TOPICS.has(h.topic)) {
      throw new Reject(ResponseCode.NO_PERMISSION, `Sending message to topic[${h.topic}] is forbidden.`);
    }
    let tc = this.ctx.topics.get(h.topic);
    if (!tc) {
      const topicSysFlag = h.unitMode ? 0x1 : 0;
      tc = this.ctx.topics.createTopicInSendMessageMethod(h.topic, h.defaultTopic, h.defaultTopicQueueNums, topicSysFlag);
      if (!tc && h.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
        tc = this.ctx.topics.createTopicIfAbsent(h.topic, 1, PERM_READ | PERM_WRITE, topicSysFlag);
      }
      if (!tc) {
        throw new Reject(ResponseCode.TOPIC_NOT_EXIST, `topic[${h.topic}] not exist, apply first please!${FAQ}`);
      }
      this.ctx.log.info({ topic: h.topic, producer: channel.remoteAddr }, 'topic created on send');
    }
    if (!isWriteable(tc.perm)) {
      throw new Reject(ResponseCode.NO_PERMISSION, `the topic[${h.topic}] sending message is forbidden`);
    }
    const queueIdMax = Math.max(tc.readQueueNums, tc.writeQueueNums);
    if (h.queueId >= queueIdMax) {
      throw new Reject(
        ResponseCode.SYSTEM_ERROR,
        `request queueId[${h.queueId}] is illegal, ${JSON.stringify(tc)} Producer: ${channel.remoteAddr}`,
      );
    }
    return tc;
  }

  private async sendOne(req: RemotingCommand, h: SendMessageRequest, channel: RemotingChannel): Promise<RemotingCommand> {
    const tc = this.msgCheck(h, channel);
    const body = req.body ?? Buffer.alloc(0);
    let topic = h.topic;
    let queueId = h.queueId < 0 ? Math.floor(Math.random() * tc.writeQueueNums) : h.queueId;
    const reconsumeTimes = h.reconsumeTimes ?? 0;

    if (topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
      const group = topic.slice(RETRY_GROUP_TOPIC_PREFIX.length);
      const gc = this.ctx.groups.findSubscriptionGroupConfig(group);
      if (!gc) throw new Reject(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group not exist, ${group}${FAQ}`);
      // Apache 4.9.2 throws on a ≥ V3_4_9 request without `l`; fall back to the group's setting instead.
      const max = req.version >= MQVersion.V3_4_9 && h.maxReconsumeTimes !== undefined ? h.maxReconsumeTimes : gc.retryMaxTimes;
      if (reconsumeTimes >= max) {
        topic = dlqTopic(group);
        queueId = 0;
        this.ctx.topics.createTopicIfAbsent(topic, 1, PERM_READ | PERM_WRITE, 0);
      }
    }

    const overlay = this.singleOverlay();
    const properties = overlay.apply(h.properties ?? '');
    let sysFlag = h.sysFlag;
    if (overlay.found[FOUND_TRANSACTION_PREPARED] === 'true') {
      sysFlag = (sysFlag & ~0xc) | MessageSysFlag.TRANSACTION_PREPARED_TYPE;
    }
    const fields: InnerFields = {
      topic,
      queueId,
      sysFlag,
      bornTimestamp: h.bornTimestamp,
      bornHost: this.bornHost(channel),
      storeHost: this.ctx.storeHost,
      reconsumeTimes,
    };
    const inner = buildInnerFromString(fields, h.flag, body, properties, overlay.found);
    if (this.ctx.config.brokerRole === 'SYNC_MASTER') inner.waitStoreMsgOK = waitStoreMsgOKOf(h.properties);
    const result = await this.ctx.pipeline.put(inner);
    const mapped = putStatusToResponse(result.status);
    if (!result.appendResult || (mapped.code !== ResponseCode.SUCCESS && mapped.code !== ResponseCode.FLUSH_DISK_TIMEOUT &&
      mapped.code !== ResponseCode.FLUSH_SLAVE_TIMEOUT && mapped.code !== ResponseCode.SLAVE_NOT_AVAILABLE)) {
      return RemotingCommand.responseTo(req, mapped.code, result.remark ?? mapped.remark, {});
    }
    this.ctx.stats.incTopicPut(h.topic, 1, body.length);
    const ar = result.appendResult;
    return RemotingCommand.responseTo(req, mapped.code, mapped.remark, {
      ...SendMessageResponseHeader.encode({ msgId: ar.msgId, queueId, queueOffset: ar.logicsOffset }),
      MSG_REGION: this.ctx.config.regionId,
      TRACE_ON: String(this.ctx.config.traceOn),
    });
  }

  private async sendBatch(req: RemotingCommand, h: SendMessageRequest, channel: RemotingChannel): Promise<RemotingCommand> {
    const tc = this.msgCheck(h, channel);
    if (h.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
      throw new Reject(ResponseCode.MESSAGE_ILLEGAL, 'batch request does not support retry group ' + h.topic);
    }
    let entries;
    try {
      entries = decodeBatch(req.body ?? Buffer.alloc(0));
    } catch (err) {
      if (err instanceof BatchDecodeError) throw new Reject(ResponseCode.MESSAGE_ILLEGAL, `bad batch body: ${err.message}`);
      throw err;
    }
    if (entries.length === 0) throw new Reject(ResponseCode.MESSAGE_ILLEGAL, 'empty batch');
    const queueId = h.queueId < 0 ? Math.floor(Math.random() * tc.writeQueueNums) : h.queueId;
    const batchProps = decodeProperties(h.properties);
    batchProps[MessageConst.CLUSTER] = this.ctx.config.brokerClusterName;
    // 4.9.3 and later: entry properties, then the batch-level ones.
    const overlay = new PropertyOverlay(batchProps, INDEXED_PROPERTIES);
    const shared: InnerFields = {
      topic: h.topic,
      queueId,
      sysFlag: h.sysFlag,
      bornTimestamp: h.bornTimestamp,
      bornHost: this.bornHost(channel),
      storeHost: this.ctx.storeHost,
      reconsumeTimes: 0,
    };
    let bytes = 0;
    const inners: MessageExtBrokerInner[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      bytes += e.body.length;
      const props = overlay.apply(e.properties);
      inners[i] = buildInnerFromString(shared, e.flag, e.body, props, overlay.found);
    }
    if (this.ctx.config.brokerRole === 'SYNC_MASTER') inners[0].waitStoreMsgOK = waitStoreMsgOKOf(h.properties);
    const result = await this.ctx.pipeline.putBatch(inners);
    const mapped = putStatusToResponse(result.status);
    const ar = result.appendResult;
    if (!ar || mapped.code === ResponseCode.SYSTEM_ERROR || mapped.code === ResponseCode.MESSAGE_ILLEGAL || mapped.code === ResponseCode.SERVICE_NOT_AVAILABLE) {
      return RemotingCommand.responseTo(req, mapped.code, result.remark ?? mapped.remark, {});
    }
    this.ctx.stats.incTopicPut(h.topic, inners.length, bytes);
    return RemotingCommand.responseTo(req, mapped.code, mapped.remark, {
      // The store's batch result carries the comma-joined offset ids of its records.
      ...SendMessageResponseHeader.encode({ msgId: ar.msgId, queueId, queueOffset: ar.logicsOffset }),
      MSG_REGION: this.ctx.config.regionId,
      TRACE_ON: String(this.ctx.config.traceOn),
    });
  }

  /**
   * SEND_REPLY_MESSAGE(_V2) (324/325): a consumer answers a request-reply message. The reply is pushed at
   * once to the requesting client (REPLY_TO_CLIENT) over its own connection with PUSH_REPLY_MESSAGE_TO_CLIENT,
   * then stored in the reply topic as Apache does by default (storeReplyMessageEnable).
   */
  private async sendReply(req: RemotingCommand, h: SendMessageRequest, channel: RemotingChannel): Promise<RemotingCommand> {
    const tc = this.msgCheck(h, channel);
    const body = req.body ?? Buffer.alloc(0);
    const queueId = h.queueId < 0 ? Math.floor(Math.random() * tc.writeQueueNums) : h.queueId;
    const props = decodeProperties(h.properties);
    const now = Date.now();
    const push = await this.pushReply(h, { ...props, [MessageConst.PUSH_REPLY_TIME]: String(now) }, queueId, body, channel, now);
    const inner = buildInner({
      topic: h.topic,
      queueId,
      flag: h.flag,
      body,
      properties: props,
      sysFlag: h.sysFlag,
      bornTimestamp: h.bornTimestamp,
      bornHost: this.bornHost(channel),
      storeHost: this.ctx.storeHost,
      reconsumeTimes: h.reconsumeTimes ?? 0,
    });
    const result = await this.ctx.pipeline.put(inner);
    const ext: Record<string, string> = {};
    if (result.appendResult) {
      Object.assign(ext, SendMessageResponseHeader.encode({ msgId: result.appendResult.msgId, queueId, queueOffset: result.appendResult.logicsOffset }));
      this.ctx.stats.incTopicPut(h.topic, 1, body.length);
    }
    if (!push.ok) return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, push.remark, ext);
    const mapped = putStatusToResponse(result.status);
    return RemotingCommand.responseTo(req, mapped.code, mapped.remark, ext);
  }

  private async pushReply(
    h: SendMessageRequest,
    props: Record<string, string>,
    queueId: number,
    body: Buffer,
    channel: RemotingChannel,
    storeTimestamp: number,
  ): Promise<{ ok: boolean; remark?: string }> {
    const senderId = props[MessageConst.REPLY_TO_CLIENT];
    if (!senderId) return { ok: false, remark: 'REPLY_TO_CLIENT is null, can not reply message' };
    const target = this.ctx.producers.findChannel(senderId);
    if (!target) return { ok: false, remark: `push reply message fail, channel of <${senderId}> not found.` };
    const header: Record<string, string> = {
      producerGroup: h.producerGroup,
      topic: h.topic,
      defaultTopic: h.defaultTopic,
      defaultTopicQueueNums: String(h.defaultTopicQueueNums),
      queueId: String(queueId),
      sysFlag: String(h.sysFlag),
      bornTimestamp: String(h.bornTimestamp),
      flag: String(h.flag),
      properties: encodeProperties(props),
      reconsumeTimes: String(h.reconsumeTimes ?? 0),
      unitMode: String(h.unitMode ?? false),
      bornHost: channel.remoteAddr,
      storeHost: this.ctx.brokerAddr,
      storeTimestamp: String(storeTimestamp),
    };
    try {
      const res = await this.ctx.broker2Client.invoke(
        target.channel,
        RemotingCommand.request(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, header, body),
        REPLY_PUSH_TIMEOUT_MS,
      );
      if (res.code === ResponseCode.SUCCESS) return { ok: true };
      return { ok: false, remark: `push reply message to ${senderId} fail: ${res.remark ?? res.code}` };
    } catch (err) {
      return { ok: false, remark: `push reply message to ${senderId} fail: ${(err as Error).message}` };
    }
  }

  private async consumerSendMsgBack(req: RemotingCommand): Promise<RemotingCommand> {
    const h = ConsumerSendMsgBackRequestHeader.decode(req.extFields);
    const gc = this.ctx.groups.findSubscriptionGroupConfig(h.group);
    if (!gc) throw new Reject(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group not exist, ${h.group}${FAQ}`);
    if (!isWriteable(this.ctx.config.brokerPermission)) {
      throw new Reject(ResponseCode.NO_PERMISSION, `the broker[${this.ctx.config.brokerIP1}] sending message is forbidden`);
    }
    if (gc.retryQueueNums <= 0) return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);

    const record = await this.ctx.store.lookMessageByOffset(h.offset);
    if (!record) throw new Reject(ResponseCode.SYSTEM_ERROR, `look message by offset failed, ${h.offset}`);
    const msg = decodeMessage(record);
    const props = { ...msg.properties };
    if (!props[MessageConst.RETRY_TOPIC]) props[MessageConst.RETRY_TOPIC] = msg.topic;
    props[MessageConst.WAIT_STORE_MSG_OK] = 'false';

    let delayLevel = h.delayLevel;
    const max = req.version >= MQVersion.V3_4_9 && h.maxReconsumeTimes !== undefined ? h.maxReconsumeTimes : gc.retryMaxTimes;
    let topic: string;
    let queueId: number;
    if (msg.reconsumeTimes >= max || delayLevel < 0) {
      topic = dlqTopic(h.group);
      queueId = 0;
      const dlq = this.ctx.topics.createTopicIfAbsent(topic, 1, PERM_READ | PERM_WRITE, 0);
      if (!dlq) throw new Reject(ResponseCode.SYSTEM_ERROR, `topic[${topic}] not exist`);
      props[MessageConst.DELAY_TIME_LEVEL] = '0';
    } else {
      topic = retryTopic(h.group);
      this.ctx.topics.createTopicIfAbsent(topic, gc.retryQueueNums, PERM_READ | PERM_WRITE, 0);
      queueId = Math.floor(Math.random() * gc.retryQueueNums);
      if (delayLevel === 0) delayLevel = 3 + msg.reconsumeTimes;
      props[MessageConst.DELAY_TIME_LEVEL] = String(Math.min(delayLevel, this.ctx.pipeline.maxDelayLevel));
    }
    props[MessageConst.ORIGIN_MESSAGE_ID] = msg.properties[MessageConst.ORIGIN_MESSAGE_ID] || msg.offsetMsgId;
    const inner = buildInner({
      topic,
      queueId,
      flag: msg.flag,
      // decodeMessage leaves the body as stored (compressed if it was), matching the copied sysFlag.
      body: Buffer.from(msg.body),
      properties: props,
      sysFlag: msg.sysFlag,
      bornTimestamp: msg.bornTimestamp,
      bornHost: hostAddress(msg.bornHost),
      storeHost: this.ctx.storeHost,
      reconsumeTimes: msg.reconsumeTimes + 1,
    });
    const result = await this.ctx.pipeline.put(inner);
    const mapped = putStatusToResponse(result.status);
    if (mapped.code !== ResponseCode.SUCCESS) return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, mapped.remark);
    if (topic.startsWith(DLQ_GROUP_TOPIC_PREFIX)) this.ctx.log.info({ group: h.group, msgId: msg.msgId }, 'message moved to DLQ');
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
  }
}
