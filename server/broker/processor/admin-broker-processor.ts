/**
 * Administration and introspection codes (Apache's AdminBrokerProcessor): topics, subscription groups,
 * queue offsets, runtime info and stats, connections, consume stats, offset reset, queue locks, and the
 * relays to a consumer client (running info, consume directly).
 */
import path from 'node:path';
import { decodeMessage } from '../../common/message/message-decoder';
import { decodeOffsetMsgId } from '../../common/message/message-id';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RequestProcessor } from '../../remoting/processor-table';
import { decodeJavaBody, encodeJavaBody } from '../../remoting/fastjson';
import {
  decodeLockBatchRequest,
  encodeLockBatchResponse,
  type MessageQueue,
} from '../../remoting/body/heartbeat';
import {
  encodeConsumeStats,
  encodeConsumerConnection,
  encodeGroupList,
  encodeKVTableBody,
  encodeProducerConnection,
  encodeResetOffsetBody,
  encodeSubscriptionGroupWrapper,
  encodeTopicConfigWrapper,
  encodeTopicStatsTable,
  subscriptionGroupFromJava,
  type OffsetWrapper,
  type TopicOffset,
} from '../../remoting/body/admin-data';
import { encodeTopicList, type TopicConfig } from '../../remoting/body/route-data';
import { CloneGroupOffsetRequestHeader, QueryBrokerOffsetResponseHeader, QueryConsumeTimeSpanRequestHeader } from '../../remoting/header/consume-time-span';
import { GetBrokerConfigResponseHeader, ViewBrokerStatsDataRequestHeader } from '../../remoting/header/broker-config';
import {
  ConsumeMessageDirectlyResultRequestHeader,
  GetConsumerRunningInfoRequestHeader,
  ResetOffsetRequestHeader,
} from '../../remoting/header/consumer-relay';
import {
  DeleteSubscriptionGroupRequestHeader,
  GetConsumeStatsRequestHeader,
  GetConsumerConnectionListRequestHeader,
  GetProducerConnectionListRequestHeader,
} from '../../remoting/header/group-admin';
import {
  GetEarliestMsgStoretimeRequestHeader,
  GetEarliestMsgStoretimeResponseHeader,
  GetMaxOffsetRequestHeader,
  GetMinOffsetRequestHeader,
  OffsetResponseHeader,
  SearchOffsetRequestHeader,
} from '../../remoting/header/queue-offset';
import {
  CreateTopicRequestHeader,
  DeleteTopicRequestHeader,
  GetTopicStatsInfoRequestHeader,
  QueryTopicConsumeByWhoRequestHeader,
} from '../../remoting/header/topic-admin';
import { brokerConfigToProperties, parseBrokerConfig, parsePropertiesText } from '../broker-config';
import { recordsForClient } from '../../store/record-codec';
import type { BrokerContext } from '../broker-context';
import { StatsName } from '../stats/broker-stats';
import { AUTO_CREATE_TOPIC_KEY_TOPIC, isSystemTopic, validateTopic } from '../topic/topic-validator';
import { applyTopicAttributes } from '../topic/topic-attributes';

export const ADMIN_BROKER_CODES = [
  RequestCode.UPDATE_AND_CREATE_TOPIC,
  RequestCode.DELETE_TOPIC_IN_BROKER,
  RequestCode.GET_ALL_TOPIC_CONFIG,
  RequestCode.UPDATE_BROKER_CONFIG,
  RequestCode.GET_BROKER_CONFIG,
  RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
  RequestCode.GET_MAX_OFFSET,
  RequestCode.GET_MIN_OFFSET,
  RequestCode.GET_EARLIEST_MSG_STORETIME,
  RequestCode.GET_BROKER_RUNTIME_INFO,
  RequestCode.LOCK_BATCH_MQ,
  RequestCode.UNLOCK_BATCH_MQ,
  RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
  RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
  RequestCode.DELETE_SUBSCRIPTIONGROUP,
  RequestCode.GET_TOPIC_STATS_INFO,
  RequestCode.GET_CONSUMER_CONNECTION_LIST,
  RequestCode.GET_PRODUCER_CONNECTION_LIST,
  RequestCode.GET_CONSUME_STATS,
  RequestCode.GET_ALL_CONSUMER_OFFSET,
  RequestCode.GET_ALL_DELAY_OFFSET,
  RequestCode.INVOKE_BROKER_TO_RESET_OFFSET,
  RequestCode.QUERY_TOPIC_CONSUME_BY_WHO,
  RequestCode.GET_CONSUMER_RUNNING_INFO,
  RequestCode.CONSUME_MESSAGE_DIRECTLY,
  RequestCode.VIEW_BROKER_STATS_DATA,
  RequestCode.CLEAN_EXPIRED_CONSUMEQUEUE,
  RequestCode.CLEAN_UNUSED_TOPIC,
  RequestCode.QUERY_BROKER_OFFSET,
  RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER,
  RequestCode.QUERY_CONSUME_TIME_SPAN,
  RequestCode.CLONE_GROUP_OFFSET,
] as const;

const CLIENT_RELAY_TIMEOUT_MS = 5000;

export class AdminBrokerProcessor implements RequestProcessor {
  constructor(
    private readonly ctx: BrokerContext,
    /** The delay service's progress, as delayOffset.json holds it. */
    private readonly delayOffsetJson: () => string = () => '{"offsetTable":{}}',
  ) {}

  async handle(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand> {
    const ok = (ext?: Record<string, string>, body?: Buffer) => RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, ext, body);
    const fail = (code: number, remark: string) => RemotingCommand.responseTo(req, code, remark);
    const c = this.ctx;
    switch (req.code) {
      case RequestCode.UPDATE_AND_CREATE_TOPIC: {
        const h = CreateTopicRequestHeader.decode(req.extFields);
        const invalid = validateTopic(h.topic);
        if (invalid) return fail(ResponseCode.SYSTEM_ERROR, invalid);
        if (h.topic === c.config.brokerClusterName || h.topic === AUTO_CREATE_TOPIC_KEY_TOPIC) {
          return fail(ResponseCode.SYSTEM_ERROR, `The topic[${h.topic}] is conflict with system reserved words.`);
        }
        if (h.readQueueNums < 0 || h.writeQueueNums < 0 || h.readQueueNums > 1024 || h.writeQueueNums > 1024) {
          return fail(ResponseCode.SYSTEM_ERROR, `queue numbers must be within 0..1024 (read ${h.readQueueNums}, write ${h.writeQueueNums})`);
        }
        let attributes: Record<string, string>;
        try {
          const existing = c.topics.get(h.topic);
          attributes = applyTopicAttributes(existing?.attributes, h.attributes, !existing);
        } catch (err) {
          return fail(ResponseCode.SYSTEM_ERROR, (err as Error).message);
        }
        const tc: TopicConfig = {
          topicName: h.topic,
          readQueueNums: h.readQueueNums,
          writeQueueNums: h.writeQueueNums,
          perm: h.perm,
          topicFilterType: h.topicFilterType === 'MULTI_TAG' ? 'MULTI_TAG' : 'SINGLE_TAG',
          topicSysFlag: h.topicSysFlag ?? 0,
          order: h.order,
          ...(Object.keys(attributes).length ? { attributes } : {}),
        };
        c.topics.update(tc);
        return ok();
      }
      case RequestCode.DELETE_TOPIC_IN_BROKER: {
        const h = DeleteTopicRequestHeader.decode(req.extFields);
        c.topics.delete(h.topic);
        c.offsets.removeTopic(h.topic);
        await c.store.deleteTopics([h.topic]);
        return ok();
      }
      case RequestCode.GET_ALL_TOPIC_CONFIG:
        return ok(undefined, encodeTopicConfigWrapper(c.topics.getDataVersion(), Object.fromEntries(c.topics.all())));
      case RequestCode.UPDATE_BROKER_CONFIG: {
        const props = parsePropertiesText(req.body?.toString('utf8') ?? '');
        try {
          const merged = parseBrokerConfig({ ...configRecord(c.config), ...props });
          // Only settings that are safe to change live are applied; the rest wait for a restart.
          Object.assign(c.config.extra, merged.extra);
          for (const k of LIVE_KEYS) {
            if (k in props) (c.config as unknown as Record<string, unknown>)[k] = (merged as unknown as Record<string, unknown>)[k];
          }
        } catch (err) {
          return fail(ResponseCode.SYSTEM_ERROR, (err as Error).message);
        }
        return ok();
      }
      case RequestCode.GET_BROKER_CONFIG: {
        const version = JSON.stringify(c.topics.getDataVersion());
        return ok(GetBrokerConfigResponseHeader.encode({ version }), Buffer.from(brokerConfigToProperties(c.config)));
      }
      case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP: {
        const h = SearchOffsetRequestHeader.decode(req.extFields);
        const offset = await c.store.getOffsetInQueueByTime(h.topic, h.queueId, h.timestamp);
        return ok(OffsetResponseHeader.encode({ offset }));
      }
      case RequestCode.GET_MAX_OFFSET: {
        const h = GetMaxOffsetRequestHeader.decode(req.extFields);
        return ok(OffsetResponseHeader.encode({ offset: c.store.getMaxOffsetInQueue(h.topic, h.queueId) }));
      }
      case RequestCode.GET_MIN_OFFSET: {
        const h = GetMinOffsetRequestHeader.decode(req.extFields);
        return ok(OffsetResponseHeader.encode({ offset: c.store.getMinOffsetInQueue(h.topic, h.queueId) }));
      }
      case RequestCode.GET_EARLIEST_MSG_STORETIME: {
        const h = GetEarliestMsgStoretimeRequestHeader.decode(req.extFields);
        const timestamp = await c.store.getEarliestMessageTime(h.topic, h.queueId);
        return ok(GetEarliestMsgStoretimeResponseHeader.encode({ timestamp }));
      }
      case RequestCode.GET_BROKER_RUNTIME_INFO:
        return ok(undefined, encodeKVTableBody(await this.runtimeInfo()));
      case RequestCode.LOCK_BATCH_MQ: {
        const b = decodeLockBatchRequest(req.body);
        const locked = c.locks.tryLockBatch(b.consumerGroup, b.mqSet, b.clientId);
        return ok(undefined, encodeLockBatchResponse(locked));
      }
      case RequestCode.UNLOCK_BATCH_MQ: {
        const b = decodeLockBatchRequest(req.body);
        c.locks.unlockBatch(b.consumerGroup, b.mqSet, b.clientId);
        return ok();
      }
      case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP: {
        const o = decodeJavaBody(req.body);
        const cfg = subscriptionGroupFromJava(o);
        if (!cfg.groupName) return fail(ResponseCode.SYSTEM_ERROR, 'subscription group config names no groupName');
        c.groups.update(cfg);
        return ok();
      }
      case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG:
        return ok(undefined, encodeSubscriptionGroupWrapper(c.groups.getDataVersion(), Object.fromEntries(c.groups.all())));
      case RequestCode.DELETE_SUBSCRIPTIONGROUP: {
        const h = DeleteSubscriptionGroupRequestHeader.decode(req.extFields);
        c.groups.delete(h.groupName);
        if (h.removeOffset) c.offsets.removeGroup(h.groupName);
        return ok();
      }
      case RequestCode.GET_TOPIC_STATS_INFO: {
        const h = GetTopicStatsInfoRequestHeader.decode(req.extFields);
        const tc = c.topics.get(h.topic);
        if (!tc) return fail(ResponseCode.TOPIC_NOT_EXIST, `topic[${h.topic}] not exist`);
        const entries: [MessageQueue, TopicOffset][] = [];
        for (let q = 0; q < tc.writeQueueNums; q++) {
          const max = Math.max(0, c.store.getMaxOffsetInQueue(h.topic, q));
          const min = Math.max(0, c.store.getMinOffsetInQueue(h.topic, q));
          const last = max > 0 ? await c.store.getMessageStoreTimeStamp(h.topic, q, max - 1) : 0;
          entries.push([{ topic: h.topic, brokerName: c.config.brokerName, queueId: q }, { minOffset: min, maxOffset: max, lastUpdateTimestamp: Math.max(0, last) }]);
        }
        return ok(undefined, encodeTopicStatsTable(entries));
      }
      case RequestCode.GET_CONSUMER_CONNECTION_LIST: {
        const h = GetConsumerConnectionListRequestHeader.decode(req.extFields);
        const g = c.consumers.getGroup(h.consumerGroup);
        if (!g || g.channels.size === 0) return fail(ResponseCode.CONSUMER_NOT_ONLINE, `the consumer group[${h.consumerGroup}] not online`);
        return ok(
          undefined,
          encodeConsumerConnection({
            connectionSet: [...g.channels.values()].map((i) => ({ clientId: i.clientId, clientAddr: i.channel.remoteAddr, language: i.language, version: i.version })),
            subscriptionTable: Object.fromEntries(g.subscriptions),
            consumeType: g.consumeType,
            messageModel: g.messageModel,
            consumeFromWhere: g.consumeFromWhere,
          }),
        );
      }
      case RequestCode.GET_PRODUCER_CONNECTION_LIST: {
        const h = GetProducerConnectionListRequestHeader.decode(req.extFields);
        const list = c.producers.getGroup(h.producerGroup);
        if (list.length === 0) return fail(ResponseCode.SYSTEM_ERROR, `the producer group[${h.producerGroup}] not exist`);
        return ok(undefined, encodeProducerConnection(list.map((i) => ({ clientId: i.clientId, clientAddr: i.channel.remoteAddr, language: i.language, version: i.version }))));
      }
      case RequestCode.GET_CONSUME_STATS:
        return this.consumeStats(req);
      case RequestCode.GET_ALL_CONSUMER_OFFSET:
        return ok(undefined, encodeJavaBody({ offsetTable: c.offsets.allOffsets() }));
      case RequestCode.GET_ALL_DELAY_OFFSET:
        return ok(undefined, Buffer.from(this.delayOffsetJson()));
      case RequestCode.INVOKE_BROKER_TO_RESET_OFFSET:
        return this.resetOffset(req);
      case RequestCode.QUERY_TOPIC_CONSUME_BY_WHO: {
        const h = QueryTopicConsumeByWhoRequestHeader.decode(req.extFields);
        const groups = new Set([...c.consumers.groupsSubscribing(h.topic), ...c.offsets.whichGroupByTopic(h.topic)]);
        return ok(undefined, encodeGroupList(groups));
      }
      case RequestCode.GET_CONSUMER_RUNNING_INFO: {
        const h = GetConsumerRunningInfoRequestHeader.decode(req.extFields);
        return this.relayToClient(req, h.consumerGroup, h.clientId, req.body);
      }
      case RequestCode.CONSUME_MESSAGE_DIRECTLY: {
        const h = ConsumeMessageDirectlyResultRequestHeader.decode(req.extFields);
        let record: Buffer | undefined;
        try {
          if (h.msgId) record = await c.store.lookMessageByOffset(decodeOffsetMsgId(h.msgId).offset);
        } catch {
          record = undefined;
        }
        if (!record) return fail(ResponseCode.SYSTEM_ERROR, `can not find message by id ${h.msgId ?? ''}`);
        return this.relayToClient(req, h.consumerGroup, h.clientId ?? '', recordsForClient([record]));
      }
      case RequestCode.VIEW_BROKER_STATS_DATA: {
        const h = ViewBrokerStatsDataRequestHeader.decode(req.extFields);
        const data = c.stats.statsData(h.statsName, h.statsKey);
        if (!data) return fail(ResponseCode.SYSTEM_ERROR, `The stats <${h.statsName}> <${h.statsKey}> not exist`);
        return ok(undefined, encodeJavaBody(data));
      }
      case RequestCode.QUERY_BROKER_OFFSET:
        return ok(QueryBrokerOffsetResponseHeader.encode({ offset: c.store.getMaxPhyOffset() }));
      case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER:
        return ok(undefined, encodeTopicList([...c.topics.all().keys()].filter(isSystemTopic)));
      case RequestCode.QUERY_CONSUME_TIME_SPAN:
        return this.consumeTimeSpan(req);
      case RequestCode.CLONE_GROUP_OFFSET: {
        const h = CloneGroupOffsetRequestHeader.decode(req.extFields);
        const topics = h.topic ? [h.topic] : c.offsets.whichTopicByConsumer(h.srcGroup);
        for (const topic of topics) {
          if (!c.topics.get(topic)) continue;
          for (const [queueId, offset] of c.offsets.queryOffsets(h.srcGroup, topic) ?? []) c.offsets.commitOffset(h.destGroup, topic, queueId, offset);
        }
        return ok();
      }
      default:
        // CLEAN_EXPIRED_CONSUMEQUEUE / CLEAN_UNUSED_TOPIC: the store's retention already does this work.
        void channel;
        return ok();
    }
  }

  private async runtimeInfo(): Promise<Record<string, string>> {
    const c = this.ctx;
    // Store time of the oldest record still in the log, as Apache reports it (0 for an empty log).
    const oldest = c.store.getMaxPhyOffset() > c.store.getMinPhyOffset() ? await c.store.lookMessageByOffset(c.store.getMinPhyOffset()) : undefined;
    const earliest = oldest ? decodeMessage(oldest, 0, { inflate: false }).storeTimestamp : 0;
    const info: Record<string, string> = {
      ...c.store.getRuntimeInfo(),
      ...c.stats.runtimeEntries(),
      ...c.eventLoop.runtimeEntries(),
      ...c.replication?.runtimeEntries(),
      ...c.failover?.runtimeEntries(),
      brokerVersionDesc: 'V4_9_2',
      brokerVersion: '397',
      bootTimestamp: String(c.bootTimestamp),
      brokerRole: c.config.brokerRole,
      remainHowManyDataToFlush: '0 B',
      pullThreadPoolQueueSize: '0',
      sendThreadPoolQueueSize: '0',
      sendThreadPoolQueueCapacity: '10000',
      pullThreadPoolQueueCapacity: '100000',
      dispatchBehindBytes: '0',
      pageCacheLockTimeMills: '0',
      earliestMessageTimeStamp: String(earliest),
      heldPullRequests: String(c.pullHold.heldCount()),
      runtime: runtimeText(Date.now() - c.bootTimestamp),
      // Thread-pool and latency figures Apache reports; Orbit has no such pools, so they read as idle.
      EndTransactionQueueSize: '0',
      EndTransactionThreadPoolQueueCapacity: '100000',
      queryThreadPoolQueueSize: '0',
      queryThreadPoolQueueCapacity: '20000',
      pullThreadPoolQueueHeadWaitTimeMills: '0',
      queryThreadPoolQueueHeadWaitTimeMills: '0',
      sendThreadPoolQueueHeadWaitTimeMills: '0',
      dispatchMaxBuffer: '0',
      getMessageEntireTimeMax: '0',
      putLatency99: '0.00',
      putLatency999: '0.00',
      putMessageFailedTimes: '0',
      putMessageDistributeTime: '',
      remainTransientStoreBufferNumbs: '2147483647',
      startAcceptSendRequestTimeStamp: '0',
    };
    const ratio = info.commitLogDiskRatio ?? '0';
    info[`commitLogDiskRatio_${c.config.storePathCommitLog ?? path.join(c.config.storePathRootDir, 'commitlog')}`] = ratio;
    info.consumeQueueDiskRatio = ratio;
    return info;
  }

  private async consumeStats(req: RemotingCommand): Promise<RemotingCommand> {
    const c = this.ctx;
    const h = GetConsumeStatsRequestHeader.decode(req.extFields);
    const topics = h.topic ? [h.topic] : c.offsets.whichTopicByConsumer(h.consumerGroup);
    const group = c.consumers.getGroup(h.consumerGroup);
    const offsetTable: [MessageQueue, OffsetWrapper][] = [];
    let consumeTps = 0;
    for (const topic of topics) {
      const tc = c.topics.get(topic);
      if (!tc) continue;
      // A live group that no longer subscribes to a topic is not reported on it (as Apache does).
      if (group && group.subscriptions.size > 0 && !group.subscriptions.has(topic)) continue;
      for (let q = 0; q < tc.readQueueNums; q++) {
        const brokerOffset = Math.max(0, c.store.getMaxOffsetInQueue(topic, q));
        let consumerOffset = c.offsets.queryOffset(h.consumerGroup, topic, q);
        if (consumerOffset < 0) consumerOffset = 0;
        // A POP group's offset runs ahead of what it acknowledged: report the acknowledged one, so lag is right.
        if (c.pop) consumerOffset = c.pop.ackFrontier(h.consumerGroup, topic, q, consumerOffset);
        const lastTimestamp = consumerOffset > 0 ? Math.max(0, await c.store.getMessageStoreTimeStamp(topic, q, consumerOffset - 1)) : 0;
        offsetTable.push([{ topic, brokerName: c.config.brokerName, queueId: q }, { brokerOffset, consumerOffset, lastTimestamp }]);
      }
      consumeTps += c.stats.tps(StatsName.GROUP_GET_NUMS, `${topic}@${h.consumerGroup}`);
    }
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeConsumeStats({ consumeTps, offsetTable }));
  }

  /** Per queue: oldest and newest store time, store time at the group's offset, and how far behind it is. */
  private async consumeTimeSpan(req: RemotingCommand): Promise<RemotingCommand> {
    const c = this.ctx;
    const h = QueryConsumeTimeSpanRequestHeader.decode(req.extFields);
    const tc = c.topics.get(h.topic);
    if (!tc) return RemotingCommand.responseTo(req, ResponseCode.TOPIC_NOT_EXIST, `topic[${h.topic}] not exist`);
    const consumeTimeSpanSet = [];
    for (let q = 0; q < tc.writeQueueNums; q++) {
      const minTimeStamp = await c.store.getEarliestMessageTime(h.topic, q);
      const max = c.store.getMaxOffsetInQueue(h.topic, q);
      const maxTimeStamp = max > 0 ? await c.store.getMessageStoreTimeStamp(h.topic, q, max - 1) : 0;
      let consumerOffset = c.offsets.queryOffset(h.group, h.topic, q);
      if (c.pop && consumerOffset >= 0) consumerOffset = c.pop.ackFrontier(h.group, h.topic, q, consumerOffset);
      const consumeTimeStamp = consumerOffset > 0 ? await c.store.getMessageStoreTimeStamp(h.topic, q, consumerOffset - 1) : minTimeStamp;
      let delayTime = 0;
      if (consumerOffset < max) {
        const next = await c.store.getMessageStoreTimeStamp(h.topic, q, Math.max(0, consumerOffset));
        if (next > 0) delayTime = Date.now() - next;
      }
      consumeTimeSpanSet.push({
        messageQueue: { topic: h.topic, brokerName: c.config.brokerName, queueId: q },
        minTimeStamp,
        maxTimeStamp,
        consumeTimeStamp,
        delayTime,
      });
    }
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeJavaBody({ consumeTimeSpanSet }));
  }

  private async resetOffset(req: RemotingCommand): Promise<RemotingCommand> {
    const c = this.ctx;
    const h = ResetOffsetRequestHeader.decode(req.extFields);
    const tc = c.topics.get(h.topic);
    if (!tc) return RemotingCommand.responseTo(req, ResponseCode.TOPIC_NOT_EXIST, `[reset-offset] topic not exist: ${h.topic}`);
    const table: [MessageQueue, number][] = [];
    for (let q = 0; q < tc.writeQueueNums; q++) {
      const consumerOffset = c.offsets.queryOffset(h.group, h.topic, q);
      if (consumerOffset === -1) {
        return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `THe consumer group <${h.group}> not exist`);
      }
      let target = h.timestamp === -1 ? c.store.getMaxOffsetInQueue(h.topic, q) : await c.store.getOffsetInQueueByTime(h.topic, q, h.timestamp);
      if (target < 0) target = 0;
      table.push([{ topic: h.topic, brokerName: c.config.brokerName, queueId: q }, h.isForce || target < consumerOffset ? target : consumerOffset]);
    }
    const group = c.consumers.getGroup(h.group);
    if (!group || group.channels.size === 0) {
      return RemotingCommand.responseTo(
        req,
        ResponseCode.CONSUMER_NOT_ONLINE,
        `Consumer not online, so can not reset offset, Group: ${h.group} Topic: ${h.topic} Timestamp: ${h.timestamp}`,
      );
    }
    const body = encodeResetOffsetBody(table);
    for (const info of group.channels.values()) {
      c.broker2Client.oneway(info.channel, RemotingCommand.request(RequestCode.RESET_CONSUMER_CLIENT_OFFSET, ResetOffsetRequestHeader.encode(h), body));
    }
    // Apache leaves the committing to the clients; writing the broker's copy too means a client that
    // crashes before its next commit still starts from the reset position.
    for (const [mq, off] of table) c.offsets.commitOffset(h.group, h.topic, mq.queueId, off);
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, body);
  }

  private async relayToClient(req: RemotingCommand, group: string, clientId: string, body: Buffer | undefined): Promise<RemotingCommand> {
    const info = this.ctx.consumers.findChannel(group, clientId);
    if (!info) return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `The Consumer <${group}> <${clientId}> not online`);
    const fwd = RemotingCommand.request(req.code, { ...(req.extFields ?? {}) }, body);
    try {
      const res = await this.ctx.broker2Client.invoke(info.channel, fwd, CLIENT_RELAY_TIMEOUT_MS);
      return RemotingCommand.responseTo(req, res.code, res.remark, res.extFields, res.body);
    } catch (err) {
      return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `invoke consumer <${group}> <${clientId}> failed: ${(err as Error).message}`);
    }
  }
}

/** Settings UPDATE_BROKER_CONFIG changes at once; the rest are stored for the next start. */
const LIVE_KEYS = [
  'autoCreateTopicEnable',
  'autoCreateSubscriptionGroup',
  'defaultTopicQueueNums',
  'brokerPermission',
  'longPollingEnable',
  'shortPollingTimeMills',
  'transactionCheckInterval',
  'transactionTimeOut',
  'transactionCheckMax',
  'maxMessageSize',
  'defaultQueryMaxNum',
] as const;

function configRecord(cfg: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cfg)) if (k !== 'extra') out[k] = v;
  return out;
}

function runtimeText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `[ ${Math.floor(s / 86400)} days, ${Math.floor((s % 86400) / 3600)} hours, ${Math.floor((s % 3600) / 60)} minutes, ${s % 60} seconds ]`;
}
