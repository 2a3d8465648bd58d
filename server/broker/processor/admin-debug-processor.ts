/**
 * The remaining inspection codes of Apache 4.9.x's AdminBrokerProcessor:
 * INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223), GET_BROKER_CONSUME_STATS (317), QUERY_CONSUME_QUEUE (321),
 * RESUME_CHECK_HALF_MESSAGE (323) and QUERY_CORRECTION_OFFSET (308).
 */
import { MessageConst } from '../../common/message/message-const';
import { decodeMessage } from '../../common/message/message-decoder';
import { decodeOffsetMsgId } from '../../common/message/message-id';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RequestProcessor } from '../../remoting/processor-table';
import type { ConsumeStats, OffsetWrapper } from '../../remoting/body/admin-data';
import {
  decodeClientMessageQueueTable,
  encodeConsumeStatsList,
  encodeConsumerStatusTable,
  encodeCorrectionOffsets,
  encodeQueryConsumeQueueBody,
  JAVA_LONG_MAX,
  type QueryConsumeQueueResponseBody,
} from '../../remoting/body/admin-debug';
import type { MessageQueue } from '../../remoting/body/heartbeat';
import {
  GetConsumeStatsInBrokerHeader,
  QueryConsumeQueueRequestHeader,
  QueryCorrectionOffsetHeader,
  ResumeCheckHalfMessageRequestHeader,
} from '../../remoting/header/admin-debug';
import { GetConsumerStatusRequestHeader } from '../../remoting/header/consumer-relay';
import { PutMessageStatus } from '../../store/message-store';
import type { BrokerContext } from '../broker-context';
import { buildInner, hostAddress } from '../message-inner';
import { StatsName } from '../stats/broker-stats';
import { RMQ_SYS_TRANS_HALF_TOPIC } from '../topic/topic-validator';

export const ADMIN_DEBUG_CODES = [
  RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS,
  RequestCode.GET_BROKER_CONSUME_STATS,
  RequestCode.QUERY_CONSUME_QUEUE,
  RequestCode.RESUME_CHECK_HALF_MESSAGE,
  RequestCode.QUERY_CORRECTION_OFFSET,
] as const;

const CONSUMER_STATUS_TIMEOUT_MS = 5000;
const RESUME_FAILED = 'Put message back to RMQ_SYS_TRANS_HALF_TOPIC failed.';
const RESUME_EXCEPTION = 'Exception was thrown when putting message back to RMQ_SYS_TRANS_HALF_TOPIC.';

export class AdminDebugProcessor implements RequestProcessor {
  constructor(private readonly ctx: BrokerContext) {}

  async handle(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand> {
    void channel;
    switch (req.code) {
      case RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS:
        return this.consumerStatus(req);
      case RequestCode.GET_BROKER_CONSUME_STATS:
        return this.brokerConsumeStats(req);
      case RequestCode.QUERY_CONSUME_QUEUE:
        return this.queryConsumeQueue(req);
      case RequestCode.RESUME_CHECK_HALF_MESSAGE:
        return this.resumeCheckHalfMessage(req);
      default:
        return this.correctionOffset(req);
    }
  }

  /** Asks each consumer of the group (or only `clientAddr`, a client id) for its queue offsets. */
  private async consumerStatus(req: RemotingCommand): Promise<RemotingCommand> {
    const c = this.ctx;
    const h = GetConsumerStatusRequestHeader.decode(req.extFields);
    const group = c.consumers.getGroup(h.group);
    if (!group || group.channels.size === 0) {
      return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `No Any Consumer online in the consumer group: [${h.group}]`);
    }
    const only = h.clientAddr && h.clientAddr.trim() !== '' ? h.clientAddr : undefined;
    const targets = [...group.channels.values()].filter((i) => !only || i.clientId === only).slice(0, only ? 1 : undefined);
    const header = GetConsumerStatusRequestHeader.encode({ topic: h.topic, group: h.group });
    const answers = await Promise.all(
      targets.map(async (info): Promise<[string, [MessageQueue, number][]] | undefined> => {
        try {
          const res = await c.broker2Client.invoke(info.channel, RemotingCommand.request(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, header), CONSUMER_STATUS_TIMEOUT_MS);
          if (res.code !== ResponseCode.SUCCESS || !res.body || res.body.length === 0) return undefined;
          return [info.clientId, decodeClientMessageQueueTable(res.body)];
        } catch (err) {
          c.log.warn({ err: (err as Error).message, group: h.group, clientId: info.clientId }, '[get-consumer-status] get consumer status failed');
          return undefined;
        }
      }),
    );
    const table = answers.filter((a): a is [string, [MessageQueue, number][]] => a !== undefined);
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeConsumerStatusTable(table));
  }

  /** ConsumeStats of every subscription group on every topic it has offsets for (only order topics if asked). */
  private async brokerConsumeStats(req: RemotingCommand): Promise<RemotingCommand> {
    const c = this.ctx;
    const isOrder = GetConsumeStatsInBrokerHeader.decode(req.extFields).isOrder ?? false;
    const list: [string, ConsumeStats[]][] = [];
    let totalDiff = 0;
    for (const group of c.groups.all().keys()) {
      const statsList: ConsumeStats[] = [];
      const live = c.consumers.getGroup(group);
      for (const topic of c.offsets.whichTopicByConsumer(group)) {
        const tc = c.topics.get(topic);
        if (!tc) continue;
        if (isOrder && !tc.order) continue;
        if (live && live.subscriptions.size > 0 && !live.subscriptions.has(topic)) continue;
        const offsetTable: [MessageQueue, OffsetWrapper][] = [];
        for (let q = 0; q < tc.writeQueueNums; q++) {
          const brokerOffset = Math.max(0, c.store.getMaxOffsetInQueue(topic, q));
          const consumerOffset = Math.max(0, c.offsets.queryOffset(group, topic, q));
          let lastTimestamp = 0;
          if (consumerOffset - 1 >= 0) {
            const ts = await c.store.getMessageStoreTimeStamp(topic, q, consumerOffset - 1);
            if (ts > 0) lastTimestamp = ts;
          }
          offsetTable.push([{ topic, brokerName: c.config.brokerName, queueId: q }, { brokerOffset, consumerOffset, lastTimestamp }]);
          totalDiff += brokerOffset - consumerOffset;
        }
        statsList.push({ consumeTps: c.stats.tps(StatsName.GROUP_GET_NUMS, `${topic}@${group}`), offsetTable });
      }
      list.push([group, statsList]);
    }
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeConsumeStatsList({ brokerAddr: c.brokerAddr, consumeStatsList: list, totalDiff }));
  }

  /** Raw ConsumeQueue units from `index` (debugging), with the group's subscription when one is named. */
  private async queryConsumeQueue(req: RemotingCommand): Promise<RemotingCommand> {
    const c = this.ctx;
    const h = QueryConsumeQueueRequestHeader.decode(req.extFields);
    const queueId = h.queueId ?? 0;
    const index = h.index ?? 0;
    const count = h.count ?? 0;
    const read = h.topic !== undefined ? c.store.readConsumeQueueUnits?.(h.topic, queueId, index, count) : undefined;
    if (!read) return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `${queueId}@${h.topic ?? 'null'} is not exist!`);
    const body: QueryConsumeQueueResponseBody = { maxQueueIndex: read.maxOffset, minQueueIndex: read.minOffset };
    if (h.consumerGroup !== undefined) {
      const sub = c.consumers.getGroup(h.consumerGroup)?.subscriptions.get(h.topic ?? '');
      body.subscriptionData = sub;
      // Orbit keeps no ConsumerFilterData (SQL92 bloom filters); Apache's is null for tag subscriptions.
      body.filterData = sub ? 'null' : `${h.consumerGroup}@${h.topic ?? 'null'} is not online!`;
    }
    if (index < read.minOffset || index >= read.maxOffset) {
      return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, `Index ${index} of ${queueId}@${h.topic ?? 'null'} is not exist!`);
    }
    body.queueData = read.units.map((u) => ({ physicOffset: u.physicOffset, physicSize: u.physicSize, tagsCode: u.tagsCode, eval: false }));
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeQueryConsumeQueueBody(body));
  }

  /** Puts the message at `msgId` (an offset message id) back into the half topic with its check count reset. */
  private async resumeCheckHalfMessage(req: RemotingCommand): Promise<RemotingCommand> {
    const c = this.ctx;
    const h = ResumeCheckHalfMessageRequestHeader.decode(req.extFields);
    let status: PutMessageStatus;
    try {
      if (!h.msgId) throw new Error('no msgId');
      const record = await c.store.lookMessageByOffset(decodeOffsetMsgId(h.msgId).offset);
      if (!record) throw new Error(`no message at ${h.msgId}`);
      const msg = decodeMessage(record, 0, { inflate: false });
      const properties = { ...msg.properties, [MessageConst.TRANSACTION_CHECK_TIMES]: '0' };
      const inner = buildInner({
        topic: RMQ_SYS_TRANS_HALF_TOPIC,
        queueId: 0,
        flag: msg.flag,
        body: msg.body,
        properties,
        sysFlag: msg.sysFlag,
        bornTimestamp: msg.bornTimestamp,
        bornHost: hostAddress(msg.bornHost),
        storeHost: hostAddress(msg.storeHost),
        reconsumeTimes: msg.reconsumeTimes,
      });
      status = (await c.store.putMessage(inner)).status;
    } catch (err) {
      c.log.error({ err: (err as Error).message, msgId: h.msgId }, RESUME_EXCEPTION);
      return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, RESUME_EXCEPTION);
    }
    if (status !== PutMessageStatus.PUT_OK) {
      c.log.error({ status, msgId: h.msgId }, RESUME_FAILED);
      return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, RESUME_FAILED);
    }
    c.log.info({ msgId: h.msgId }, 'half message put back for an immediate transaction check');
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
  }

  /**
   * Per queue of `topic`: the smallest offset among the groups not filtered out (ignoring offsets below
   * the queue's minimum); Long.MAX_VALUE where `compareGroup` is already behind that.
   */
  private async correctionOffset(req: RemotingCommand): Promise<RemotingCommand> {
    const c = this.ctx;
    const h = QueryCorrectionOffsetHeader.decode(req.extFields);
    const filtered = new Set(h.filterGroups && h.filterGroups.trim() !== '' ? h.filterGroups.split(',') : []);
    const correction = new Map<number, number | bigint>();
    for (const group of c.offsets.whichGroupByTopic(h.topic)) {
      if (filtered.has(group)) continue;
      for (const [queueId, offset] of c.offsets.queryOffsets(group, h.topic) ?? []) {
        if (offset < c.store.getMinOffsetInQueue(h.topic, queueId)) continue;
        const prev = correction.get(queueId);
        correction.set(queueId, prev === undefined ? offset : Math.min(Number(prev), offset));
      }
    }
    for (const [queueId, offset] of c.offsets.queryOffsets(h.compareGroup, h.topic) ?? []) {
      const cur = correction.get(queueId);
      // Apache throws (SYSTEM_ERROR) when no other group has the queue; Orbit leaves the queue out.
      if (cur === undefined) continue;
      if (Number(cur) > offset) correction.set(queueId, JAVA_LONG_MAX);
    }
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeCorrectionOffsets(correction));
  }
}
