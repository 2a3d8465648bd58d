/**
 * Consumer and producer group administration: group list, consume stats with lag, connections, running
 * info, subscription group config, and offset reset (INVOKE_BROKER_TO_RESET_OFFSET with the offline fallback
 * Apache's dashboard uses).
 */
import { BrokerError } from '../../common/errors';
import {
  decodeConsumeStats,
  decodeConsumerConnection,
  decodeProducerConnection,
  decodeResetOffsetBody,
  decodeSubscriptionGroupWrapper,
  type ConsumeStats,
} from '../../remoting/body/admin-data';
import { decodeJavaBody, encodeJavaBody } from '../../remoting/fastjson';
import { QueryConsumerOffsetRequestHeader, QueryConsumerOffsetResponseHeader, UpdateConsumerOffsetRequestHeader } from '../../remoting/header/consumer-offset';
import { GetConsumerRunningInfoRequestHeader, ResetOffsetRequestHeader } from '../../remoting/header/consumer-relay';
import {
  DeleteSubscriptionGroupRequestHeader,
  GetConsumeStatsRequestHeader,
  GetConsumerConnectionListRequestHeader,
  GetProducerConnectionListRequestHeader,
} from '../../remoting/header/group-admin';
import { GetMaxOffsetRequestHeader, OffsetResponseHeader, SearchOffsetRequestHeader } from '../../remoting/header/queue-offset';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import {
  clusterMasters,
  expectSuccess,
  onEachBroker,
  request,
  routeMasters,
  topicMastersOrNull,
  type AdminContext,
  type BrokerRef,
} from './admin-context';
import type {
  AdminTarget,
  ClientConnection,
  ConsumerConnectionView,
  GroupConsumeStats,
  GroupSummary,
  QueueConsumeStats,
  ResetOffsetResult,
  SubscriptionGroupView,
} from './types';

export const RETRY_GROUP_TOPIC_PREFIX = '%RETRY%';
export const DLQ_GROUP_TOPIC_PREFIX = '%DLQ%';

/** Brokers that may hold a group's state: the route of its retry topic, else every master. */
async function groupBrokers(ctx: AdminContext, group: string): Promise<BrokerRef[]> {
  const fromRetry = await topicMastersOrNull(ctx, RETRY_GROUP_TOPIC_PREFIX + group);
  return fromRetry && fromRetry.length ? fromRetry : clusterMasters(ctx);
}

/** GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) on every master, as one list of groups. */
export async function listGroups(ctx: AdminContext): Promise<GroupSummary[]> {
  const parts = await onEachBroker(await clusterMasters(ctx), async (b) =>
    decodeSubscriptionGroupWrapper(expectSuccess(await ctx.invoke(b.addr, request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG))).body),
  );
  const byGroup = new Map<string, GroupSummary>();
  for (const { broker, value } of parts) {
    for (const [name, config] of Object.entries(value)) {
      const g = byGroup.get(name);
      if (g) g.brokerNames.push(broker.brokerName);
      else byGroup.set(name, { group: name, brokerNames: [broker.brokerName], config });
    }
  }
  return [...byGroup.values()].sort((a, b) => a.group.localeCompare(b.group));
}

/** Merges ConsumeStats of several brokers: rows per queue with lag, total diff and summed TPS. */
export function mergeConsumeStats(group: string, parts: { brokerName: string; stats: ConsumeStats }[]): GroupConsumeStats {
  const queues: QueueConsumeStats[] = [];
  let consumeTps = 0;
  for (const p of parts) {
    consumeTps += p.stats.consumeTps;
    for (const [mq, o] of p.stats.offsetTable) {
      queues.push({
        topic: mq.topic,
        brokerName: mq.brokerName || p.brokerName,
        queueId: mq.queueId,
        brokerOffset: o.brokerOffset,
        consumerOffset: o.consumerOffset,
        lag: Math.max(0, o.brokerOffset - o.consumerOffset),
        lastTimestamp: o.lastTimestamp,
      });
    }
  }
  queues.sort((a, b) => a.topic.localeCompare(b.topic) || a.brokerName.localeCompare(b.brokerName) || a.queueId - b.queueId);
  return { group, consumeTps, totalDiff: queues.reduce((n, q) => n + q.lag, 0), queues };
}

/** GET_CONSUME_STATS (208) on the group's brokers, merged. A group with no offsets anywhere has no rows. */
export async function examineConsumeStats(ctx: AdminContext, group: string, topic?: string): Promise<GroupConsumeStats> {
  const brokers = await groupBrokers(ctx, group);
  const header = GetConsumeStatsRequestHeader.encode({ consumerGroup: group, ...(topic ? { topic } : {}) });
  const parts = await onEachBroker(brokers, async (b) => {
    const res = await ctx.invoke(b.addr, request(RequestCode.GET_CONSUME_STATS, { ...header }));
    if (res.code === ResponseCode.CONSUMER_NOT_ONLINE || (res.code === ResponseCode.SUCCESS && !res.body?.length)) {
      return { consumeTps: 0, offsetTable: [] } satisfies ConsumeStats;
    }
    return decodeConsumeStats(expectSuccess(res).body);
  });
  return mergeConsumeStats(group, parts.map((p) => ({ brokerName: p.broker.brokerName, stats: p.value })));
}

/**
 * GET_CONSUMER_CONNECTION_LIST (203) on the group's brokers; connections merged by client id.
 * Null when no consumer of the group is online (CONSUMER_NOT_ONLINE everywhere).
 */
export async function examineConsumerConnection(ctx: AdminContext, group: string): Promise<(ConsumerConnectionView & { brokerAddrs: Record<string, string> }) | null> {
  const brokers = await groupBrokers(ctx, group);
  const parts = await onEachBroker(brokers, async (b) => {
    const res = await ctx.invoke(b.addr, request(RequestCode.GET_CONSUMER_CONNECTION_LIST, GetConsumerConnectionListRequestHeader.encode({ consumerGroup: group })));
    if (res.code === ResponseCode.CONSUMER_NOT_ONLINE) return null;
    return decodeConsumerConnection(expectSuccess(res).body);
  });
  const online = parts.filter((p) => p.value !== null);
  if (online.length === 0) return null;
  const connections = new Map<string, ClientConnection>();
  const brokerAddrs: Record<string, string> = {};
  const subscriptions = new Map<string, { topic: string; expression: string; expressionType: string }>();
  for (const p of online) {
    const c = p.value!;
    for (const conn of c.connectionSet) {
      if (!connections.has(conn.clientId)) connections.set(conn.clientId, conn);
      brokerAddrs[conn.clientId] ??= p.broker.addr;
    }
    for (const [t, s] of Object.entries(c.subscriptionTable)) subscriptions.set(t, { topic: t, expression: s.subString, expressionType: s.expressionType });
  }
  const first = online[0].value!;
  return {
    connections: [...connections.values()].sort((a, b) => a.clientId.localeCompare(b.clientId)),
    subscriptions: [...subscriptions.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
    consumeType: first.consumeType,
    messageModel: first.messageModel,
    consumeFromWhere: first.consumeFromWhere,
    brokerAddrs,
  };
}

/** GET_CONSUMER_RUNNING_INFO (307), relayed by a broker the client is connected to. The body as parsed JSON. */
export async function getConsumerRunningInfo(ctx: AdminContext, group: string, clientId: string, jstack = false): Promise<unknown> {
  const conn = await examineConsumerConnection(ctx, group);
  const addr = conn?.brokerAddrs[clientId];
  if (!addr) throw new BrokerError(ResponseCode.CONSUMER_NOT_ONLINE, `the consumer ${group} ${clientId} is not online`);
  const res = expectSuccess(
    await ctx.invoke(
      addr,
      request(RequestCode.GET_CONSUMER_RUNNING_INFO, GetConsumerRunningInfoRequestHeader.encode({ consumerGroup: group, clientId, jstackEnable: jstack })),
      Math.max(ctx.timeoutMs, 12_000),
    ),
  );
  return res.body?.length ? decodeJavaBody(res.body) : null;
}

/** GET_PRODUCER_CONNECTION_LIST (204) on every master; an unknown group (SYSTEM_ERROR) reads as no connection. */
export async function examineProducerConnection(ctx: AdminContext, group: string): Promise<ClientConnection[]> {
  const parts = await onEachBroker(await clusterMasters(ctx), async (b) => {
    const res = await ctx.invoke(b.addr, request(RequestCode.GET_PRODUCER_CONNECTION_LIST, GetProducerConnectionListRequestHeader.encode({ producerGroup: group })));
    if (res.code === ResponseCode.SYSTEM_ERROR) return [];
    return decodeProducerConnection(expectSuccess(res).body);
  });
  const byId = new Map<string, ClientConnection>();
  for (const p of parts) for (const c of p.value) if (!byId.has(c.clientId)) byId.set(c.clientId, c);
  return [...byId.values()].sort((a, b) => a.clientId.localeCompare(b.clientId));
}

/** UPDATE_CONSUMER_OFFSET (15), synchronously, on the master of the queue's broker (MQAdminExt.updateConsumeOffset). */
export async function updateConsumerOffset(ctx: AdminContext, group: string, mq: { topic: string; brokerName: string; queueId: number }, offset: number): Promise<void> {
  const masters = (await topicMastersOrNull(ctx, mq.topic)) ?? (await clusterMasters(ctx));
  const b = masters.find((m) => m.brokerName === mq.brokerName);
  if (!b) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `no master for broker ${mq.brokerName}`);
  expectSuccess(
    await ctx.invoke(
      b.addr,
      request(RequestCode.UPDATE_CONSUMER_OFFSET, UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic: mq.topic, queueId: mq.queueId, commitOffset: offset })),
    ),
  );
}

/** QUERY_CONSUMER_OFFSET (14) on the queue's master: the group's committed offset, or null when it has none. */
export async function queryConsumerOffset(ctx: AdminContext, group: string, mq: { topic: string; brokerName: string; queueId: number }): Promise<number | null> {
  const masters = (await topicMastersOrNull(ctx, mq.topic)) ?? (await clusterMasters(ctx));
  const b = masters.find((m) => m.brokerName === mq.brokerName);
  if (!b) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `no master for broker ${mq.brokerName}`);
  const res = await ctx.invoke(b.addr, request(RequestCode.QUERY_CONSUMER_OFFSET, QueryConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic: mq.topic, queueId: mq.queueId })));
  if (res.code === ResponseCode.QUERY_NOT_FOUND) return null;
  return QueryConsumerOffsetResponseHeader.decode(expectSuccess(res).extFields).offset;
}

/** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200) on every target master. */
export async function createOrUpdateSubscriptionGroup(ctx: AdminContext, config: SubscriptionGroupView, target: AdminTarget = {}): Promise<BrokerRef[]> {
  const brokers = target.brokerAddr ? [{ brokerName: '', addr: target.brokerAddr }] : await clusterMasters(ctx, target.clusterName);
  if (brokers.length === 0) throw new BrokerError(ResponseCode.SYSTEM_ERROR, 'no master broker to write to');
  const body = encodeJavaBody({ ...config });
  for (const b of brokers) expectSuccess(await ctx.invoke(b.addr, request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, undefined, body)));
  return brokers;
}

/** DELETE_SUBSCRIPTIONGROUP (207) on every target master. */
export async function deleteSubscriptionGroup(ctx: AdminContext, group: string, target: AdminTarget = {}, removeOffset = true): Promise<void> {
  const brokers = target.brokerAddr ? [{ brokerName: '', addr: target.brokerAddr }] : await clusterMasters(ctx, target.clusterName);
  for (const b of brokers) {
    expectSuccess(await ctx.invoke(b.addr, request(RequestCode.DELETE_SUBSCRIPTIONGROUP, DeleteSubscriptionGroupRequestHeader.encode({ groupName: group, removeOffset }))));
  }
}

async function offsetCall(ctx: AdminContext, addr: string, code: number, ext: Record<string, string>): Promise<number> {
  return OffsetResponseHeader.decode(expectSuccess(await ctx.invoke(addr, request(code, ext))).extFields).offset;
}

/**
 * The "old" reset for an offline group, per queue of the topic on one broker: SEARCH_OFFSET_BY_TIMESTAMP
 * (or GET_MAX_OFFSET for −1), then a synchronous UPDATE_CONSUMER_OFFSET. Without `force`, an offset only
 * moves back, as Apache does.
 */
async function resetOffline(ctx: AdminContext, b: BrokerRef, group: string, topic: string, timestamp: number, force: boolean, readQueueNums: number) {
  const current = new Map<number, number>();
  const statsRes = await ctx.invoke(b.addr, request(RequestCode.GET_CONSUME_STATS, GetConsumeStatsRequestHeader.encode({ consumerGroup: group, topic })));
  if (statsRes.code === ResponseCode.SUCCESS && statsRes.body?.length) {
    for (const [mq, o] of decodeConsumeStats(statsRes.body).offsetTable) if (mq.topic === topic) current.set(mq.queueId, o.consumerOffset);
  }
  const out: ResetOffsetResult['offsets'] = [];
  for (let queueId = 0; queueId < readQueueNums; queueId++) {
    const target =
      timestamp < 0
        ? await offsetCall(ctx, b.addr, RequestCode.GET_MAX_OFFSET, GetMaxOffsetRequestHeader.encode({ topic, queueId }))
        : await offsetCall(ctx, b.addr, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, SearchOffsetRequestHeader.encode({ topic, queueId, timestamp }));
    const cur = current.get(queueId);
    const offset = force || cur === undefined || target < cur ? target : cur;
    expectSuccess(
      await ctx.invoke(
        b.addr,
        request(RequestCode.UPDATE_CONSUMER_OFFSET, UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic, queueId, commitOffset: offset })),
      ),
    );
    out.push({ topic, brokerName: b.brokerName, queueId, offset });
  }
  return out;
}

/**
 * Resets a group's offsets on a topic to the first message stored at or after `timestamp` (ms; −1 = the
 * end, i.e. skip the backlog). INVOKE_BROKER_TO_RESET_OFFSET (222) on each master of the topic; a broker
 * answering CONSUMER_NOT_ONLINE gets the offline reset instead.
 */
export async function resetOffsetByTime(ctx: AdminContext, group: string, topic: string, timestamp: number, force = true): Promise<ResetOffsetResult> {
  const route = await ctx.getTopicRoute(topic);
  const masters = routeMasters(route);
  let method: ResetOffsetResult['method'] = 'broker';
  const offsets: ResetOffsetResult['offsets'] = [];
  for (const b of masters) {
    const res = await ctx.invoke(
      b.addr,
      request(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, ResetOffsetRequestHeader.encode({ topic, group, timestamp, isForce: force })),
    );
    if (res.code === ResponseCode.CONSUMER_NOT_ONLINE) {
      method = 'offline';
      const q = route.queueDatas.find((d) => d.brokerName === b.brokerName);
      offsets.push(...(await resetOffline(ctx, b, group, topic, timestamp, force, q?.readQueueNums ?? 0)));
      continue;
    }
    expectSuccess(res);
    if (res.body?.length) {
      for (const [mq, offset] of decodeResetOffsetBody(res.body)) offsets.push({ topic: mq.topic, brokerName: mq.brokerName || b.brokerName, queueId: mq.queueId, offset });
    }
  }
  offsets.sort((a, b) => a.brokerName.localeCompare(b.brokerName) || a.queueId - b.queueId);
  return { method, offsets };
}

/** Skip the backlog: reset to the end, on one topic or every topic the group has offsets for (retry topic excluded). */
export async function skipBacklog(ctx: AdminContext, group: string, topic?: string): Promise<ResetOffsetResult> {
  const topics = topic
    ? [topic]
    : [...new Set((await examineConsumeStats(ctx, group)).queues.map((q) => q.topic))].filter((t) => !t.startsWith(RETRY_GROUP_TOPIC_PREFIX));
  const all: ResetOffsetResult = { method: 'broker', offsets: [] };
  for (const t of topics) {
    const r = await resetOffsetByTime(ctx, group, t, -1, true);
    if (r.method === 'offline') all.method = 'offline';
    all.offsets.push(...r.offsets);
  }
  return all;
}
