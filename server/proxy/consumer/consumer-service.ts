/**
 * The consumer side of the gRPC endpoint over the brokers' POP codes (server/broker/pop): ReceiveMessage pops,
 * AckMessage / ChangeInvisibleDuration / ForwardMessageToDeadLetterQueue act on the receipt handle, which carries
 * everything they need (broker, queue, offsets, pop time), so no state here is required for correctness; the only
 * state is the auto-renewal of push consumers' receipts (receipt-renewer.ts). Limits and policies are Apache
 * 5.3's proxy defaults (§6 of the fact sheet).
 */
import type { LogSink } from '../../common/log-sink';
import zlib from 'node:zlib';
import { MessageConst, MessageSysFlag } from '../../common/message/message-const';
import { ackMessage, changeInvisibleTime, popMessage, type PoppedMessage } from '../../client/impl/pop-api';
import { buildSubscriptionData, tagMatches } from '../../client/impl/subscription';
import type { SubscriptionData } from '../../remoting/body/heartbeat';
import { ConsumerSendMsgBackRequestHeader } from '../../remoting/header/consumer-send-msg-back';
import { parseExtraInfo } from '../../remoting/header/pop-extra-info';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { durationMs } from '../client/settings';
import type { BrokerAccess } from '../cluster/broker-access';
import { codeOfBrokerResponse, proxyErrorOf } from '../cluster/broker-result';
import type { ClientManager } from '../client/client-manager';
import { ProxyError, okStatus, statusOf, type Status } from '../grpc/codes';
import { toProtoMessage } from '../grpc/message-view';
import { validGroup, validTopic } from '../grpc/names';
import type { FilterExpression, Message, Resource } from '../grpc/proto-types';
import { requireClientId, type RequestContext } from '../grpc/request-context';
import { decodeReceiptHandle, encodeReceiptHandle, extraInfoOf, isExpired, storedTopicOf, ReceiptHandleError, type ReceiptHandle } from './receipt-handle';
import { ReceiptRenewer } from './receipt-renewer';

/** Apache 5.3 ProxyConfig defaults. */
export const MIN_INVISIBLE_MS_FOR_RECV = 10_000;
export const MAX_INVISIBLE_MS = 12 * 3600_000;
export const DEFAULT_INVISIBLE_MS = 60_000;
export const MIN_LONG_POLLING_MS = 5_000;
export const MAX_LONG_POLLING_MS = 20_000;
const MAX_BATCH = 32;
const DEFAULT_MAX_ATTEMPTS = 17;
/** Clients before this version get BAD_REQUEST instead of ILLEGAL_POLLING_TIME (string compare, as Apache). */
const ILLEGAL_POLLING_TIME_SINCE = '5.0.3';
const INIT_MODE_MAX = 1;

export interface ReceiveRequest {
  group?: Resource;
  messageQueue?: { topic?: Resource; broker?: { name?: string } };
  filterExpression?: FilterExpression;
  batchSize?: number;
  invisibleDuration?: { seconds?: number; nanos?: number };
  autoRenew?: boolean;
  longPollingTimeout?: { seconds?: number; nanos?: number };
  attemptId?: string;
}

export interface AckRequest {
  group?: Resource;
  topic?: Resource;
  entries?: { messageId?: string; receiptHandle?: string }[];
}

export interface ChangeInvisibleRequest {
  group?: Resource;
  topic?: Resource;
  receiptHandle?: string;
  invisibleDuration?: { seconds?: number; nanos?: number };
  messageId?: string;
}

export interface ForwardToDlqRequest {
  group?: Resource;
  topic?: Resource;
  receiptHandle?: string;
  messageId?: string;
  deliveryAttempt?: number;
  maxDeliveryAttempts?: number;
}

export interface ReceiveResult {
  status: Status;
  messages: Message[];
}

/** The body as the producer sent it: a compressed record (zlib, or gzip from a 5.x producer) inflated. */
function deliveredBody(p: PoppedMessage): Buffer {
  const m = p.message;
  if ((m.sysFlag & MessageSysFlag.COMPRESSED_FLAG) === 0) return m.body;
  try {
    return m.body[0] === 0x1f && m.body[1] === 0x8b ? zlib.gunzipSync(m.body) : zlib.inflateSync(m.body);
  } catch {
    // Not inflatable: hand the stored bytes over; the digest still matches them.
    return m.body;
  }
}

export class ConsumerService {
  readonly renewer: ReceiptRenewer;

  constructor(
    private readonly access: BrokerAccess,
    private readonly clients: ClientManager,
    private readonly log: LogSink,
  ) {
    this.renewer = new ReceiptRenewer(
      async (key, h, ms) => this.change(key.group, key.topic, h, ms),
      (err) => this.log.warn({ err: (err as Error).message }, 'receipt renewal failed'),
    );
  }

  start(): void {
    this.renewer.start();
  }

  stop(): void {
    this.renewer.stop();
  }

  /** `remainingMs`: what is left of the call's deadline (Infinity without one). */
  async receive(ctx: RequestContext, req: ReceiveRequest, remainingMs: number): Promise<ReceiveResult> {
    const clientId = requireClientId(ctx);
    const client = this.clients.get(clientId);
    const settings = client?.effective ?? client?.settings;
    if (!settings?.subscription) throw new ProxyError('UNRECOGNIZED_CLIENT_TYPE', 'cannot find client settings for this client: send settings on Telemetry first');
    const topic = validTopic(req.messageQueue?.topic);
    const group = validGroup(req.group);
    const fifo = settings.subscription.fifo === true;
    const maxAttempts = settings.backoffPolicy?.maxAttempts || DEFAULT_MAX_ATTEMPTS;

    let pollingMs = req.longPollingTimeout !== undefined ? durationMs(req.longPollingTimeout) : remainingMs - durationMs(settings.requestTimeout) / 2;
    pollingMs = Math.min(Math.max(pollingMs, MIN_LONG_POLLING_MS), MAX_LONG_POLLING_MS);
    if (pollingMs > remainingMs) {
      if (remainingMs >= MIN_LONG_POLLING_MS) pollingMs = remainingMs;
      else {
        const old = !ctx.clientVersion || ctx.clientVersion < ILLEGAL_POLLING_TIME_SINCE;
        throw new ProxyError(old ? 'BAD_REQUEST' : 'ILLEGAL_POLLING_TIME', 'The deadline time remaining is not enough for polling, please check network condition');
      }
    }

    const autoRenew = req.autoRenew === true;
    let invisibleMs = DEFAULT_INVISIBLE_MS;
    if (!autoRenew) {
      invisibleMs = durationMs(req.invisibleDuration);
      if (invisibleMs < MIN_INVISIBLE_MS_FOR_RECV || invisibleMs > MAX_INVISIBLE_MS) {
        throw new ProxyError('ILLEGAL_INVISIBLE_TIME', `the invisibleTime must be within [${MIN_INVISIBLE_MS_FOR_RECV}, ${MAX_INVISIBLE_MS}] ms, got ${invisibleMs}`);
      }
    }
    const sql = req.filterExpression?.type === 'SQL';
    const expression = req.filterExpression?.expression?.trim() || '*';
    // SQL92 is filtered by the broker alone; a tag expression is checked again here (hash collisions).
    const tagSub = sql ? undefined : buildSubscriptionData(topic, expression);
    if (!sql && expression.includes('\n')) throw new ProxyError('ILLEGAL_FILTER_EXPRESSION', 'tag expression must be one line');
    const batch = Math.min(Math.max(req.batchSize || MAX_BATCH, 1), MAX_BATCH);

    const { brokerName, addr } = await this.pickBroker(topic, req.messageQueue?.broker?.name);
    let popped;
    try {
      popped = await popMessage(
        this.access.instance.remoting,
        addr,
        brokerName,
        { consumerGroup: group, topic, queueId: -1, maxMsgNums: batch, invisibleTime: invisibleMs, pollTime: pollingMs, bornTime: Date.now(), initMode: INIT_MODE_MAX, expType: sql ? 'SQL92' : 'TAG', exp: expression, order: fifo, attemptId: req.attemptId },
        pollingMs + this.access.timeoutMs,
      );
    } catch (err) {
      const e = proxyErrorOf(err);
      if (e.message.includes('subscription')) throw new ProxyError('ILLEGAL_FILTER_EXPRESSION', e.message);
      throw e;
    }
    if (popped.status === 'POLLING_FULL') throw new ProxyError('TOO_MANY_REQUESTS', 'polling full');

    const messages: Message[] = [];
    for (const p of popped.messages) {
      const handle = this.handleOf(p);
      const delivered = await this.filter(group, topic, addr, p, handle, tagSub, maxAttempts);
      if (!delivered) continue;
      const msgId = p.message.properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? p.message.offsetMsgId;
      const encoded = encodeReceiptHandle(handle);
      if (autoRenew) this.renewer.add(clientId, { group, topic }, msgId, encoded);
      const m = toProtoMessage(p.message, { topic, receiptHandle: encoded, body: deliveredBody(p) });
      // Delivered inflated: the COMPRESSED flag means zlib, which 5.x clients cannot decode (they know only GZIP).
      m.systemProperties!.bodyEncoding = 'IDENTITY';
      m.systemProperties!.deliveryAttempt = p.reconsumeTimes + 1;
      messages.push(m);
    }
    if (messages.length === 0) return { status: { code: 'MESSAGE_NOT_FOUND', message: 'no new message' }, messages };
    return { status: okStatus(), messages };
  }

  /**
   * What Apache's PopMessageResultFilter does: a message whose tag the (hash-filtered) pop let through by
   * collision is acked and skipped; one out of attempts goes to the group's DLQ instead of the client.
   */
  private async filter(group: string, topic: string, addr: string, p: PoppedMessage, h: ReceiptHandle, tagSub: SubscriptionData | undefined, maxAttempts: number): Promise<boolean> {
    const tag = p.message.properties[MessageConst.TAGS];
    if (tagSub && !tagMatches(tagSub, tag)) {
      await this.ackHandle(group, topic, addr, h).catch((err) => this.log.warn({ err: (err as Error).message }, 'ack of an unmatched message failed'));
      return false;
    }
    if (p.reconsumeTimes >= maxAttempts) {
      try {
        await this.sendToDlq(group, topic, addr, h, p.message.properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? p.message.offsetMsgId, maxAttempts);
        await this.ackHandle(group, topic, addr, h);
      } catch (err) {
        this.log.warn({ group, topic, err: (err as Error).message }, 'moving a message past its attempts to the DLQ failed; it will come back');
      }
      return false;
    }
    return true;
  }

  private handleOf(p: PoppedMessage): ReceiptHandle {
    const e = parseExtraInfo(p.extraInfo);
    return { ...e, queueOffset: e.queueOffset ?? p.message.queueOffset, commitLogOffset: p.message.commitLogOffset };
  }

  private async pickBroker(topic: string, wanted: string | undefined): Promise<{ brokerName: string; addr: string }> {
    const route = await this.access.cachedRoute(topic);
    if (!route) throw new ProxyError('TOPIC_NOT_FOUND', `topic ${topic} not found`);
    const readable = route.brokerDatas.filter((bd) => bd.brokerAddrs.get(0) && route.queueDatas.some((q) => q.brokerName === bd.brokerName && (q.perm & 0x4) !== 0 && q.readQueueNums > 0));
    const bd = (wanted ? readable.find((b) => b.brokerName === wanted) : undefined) ?? readable[Math.floor(Math.random() * readable.length)];
    if (!bd) throw new ProxyError('FORBIDDEN', `no readable queue of topic ${topic}`);
    return { brokerName: bd.brokerName, addr: bd.brokerAddrs.get(0)! };
  }

  /** The handle for a request: the renewed one if this proxy renewed it, parsed; refusals as gRPC codes. */
  private handleFor(group: string, messageId: string | undefined, raw: string | undefined): ReceiptHandle {
    const s = messageId && raw ? this.renewer.take(group, messageId, raw) : raw;
    let h: ReceiptHandle;
    try {
      h = decodeReceiptHandle(s);
    } catch (err) {
      if (err instanceof ReceiptHandleError) throw new ProxyError('INVALID_RECEIPT_HANDLE', `receipt handle is invalid: ${err.message}`);
      throw err;
    }
    if (isExpired(h)) throw new ProxyError('INVALID_RECEIPT_HANDLE', 'receipt handle is expired');
    return h;
  }

  private async ackHandle(group: string, topic: string, addr: string, h: ReceiptHandle): Promise<void> {
    await ackMessage(this.access.instance.remoting, addr, { group, topic: storedTopicOf(h, topic, group), queueId: h.queueId, offset: h.queueOffset, extraInfo: extraInfoOf(h) }, this.access.timeoutMs);
  }

  async ack(_ctx: RequestContext, req: AckRequest) {
    const group = validGroup(req.group);
    const topic = validTopic(req.topic);
    const entries = req.entries ?? [];
    if (entries.length === 0) throw new ProxyError('BAD_REQUEST', 'no entry to ack');
    const results = await Promise.all(
      entries.map(async (e) => {
        try {
          const h = this.handleFor(group, e.messageId, e.receiptHandle);
          await this.ackHandle(group, topic, await this.access.masterAddr(h.brokerName, topic), h);
          return { messageId: e.messageId ?? '', receiptHandle: e.receiptHandle ?? '', status: okStatus() };
        } catch (err) {
          return { messageId: e.messageId ?? '', receiptHandle: e.receiptHandle ?? '', status: statusOf(proxyErrorOf(err)) };
        }
      }),
    );
    const codes = new Set(results.map((r) => r.status.code));
    const status: Status = codes.size === 1 ? results[0].status : { code: 'MULTIPLE_RESULTS', message: 'ack results differ' };
    return { status, entries: results };
  }

  private async change(group: string, topic: string, h: ReceiptHandle, invisibleMs: number): Promise<ReceiptHandle> {
    const addr = await this.access.masterAddr(h.brokerName, topic);
    const r = await changeInvisibleTime(
      this.access.instance.remoting,
      addr,
      { group, topic: storedTopicOf(h, topic, group), queueId: h.queueId, offset: h.queueOffset, extraInfo: extraInfoOf(h) },
      invisibleMs,
      this.access.timeoutMs,
    );
    return { ...h, ckQueueOffset: h.queueOffset, popTime: r.popTime, invisibleTime: r.invisibleTime, reviveQid: r.reviveQid };
  }

  async changeInvisibleDuration(_ctx: RequestContext, req: ChangeInvisibleRequest) {
    const group = validGroup(req.group);
    const topic = validTopic(req.topic);
    const ms = durationMs(req.invisibleDuration);
    if (req.invisibleDuration === undefined || ms < 0 || ms > MAX_INVISIBLE_MS) throw new ProxyError('ILLEGAL_INVISIBLE_TIME', `the invisibleTime must be within [0, ${MAX_INVISIBLE_MS}] ms, got ${ms}`);
    const h = this.handleFor(group, req.messageId, req.receiptHandle);
    try {
      const next = await this.change(group, topic, h, ms);
      return { status: okStatus(), receiptHandle: encodeReceiptHandle(next) };
    } catch (err) {
      throw proxyErrorOf(err);
    }
  }

  private async sendToDlq(group: string, topic: string, addr: string, h: ReceiptHandle, messageId: string, maxAttempts: number): Promise<void> {
    const res = await this.access.invoke(
      addr,
      RemotingCommand.request(
        RequestCode.CONSUMER_SEND_MSG_BACK,
        ConsumerSendMsgBackRequestHeader.encode({ offset: h.commitLogOffset, group, delayLevel: -1, originMsgId: messageId, originTopic: topic, maxReconsumeTimes: Math.max(0, maxAttempts - 1) }),
      ),
    );
    if (res.code !== ResponseCode.SUCCESS) throw new ProxyError(codeOfBrokerResponse(res.code), res.remark ?? 'send back to DLQ failed');
  }

  async forwardToDeadLetterQueue(_ctx: RequestContext, req: ForwardToDlqRequest) {
    const group = validGroup(req.group);
    const topic = validTopic(req.topic);
    const h = this.handleFor(group, req.messageId, req.receiptHandle);
    try {
      const addr = await this.access.masterAddr(h.brokerName, topic);
      await this.sendToDlq(group, topic, addr, h, req.messageId ?? '', req.maxDeliveryAttempts ?? DEFAULT_MAX_ATTEMPTS);
      await this.ackHandle(group, topic, addr, h);
    } catch (err) {
      throw proxyErrorOf(err);
    }
    return { status: okStatus() };
  }

  /** A client went away (termination or its Telemetry stream closed for good): its renewed messages come back soon. */
  clientGone(clientId: string): void {
    void this.renewer.clientGone(clientId);
  }
}
