/** Topic administration: create/update, delete, list with config, per-queue stats, consuming groups. */
import { BrokerError, ClientError } from '../../common/errors';
import { decodeGroupList, decodeTopicConfigWrapper, decodeTopicStatsTable } from '../../remoting/body/admin-data';
import { decodeTopicList } from '../../remoting/body/route-data';
import { PutKVConfigRequestHeader } from '../../remoting/header/kv-config';
import { DeleteTopicFromNamesrvRequestHeader } from '../../remoting/header/topic-header';
import { CreateTopicRequestHeader, DeleteTopicRequestHeader, GetTopicStatsInfoRequestHeader, QueryTopicConsumeByWhoRequestHeader } from '../../remoting/header/topic-admin';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import {
  clusterMasters,
  expectSuccess,
  onEachBroker,
  request,
  topicMastersOrNull,
  type AdminContext,
  type BrokerRef,
} from './admin-context';
import type { AdminTarget, QueueStats, TopicConfigInput, TopicConfigView, TopicSummary } from './types';

/** The broker's rule (TopicValidator): characters and length. */
export const TOPIC_NAME_PATTERN = /^[%|a-zA-Z0-9_-]+$/;
export const TOPIC_MAX_LENGTH = 127;

export function validateTopicName(topic: string): string | null {
  if (!topic) return 'the topic name is empty';
  if (topic.length > TOPIC_MAX_LENGTH) return `the topic name is longer than ${TOPIC_MAX_LENGTH} characters`;
  if (!TOPIC_NAME_PATTERN.test(topic)) return 'the topic name may contain only letters, digits, %, |, _ and -';
  return null;
}

async function targetBrokers(ctx: AdminContext, target: AdminTarget): Promise<BrokerRef[]> {
  if (target.brokerAddr) return [{ brokerName: '', addr: target.brokerAddr }];
  const brokers = await clusterMasters(ctx, target.clusterName);
  if (brokers.length === 0) throw new BrokerError(ResponseCode.SYSTEM_ERROR, 'no master broker to write to');
  return brokers;
}

/** UPDATE_AND_CREATE_TOPIC (17) on every target master; an ordered topic also gets its ORDER_TOPIC_CONFIG entry. */
export async function createOrUpdateTopic(ctx: AdminContext, cfg: TopicConfigInput, target: AdminTarget = {}): Promise<BrokerRef[]> {
  const bad = validateTopicName(cfg.topic);
  if (bad) throw new ClientError('BAD_TOPIC_NAME', bad);
  const brokers = await targetBrokers(ctx, target);
  const header = CreateTopicRequestHeader.encode({
    topic: cfg.topic,
    defaultTopic: 'TBW102',
    readQueueNums: cfg.readQueueNums,
    writeQueueNums: cfg.writeQueueNums,
    perm: cfg.perm,
    topicFilterType: 'SINGLE_TAG',
    topicSysFlag: 0,
    order: cfg.order ?? false,
    ...(cfg.attributes ? { attributes: cfg.attributes } : {}),
  });
  for (const b of brokers) expectSuccess(await ctx.invoke(b.addr, request(RequestCode.UPDATE_AND_CREATE_TOPIC, { ...header })));
  if (cfg.order && brokers.every((b) => b.brokerName)) {
    const value = brokers.map((b) => `${b.brokerName}:${cfg.writeQueueNums}`).join(';');
    expectSuccess(
      await ctx.invokeNamesrv(() =>
        request(RequestCode.PUT_KV_CONFIG, PutKVConfigRequestHeader.encode({ namespace: 'ORDER_TOPIC_CONFIG', key: cfg.topic, value })),
      ),
    );
  }
  return brokers;
}

/** DELETE_TOPIC_IN_BROKER (215) on the masters serving it (and those of `clusterName`), then DELETE_TOPIC_IN_NAMESRV (216) on every name server. */
export async function deleteTopic(ctx: AdminContext, topic: string, clusterName?: string): Promise<void> {
  const fromRoute = (await topicMastersOrNull(ctx, topic)) ?? [];
  const fromCluster = clusterName ? await clusterMasters(ctx, clusterName) : [];
  const addrs = [...new Set([...fromRoute, ...fromCluster].map((b) => b.addr))];
  for (const addr of addrs) {
    expectSuccess(await ctx.invoke(addr, request(RequestCode.DELETE_TOPIC_IN_BROKER, DeleteTopicRequestHeader.encode({ topic }))));
  }
  const header = DeleteTopicFromNamesrvRequestHeader.encode({ topic, ...(clusterName ? { clusterName } : {}) });
  for (const addr of ctx.namesrvAddrs) {
    expectSuccess(await ctx.invoke(addr, request(RequestCode.DELETE_TOPIC_IN_NAMESRV, { ...header })));
  }
}

/** GET_ALL_TOPIC_CONFIG (21) of one broker; an empty table (SYSTEM_ERROR on Apache) reads as none. */
export async function getAllTopicConfig(ctx: AdminContext, addr: string): Promise<Record<string, TopicConfigView>> {
  const res = await ctx.invoke(addr, request(RequestCode.GET_ALL_TOPIC_CONFIG));
  if (res.code !== ResponseCode.SUCCESS) {
    if (res.code === ResponseCode.SYSTEM_ERROR && !res.body) return {};
    throw new BrokerError(res.code, res.remark);
  }
  const table = decodeTopicConfigWrapper(res.body).topicConfigTable;
  const out: Record<string, TopicConfigView> = {};
  for (const [name, c] of Object.entries(table)) {
    out[name] = {
      topicName: name,
      readQueueNums: c.readQueueNums,
      writeQueueNums: c.writeQueueNums,
      perm: c.perm,
      order: !!c.order,
      topicSysFlag: c.topicSysFlag ?? 0,
    };
  }
  return out;
}

/** Every topic the name server lists, plus any a master holds, each with its config per broker. */
export async function listTopicsWithConfig(ctx: AdminContext): Promise<TopicSummary[]> {
  const [names, masters] = await Promise.all([
    ctx.invokeNamesrv(() => request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).then((r) => decodeTopicList(expectSuccess(r).body).topicList),
    clusterMasters(ctx),
  ]);
  const configs = await onEachBroker(masters, (b) => getAllTopicConfig(ctx, b.addr));
  const byTopic = new Map<string, TopicSummary>();
  for (const t of names) byTopic.set(t, { topic: t, configs: [] });
  for (const { broker, value } of configs) {
    for (const [t, c] of Object.entries(value)) {
      let s = byTopic.get(t);
      if (!s) byTopic.set(t, (s = { topic: t, configs: [] }));
      s.configs.push({ brokerName: broker.brokerName, config: c });
    }
  }
  return [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}

/** Merges TopicStatsTables of several brokers into rows sorted by broker and queue. */
export function mergeTopicStats(parts: { brokerName: string; entries: ReturnType<typeof decodeTopicStatsTable> }[]): QueueStats[] {
  const rows: QueueStats[] = [];
  for (const p of parts) {
    for (const [mq, o] of p.entries) {
      rows.push({ brokerName: mq.brokerName || p.brokerName, queueId: mq.queueId, minOffset: o.minOffset, maxOffset: o.maxOffset, lastUpdateTimestamp: o.lastUpdateTimestamp });
    }
  }
  return rows.sort((a, b) => a.brokerName.localeCompare(b.brokerName) || a.queueId - b.queueId);
}

/** GET_TOPIC_STATS_INFO (202) from every master of the route. Throws TOPIC_NOT_EXIST when there is no route. */
export async function examineTopicStats(ctx: AdminContext, topic: string): Promise<QueueStats[]> {
  const fromRoute = await topicMastersOrNull(ctx, topic, true);
  // A topic a broker holds but has not registered yet (a fresh retry/DLQ topic) is still asked of every master.
  const masters = fromRoute ?? (await clusterMasters(ctx));
  const parts = await onEachBroker(masters, async (b) => {
    const res = await ctx.invoke(b.addr, request(RequestCode.GET_TOPIC_STATS_INFO, GetTopicStatsInfoRequestHeader.encode({ topic })));
    if (!fromRoute && res.code === ResponseCode.TOPIC_NOT_EXIST) return null;
    return decodeTopicStatsTable(expectSuccess(res).body);
  });
  const found = parts.filter((p) => p.value !== null);
  if (!fromRoute && found.length === 0) throw new BrokerError(ResponseCode.TOPIC_NOT_EXIST, `no broker serves topic ${topic}`);
  return mergeTopicStats(found.map((p) => ({ brokerName: p.broker.brokerName, entries: p.value! })));
}

/** Sum of max offsets of a topic (its depth), 0 when the topic has no route. */
export async function topicDepth(ctx: AdminContext, topic: string): Promise<number> {
  try {
    return (await examineTopicStats(ctx, topic)).reduce((n, q) => n + q.maxOffset - q.minOffset, 0);
  } catch (err) {
    if (err instanceof BrokerError && err.responseCode === ResponseCode.TOPIC_NOT_EXIST) return 0;
    throw err;
  }
}

/** QUERY_TOPIC_CONSUME_BY_WHO (300) on every master of the route, merged. */
export async function queryTopicConsumeByWho(ctx: AdminContext, topic: string): Promise<string[]> {
  const masters = (await topicMastersOrNull(ctx, topic, true)) ?? [];
  const parts = await onEachBroker(masters, async (b) => {
    const res = expectSuccess(await ctx.invoke(b.addr, request(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, QueryTopicConsumeByWhoRequestHeader.encode({ topic }))));
    return res.body?.length ? decodeGroupList(res.body) : [];
  });
  return [...new Set(parts.flatMap((p) => p.value))].sort();
}
