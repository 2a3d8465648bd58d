/**
 * Message administration: view by id, query by key, browse a queue (pull), search by time, send, resend
 * (to the original topic or a group's retry topic), and consume-directly through a broker.
 */
import { BrokerError } from '../../common/errors';
import { decodeMessages, type MessageExt } from '../../common/message/message-decoder';
import { MessageConst } from '../../common/message/message-const';
import { decodeOffsetMsgId } from '../../common/message/message-id';
import { encodeProperties } from '../../common/message/properties';
import { decodeJavaBody } from '../../remoting/fastjson';
import { ConsumeMessageDirectlyResultRequestHeader } from '../../remoting/header/consumer-relay';
import { PullMessageRequestHeader, PullMessageResponseHeader, PullSysFlag } from '../../remoting/header/pull-message';
import { QueryMessageRequestHeader, ViewMessageRequestHeader } from '../../remoting/header/query-message';
import { SearchOffsetRequestHeader, OffsetResponseHeader, GetMaxOffsetRequestHeader } from '../../remoting/header/queue-offset';
import { SendMessageResponseHeader, encodeSendMessageV2 } from '../../remoting/header/send-message';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { createUniqId, uniqIdTimestamp } from '../impl/uniq-id';
import { clusterMasters, expectSuccess, mapLimit, onEachBroker, request, routeMasters, topicMastersOrNull, type AdminContext } from './admin-context';
import { DLQ_GROUP_TOPIC_PREFIX, RETRY_GROUP_TOPIC_PREFIX, examineConsumerConnection } from './group-admin';
import type { ConsumeDirectlyResult, MessageView, PullResultView, ReadableQueue, SendMessageInput, SendResultView } from './types';

/** The group the console reads with (PULL_MESSAGE needs one; nothing is committed for it). */
export const CONSOLE_CONSUMER_GROUP = 'orbit-console';
export const CONSOLE_PRODUCER_GROUP = 'orbit-console';

export function toMessageView(m: MessageExt, brokerName?: string): MessageView {
  return {
    topic: m.topic,
    brokerName,
    queueId: m.queueId,
    queueOffset: m.queueOffset,
    commitLogOffset: m.commitLogOffset,
    msgId: m.msgId,
    offsetMsgId: m.offsetMsgId,
    bornTimestamp: m.bornTimestamp,
    bornHost: m.bornHost,
    storeTimestamp: m.storeTimestamp,
    storeHost: m.storeHost,
    reconsumeTimes: m.reconsumeTimes,
    sysFlag: m.sysFlag,
    flag: m.flag,
    properties: m.properties,
    tags: m.properties[MessageConst.TAGS],
    keys: m.properties[MessageConst.KEYS],
    body: m.body,
  };
}

/** Broker name by address, from the cluster info. */
async function brokerNamesByAddr(ctx: AdminContext): Promise<Map<string, string>> {
  const info = await ctx.getBrokerClusterInfo();
  const out = new Map<string, string>();
  for (const b of Object.values(info.brokerAddrTable)) for (const addr of Object.values(b.brokerAddrs)) out.set(addr, b.brokerName);
  return out;
}

/**
 * VIEW_MESSAGE_BY_ID (33) at the store host encoded in an offset message id. Only asked of an address the
 * cluster knows (an id's host may be unreachable from here); null when the id is not an offset id of this cluster.
 */
export async function viewMessageByOffsetId(ctx: AdminContext, offsetMsgId: string): Promise<MessageView | null> {
  let decoded;
  try {
    decoded = decodeOffsetMsgId(offsetMsgId);
  } catch {
    return null;
  }
  const names = await brokerNamesByAddr(ctx);
  const brokerName = names.get(decoded.addr);
  if (brokerName === undefined) return null;
  const res = await ctx.invoke(decoded.addr, request(RequestCode.VIEW_MESSAGE_BY_ID, ViewMessageRequestHeader.encode({ offset: decoded.offset })));
  if (res.code !== ResponseCode.SUCCESS) return null;
  const [m] = decodeMessages(res.body);
  return m ? toMessageView(m, brokerName) : null;
}

/**
 * QUERY_MESSAGE (12) on each broker of the topic's route, merged and sorted by store time. Keeps messages
 * whose KEYS contain `key` (or, for a unique-key query, whose msgId is `key`), as Java does.
 */
export async function queryMessageByKey(
  ctx: AdminContext,
  topic: string,
  key: string,
  opts: { beginTimestamp?: number; endTimestamp?: number; maxNum?: number; uniqKey?: boolean } = {},
): Promise<MessageView[]> {
  const brokers = (await topicMastersOrNull(ctx, topic, true)) ?? [];
  const header = {
    ...QueryMessageRequestHeader.encode({
      topic,
      key,
      maxNum: opts.maxNum ?? 64,
      beginTimestamp: opts.beginTimestamp ?? 0,
      endTimestamp: opts.endTimestamp ?? Number.MAX_SAFE_INTEGER,
    }),
    ...(opts.uniqKey ? { _UNIQUE_KEY_QUERY: 'true' } : {}),
  };
  const parts = await onEachBroker(brokers, async (b) => {
    const res = await ctx.invoke(b.addr, request(RequestCode.QUERY_MESSAGE, { ...header }), Math.max(ctx.timeoutMs, 10_000));
    if (res.code === ResponseCode.QUERY_NOT_FOUND) return [];
    return decodeMessages(expectSuccess(res).body).map((m) => toMessageView(m, b.brokerName));
  });
  const seen = new Set<string>();
  const out: MessageView[] = [];
  for (const m of parts.flatMap((p) => p.value)) {
    const match = opts.uniqKey ? m.msgId === key : (m.keys ?? '').split(' ').includes(key);
    if (!match || m.topic !== topic || seen.has(m.offsetMsgId)) continue;
    seen.add(m.offsetMsgId);
    out.push(m);
  }
  return out.sort((a, b) => a.storeTimestamp - b.storeTimestamp);
}

/**
 * A message by id: an offset id is read at its store host; otherwise (or when that fails) the id is looked
 * up as a UNIQ_KEY in the topic's index, which needs the topic.
 */
export async function viewMessage(ctx: AdminContext, id: string, topic?: string): Promise<MessageView | null> {
  const byOffset = await viewMessageByOffsetId(ctx, id).catch(() => null);
  if (byOffset) return byOffset;
  if (!topic) return null;
  const t = /^[0-9A-Fa-f]{32}$/.test(id) ? uniqIdTimestamp(id) : null;
  const hits = await queryMessageByKey(ctx, topic, id, { uniqKey: true, beginTimestamp: t === null ? 0 : Math.max(0, t - 1000), maxNum: 32 });
  return hits[0] ?? null;
}

function pullStatus(code: number, remark?: string): PullResultView['status'] {
  switch (code) {
    case ResponseCode.SUCCESS:
      return 'FOUND';
    case ResponseCode.PULL_NOT_FOUND:
      return 'NO_NEW_MSG';
    case ResponseCode.PULL_RETRY_IMMEDIATELY:
      return 'NO_MATCHED_MSG';
    case ResponseCode.PULL_OFFSET_MOVED:
      return 'OFFSET_ILLEGAL';
    default:
      throw new BrokerError(code, remark);
  }
}

async function brokerAddrFor(ctx: AdminContext, topic: string, brokerName: string): Promise<string> {
  const fromRoute = await topicMastersOrNull(ctx, topic, true);
  const addr = (fromRoute ?? (await clusterMasters(ctx))).find((b) => b.brokerName === brokerName)?.addr;
  if (!addr) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `broker ${brokerName} does not serve ${topic}`);
  return addr;
}

/** PULL_MESSAGE (11) from one queue at `offset`: subscription "*" in the request, no suspend, no commit. */
export async function pullQueue(
  ctx: AdminContext,
  q: { topic: string; brokerName: string; queueId: number },
  offset: number,
  maxNums = 32,
  addr?: string,
): Promise<PullResultView> {
  const target = addr ?? (await brokerAddrFor(ctx, q.topic, q.brokerName));
  const header = PullMessageRequestHeader.encode({
    consumerGroup: CONSOLE_CONSUMER_GROUP,
    topic: q.topic,
    queueId: q.queueId,
    queueOffset: offset,
    maxMsgNums: maxNums,
    sysFlag: PullSysFlag.SUBSCRIPTION,
    commitOffset: 0,
    suspendTimeoutMillis: 0,
    subscription: '*',
    subVersion: 0,
    expressionType: 'TAG',
  });
  const res = await ctx.invoke(target, request(RequestCode.PULL_MESSAGE, header));
  const status = pullStatus(res.code, res.remark);
  const h = PullMessageResponseHeader.decode(res.extFields);
  return {
    status,
    nextBeginOffset: h.nextBeginOffset,
    minOffset: h.minOffset,
    maxOffset: h.maxOffset,
    messages: status === 'FOUND' ? decodeMessages(res.body).map((m) => toMessageView(m, q.brokerName)) : [],
  };
}

async function offsetOf(ctx: AdminContext, addr: string, code: number, ext: Record<string, string>): Promise<number> {
  return OffsetResponseHeader.decode(expectSuccess(await ctx.invoke(addr, request(code, ext))).extFields).offset;
}

/** SEARCH_OFFSET_BY_TIMESTAMP (29) of one queue at `addr`: the broker's offset for `timestamp` (ms), near the first message stored then. */
function queueOffsetAtTime(ctx: AdminContext, addr: string, topic: string, queueId: number, timestamp: number): Promise<number> {
  return offsetOf(ctx, addr, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, SearchOffsetRequestHeader.encode({ topic, queueId, timestamp }));
}

/** {@link queueOffsetAtTime} of one queue named by broker, at that broker's master. */
export async function searchOffsetByTime(ctx: AdminContext, q: { topic: string; brokerName: string; queueId: number }, timestamp: number): Promise<number> {
  return queueOffsetAtTime(ctx, await brokerAddrFor(ctx, q.topic, q.brokerName), q.topic, q.queueId, timestamp);
}

/** The readable queues of a topic's route, each with the address it is read at (master, else a slave). */
export async function readableQueues(ctx: AdminContext, topic: string): Promise<ReadableQueue[]> {
  const route = await ctx.getTopicRoute(topic);
  const queues: ReadableQueue[] = [];
  for (const b of routeMasters(route, true)) {
    const qd = route.queueDatas.find((d) => d.brokerName === b.brokerName);
    if (!qd || (qd.perm & 4) === 0) continue;
    for (let queueId = 0; queueId < qd.readQueueNums; queueId++) queues.push({ brokerName: b.brokerName, addr: b.addr, queueId });
  }
  return queues;
}

/** GET_MAX_OFFSET (30) of one queue at `addr`: the offset the next message will get. */
export function queueMaxOffset(ctx: AdminContext, addr: string, topic: string, queueId: number): Promise<number> {
  return offsetOf(ctx, addr, RequestCode.GET_MAX_OFFSET, GetMaxOffsetRequestHeader.encode({ topic, queueId }));
}

/**
 * Messages of a topic stored within [begin, end], newest first, at most `limit`: per readable queue,
 * SEARCH_OFFSET_BY_TIMESTAMP(begin) then pulls until past `end` (what the dashboard does).
 */
export async function searchMessagesByTime(ctx: AdminContext, topic: string, begin: number, end: number, limit = 500): Promise<{ messages: MessageView[]; truncated: boolean }> {
  const queues = await readableQueues(ctx, topic);
  const out: MessageView[] = [];
  let truncated = false;
  for (const q of queues) {
    const maxOffset = await queueMaxOffset(ctx, q.addr, topic, q.queueId);
    let offset = await queueOffsetAtTime(ctx, q.addr, topic, q.queueId, begin);
    // The search answers the closest entry; step back one so an earlier in-range neighbour is not missed.
    offset = Math.max(0, offset - 1);
    let done = false;
    while (!done && offset < maxOffset) {
      const r = await pullQueue(ctx, { topic, brokerName: q.brokerName, queueId: q.queueId }, offset, 32, q.addr);
      if (r.status !== 'FOUND') {
        if (r.status === 'OFFSET_ILLEGAL' && r.nextBeginOffset > offset) {
          offset = r.nextBeginOffset;
          continue;
        }
        break;
      }
      for (const m of r.messages) {
        if (m.storeTimestamp > end) {
          done = true;
          break;
        }
        if (m.storeTimestamp >= begin) out.push(m);
      }
      if (out.length >= limit * 2) {
        truncated = true;
        done = true;
      }
      if (r.nextBeginOffset <= offset) break;
      offset = r.nextBeginOffset;
    }
  }
  out.sort((a, b) => b.storeTimestamp - a.storeTimestamp);
  if (out.length > limit) truncated = true;
  return { messages: out.slice(0, limit), truncated };
}

let sendSeq = 0;

/** SEND_MESSAGE_V2 (310) to a writable queue of the topic (or of `brokerName`), waiting for the store. */
export async function sendMessage(ctx: AdminContext, input: SendMessageInput): Promise<SendResultView> {
  let targets: { brokerName: string; addr: string; writeQueueNums: number }[] = [];
  const masters = await topicMastersOrNull(ctx, input.topic);
  if (masters) {
    const route = await ctx.getTopicRoute(input.topic);
    targets = masters.flatMap((b) => {
      const qd = route.queueDatas.find((d) => d.brokerName === b.brokerName);
      return qd && (qd.perm & 2) !== 0 && qd.writeQueueNums > 0 ? [{ ...b, writeQueueNums: qd.writeQueueNums }] : [];
    });
  } else if (input.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
    // The broker creates a retry topic on its first send.
    targets = (await clusterMasters(ctx)).map((b) => ({ ...b, writeQueueNums: 1 }));
  }
  if (input.brokerName) targets = targets.filter((t) => t.brokerName === input.brokerName);
  if (targets.length === 0) throw new BrokerError(ResponseCode.TOPIC_NOT_EXIST, `no writable queue for topic ${input.topic}`);
  const seq = sendSeq++;
  const target = targets[seq % targets.length];
  const queueId = input.queueId ?? Math.floor(Math.random() * target.writeQueueNums);
  const uniq = input.properties?.[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? createUniqId();
  const props: Record<string, string> = {
    ...(input.properties ?? {}),
    ...(input.tags ? { [MessageConst.TAGS]: input.tags } : {}),
    ...(input.keys ? { [MessageConst.KEYS]: input.keys } : {}),
    [MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX]: uniq,
    [MessageConst.WAIT_STORE_MSG_OK]: 'true',
  };
  const isRetry = input.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
  if (isRetry) props[MessageConst.MAX_RECONSUME_TIMES] ??= String(input.maxReconsumeTimes ?? 16);
  const header = encodeSendMessageV2({
    producerGroup: input.producerGroup ?? CONSOLE_PRODUCER_GROUP,
    topic: input.topic,
    defaultTopic: 'TBW102',
    defaultTopicQueueNums: 4,
    queueId,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    flag: 0,
    properties: encodeProperties(props),
    reconsumeTimes: input.reconsumeTimes ?? 0,
    unitMode: false,
    batch: false,
    ...(isRetry ? { maxReconsumeTimes: Number(props[MessageConst.MAX_RECONSUME_TIMES]) } : {}),
  });
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  const res = expectSuccess(await ctx.invoke(target.addr, request(RequestCode.SEND_MESSAGE_V2, header, body)));
  const h = SendMessageResponseHeader.decode(res.extFields);
  return { msgId: uniq, offsetMsgId: h.msgId, brokerName: target.brokerName, queueId: h.queueId, queueOffset: h.queueOffset };
}

/** Properties the broker or the retry machinery set; a resent message starts without them. */
const SYSTEM_PROPERTIES = new Set<string>([
  MessageConst.DELAY_TIME_LEVEL,
  MessageConst.RETRY_TOPIC,
  MessageConst.REAL_TOPIC,
  MessageConst.REAL_QUEUE_ID,
  MessageConst.TRANSACTION_PREPARED,
  MessageConst.PRODUCER_GROUP,
  MessageConst.MIN_OFFSET,
  MessageConst.MAX_OFFSET,
  MessageConst.RECONSUME_TIME,
  MessageConst.MAX_RECONSUME_TIMES,
  MessageConst.CONSUME_START_TIMESTAMP,
  MessageConst.TRANSACTION_PREPARED_QUEUE_OFFSET,
  MessageConst.TRANSACTION_CHECK_TIMES,
  MessageConst.CLUSTER,
  MessageConst.WAIT_STORE_MSG_OK,
  MessageConst.MSG_REGION,
  MessageConst.TRACE_SWITCH,
]);

function isGroupTopic(t: string): boolean {
  return t.startsWith(RETRY_GROUP_TOPIC_PREFIX) || t.startsWith(DLQ_GROUP_TOPIC_PREFIX);
}

/**
 * The topic a retry or DLQ message was first sent to: RETRY_TOPIC, else REAL_TOPIC, else its own topic when
 * that is not a retry/DLQ topic. Null when it cannot be told.
 */
export function originalTopicOf(m: Pick<MessageView, 'topic' | 'properties'>): string | null {
  const retry = m.properties[MessageConst.RETRY_TOPIC];
  if (retry && !isGroupTopic(retry)) return retry;
  const real = m.properties[MessageConst.REAL_TOPIC];
  if (real && !isGroupTopic(real)) return real;
  return isGroupTopic(m.topic) ? null : m.topic;
}

/** The properties a resend carries: the user's, the same UNIQ_KEY and the id it came from. */
export function resendProperties(m: MessageView): Record<string, string> {
  const props: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.properties)) if (!SYSTEM_PROPERTIES.has(k)) props[k] = v;
  props[MessageConst.ORIGIN_MESSAGE_ID] ??= m.msgId;
  return props;
}

/**
 * Sends a stored message again: to its original topic (every group sees it), or to `%RETRY%<group>` with
 * RETRY_TOPIC set, so only that group consumes it again (under the original topic name).
 */
export async function resendMessage(ctx: AdminContext, m: MessageView, to: { group?: string } = {}): Promise<SendResultView & { topic: string }> {
  const original = originalTopicOf(m);
  const props = resendProperties(m);
  if (to.group) {
    const topic = RETRY_GROUP_TOPIC_PREFIX + to.group;
    props[MessageConst.RETRY_TOPIC] = original ?? m.topic;
    return { topic, ...(await sendMessage(ctx, { topic, body: m.body, properties: props })) };
  }
  if (!original) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `cannot tell the original topic of message ${m.msgId}`);
  return { topic: original, ...(await sendMessage(ctx, { topic: original, body: m.body, properties: props })) };
}

/**
 * CONSUME_MESSAGE_DIRECTLY (309): the store host relays the message to one online consumer of `group`
 * (the first connection when `clientId` is not given), which runs its listener once. Nothing is written.
 */
export async function consumeMessageDirectly(ctx: AdminContext, group: string, offsetMsgId: string, clientId?: string): Promise<ConsumeDirectlyResult> {
  const { addr } = decodeOffsetMsgId(offsetMsgId);
  let client = clientId;
  if (!client) {
    const conn = await examineConsumerConnection(ctx, group);
    client = conn?.connections[0]?.clientId;
    if (!client) throw new BrokerError(ResponseCode.CONSUMER_NOT_ONLINE, `no consumer of ${group} is online`);
  }
  const res = expectSuccess(
    await ctx.invoke(
      addr,
      request(RequestCode.CONSUME_MESSAGE_DIRECTLY, ConsumeMessageDirectlyResultRequestHeader.encode({ consumerGroup: group, clientId: client, msgId: offsetMsgId })),
      15_000,
    ),
  );
  const o = res.body?.length ? decodeJavaBody(res.body) : {};
  return {
    order: o.order === true,
    autoCommit: o.autoCommit !== false,
    consumeResult: String(o.consumeResult ?? ''),
    remark: String(o.remark ?? ''),
    spentTimeMills: Number(o.spentTimeMills ?? 0),
  };
}

/**
 * {@link queueOffsetAtTime} of every readable queue of a topic: per queue, the offset a reset to `timestamp`
 * moves to (the broker's own search, the one INVOKE_BROKER_TO_RESET_OFFSET uses).
 */
export async function searchOffsetsByTime(ctx: AdminContext, topic: string, timestamp: number): Promise<{ brokerName: string; queueId: number; offset: number }[]> {
  return mapLimit(await readableQueues(ctx, topic), 8, async (q) => ({
    brokerName: q.brokerName,
    queueId: q.queueId,
    offset: await queueOffsetAtTime(ctx, q.addr, topic, q.queueId, timestamp),
  }));
}
