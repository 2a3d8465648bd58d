/**
 * POP_MESSAGE (200050): hand out up to maxMsgNums messages of a topic to a group and make them invisible to it.
 * Non-orderly: per queue, read from the group's offset, store a checkpoint in the revive topic, then move the
 * offset past what was handed out; unacknowledged messages come back through the revive service. Orderly: the
 * offset moves only on acks, and a queue with an open batch is blocked for the group (consumer-order-info-manager).
 * Nothing found: the request is held up to pollTime (long polling), then answered POLLING_TIMEOUT.
 */
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import type { RequestProcessor } from '../../remoting/processor-table';
import { PopMessageRequestHeader, PopMessageResponseHeader } from '../../remoting/header/pop';
import {
  POP_ORDER_REVIVE_QUEUE,
  buildExtraInfo,
  joinOffsetInfo,
  popRetryTopic,
  retryFlagOf,
  type OffsetInfoEntry,
} from '../../remoting/header/pop-extra-info';
import type { HeaderOf } from '../../remoting/header/define-header';
import { GetMessageStatus, type MessageFilter } from '../../store/message-store';
import { POS_QUEUE_OFFSET, readLong, recordsForClient } from '../../store/record-codec';
import { FilterCompileError, isTagType } from '../../filter';
import type { BrokerContext } from '../broker-context';
import { SubscriptionParseError, buildSubscriptionData } from '../subscription/filter-api';
import { messageFilterFor, sqlFilterOf } from '../subscription/message-filter';
import { isReadable } from '../topic/perm';
import type { PopService } from './pop-service';
import { asOriginalTopic } from './pop-record';

export const POP_CODES = [RequestCode.POP_MESSAGE] as const;

const MAX_POP_NUMS = 32;
const MAX_POLL_MS = 5 * 60_000;
const MAX_TRANSFER_BYTES = 4 * 1024 * 1024;
const INIT_MODE_MIN = 0;
const FAQ = '\nSee http://rocketmq.apache.org/docs/faq/ for further details.';
const RESET_STATUSES = new Set([GetMessageStatus.OFFSET_TOO_SMALL, GetMessageStatus.OFFSET_OVERFLOW_BADLY, GetMessageStatus.OFFSET_FOUND_NULL]);
const SKIP_STATUSES = new Set([GetMessageStatus.NO_MATCHED_MESSAGE, GetMessageStatus.OFFSET_FOUND_NULL, GetMessageStatus.MESSAGE_WAS_REMOVING, GetMessageStatus.NO_MATCHED_LOGIC_QUEUE]);

type PopHeader = HeaderOf<(typeof PopMessageRequestHeader)['fields']>;

/** What one pop collects across queues. */
interface PopBatch {
  h: PopHeader;
  popTime: number;
  reviveQid: number;
  filter: MessageFilter | undefined;
  records: Buffer[];
  startInfo: OffsetInfoEntry<number>[];
  msgInfo: OffsetInfoEntry<number[]>[];
  orderInfo: OffsetInfoEntry<number>[];
  rest: number;
}

export class PopMessageProcessor implements RequestProcessor {
  constructor(
    private readonly ctx: BrokerContext,
    private readonly pop: PopService,
  ) {}

  handle(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand | null> {
    return this.process(req, channel, Date.now());
  }

  private async process(req: RemotingCommand, channel: RemotingChannel, firstAt: number): Promise<RemotingCommand | null> {
    const c = this.ctx;
    const h = PopMessageRequestHeader.decode(req.extFields);
    const fail = (code: number, remark: string) => RemotingCommand.responseTo(req, code, remark);
    if (c.config.brokerRole === 'SLAVE') return fail(ResponseCode.NO_PERMISSION, `the broker[${c.config.brokerIP1}] is a slave: pop from its master`);
    if (!isReadable(c.config.brokerPermission)) return fail(ResponseCode.NO_PERMISSION, `the broker[${c.config.brokerIP1}] pop message is forbidden`);
    if (h.maxMsgNums > MAX_POP_NUMS) return fail(ResponseCode.INVALID_PARAMETER, `the broker[${c.config.brokerIP1}] pop message's num is greater than ${MAX_POP_NUMS}`);
    if (h.maxMsgNums < 1) return fail(ResponseCode.INVALID_PARAMETER, `pop message's num must be at least 1, got ${h.maxMsgNums}`);
    if (h.invisibleTime < 0) return fail(ResponseCode.INVALID_PARAMETER, `invisibleTime must not be negative, got ${h.invisibleTime}`);
    const tc = c.topics.get(h.topic);
    if (!tc) return fail(ResponseCode.TOPIC_NOT_EXIST, `topic[${h.topic}] not exist, apply first please! ${FAQ}`);
    if (!isReadable(tc.perm)) return fail(ResponseCode.NO_PERMISSION, `the topic[${h.topic}] peeking message is forbidden`);
    if (h.queueId >= tc.readQueueNums) {
      return fail(ResponseCode.INVALID_PARAMETER, `queueId[${h.queueId}] is illegal, topic:[${h.topic}] topicConfig.readQueueNums:[${tc.readQueueNums}] consumer:[${channel.remoteAddr}]`);
    }
    const gc = c.groups.findSubscriptionGroupConfig(h.consumerGroup);
    if (!gc) return fail(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group [${h.consumerGroup}] does not exist, ${FAQ}`);
    if (!gc.consumeEnable) return fail(ResponseCode.NO_PERMISSION, `subscription group no permission, ${h.consumerGroup}`);

    let filter: MessageFilter | undefined;
    if (h.exp) {
      try {
        const sub = buildSubscriptionData(h.topic, h.exp, 0, h.expType || 'TAG');
        if (!isTagType(sub.expressionType)) {
          if (!c.config.enablePropertyFilter) return fail(ResponseCode.SYSTEM_ERROR, `The broker does not support consumer to filter message by ${sub.expressionType}`);
          sqlFilterOf(sub);
        }
        filter = messageFilterFor(sub);
      } catch (err) {
        if (err instanceof SubscriptionParseError || err instanceof FilterCompileError) return fail(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "parse the consumer's subscription failed");
        throw err;
      }
    }

    const order = h.order === true;
    const b: PopBatch = {
      h,
      popTime: Date.now(),
      reviveQid: order ? POP_ORDER_REVIVE_QUEUE : this.pop.nextReviveQid(),
      filter,
      records: [],
      startInfo: [],
      msgInfo: [],
      orderInfo: [],
      rest: 0,
    };
    const retry = popRetryTopic(h.topic, h.consumerGroup);
    const retryFirst = !order && Math.random() * 100 < c.config.popFromRetryProbability;
    if (retryFirst) await this.popFromTopic(b, retry, true);
    if (h.queueId < 0) await this.popFromTopic(b, h.topic, false);
    else await this.popFromQueue(b, h.topic, h.queueId, false);
    if (!retryFirst && !order && b.records.length < h.maxMsgNums) await this.popFromTopic(b, retry, true);

    if (b.records.length === 0) {
      // Capped: a client's pollTime beyond any sane long poll would only pin the request (and overflow timers).
      const remaining = firstAt + Math.min(h.pollTime, MAX_POLL_MS) - Date.now();
      if (h.pollTime > 0 && remaining > 0) {
        const key = `${h.topic}@${h.consumerGroup}`;
        const held = this.pop.polling.hold(
          key,
          {
            topics: [h.topic, retry],
            onWake: () => void this.rerun(req, channel, firstAt),
            onTimeout: () => channel.write(this.emptyResponse(req, b, ResponseCode.POLLING_TIMEOUT)),
          },
          remaining,
        );
        if (held) return null;
        return this.emptyResponse(req, b, ResponseCode.POLLING_FULL);
      }
      return this.emptyResponse(req, b, ResponseCode.POLLING_TIMEOUT);
    }
    c.stats.incGroupGet(h.consumerGroup, h.topic, b.records.length, b.records.reduce((n, r) => n + r.length, 0));
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, GetMessageStatus.FOUND, this.responseHeader(b), recordsForClient(b.records));
  }

  private async rerun(req: RemotingCommand, channel: RemotingChannel, firstAt: number): Promise<void> {
    try {
      const res = await this.process(req, channel, firstAt);
      if (res) channel.write(res);
    } catch (err) {
      this.ctx.log.error({ err }, 'held pop failed on wake-up');
      channel.write(RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, (err as Error).message));
    }
  }

  private responseHeader(b: PopBatch) {
    return PopMessageResponseHeader.encode({
      popTime: b.popTime,
      invisibleTime: b.h.invisibleTime,
      reviveQid: b.reviveQid,
      restNum: b.rest,
      startOffsetInfo: joinOffsetInfo(b.startInfo),
      msgOffsetInfo: joinOffsetInfo(b.msgInfo),
      orderCountInfo: b.h.order ? joinOffsetInfo(b.orderInfo) : undefined,
    });
  }

  private emptyResponse(req: RemotingCommand, b: PopBatch, code: number): RemotingCommand {
    return RemotingCommand.responseTo(req, code, GetMessageStatus.NO_MESSAGE_IN_QUEUE, this.responseHeader(b));
  }

  private async popFromTopic(b: PopBatch, topic: string, isRetry: boolean): Promise<void> {
    const tc = this.ctx.topics.get(topic);
    if (!tc || tc.readQueueNums <= 0) return;
    const start = Math.floor(Math.random() * tc.readQueueNums);
    for (let i = 0; i < tc.readQueueNums; i++) await this.popFromQueue(b, topic, (start + i) % tc.readQueueNums, isRetry);
  }

  private async popFromQueue(b: PopBatch, topic: string, queueId: number, isRetry: boolean): Promise<void> {
    const { store, offsets } = this.ctx;
    const h = b.h;
    const group = h.consumerGroup;
    const order = h.order === true;
    const lockKey = `${topic}@${group}@${queueId}`;
    let offset = this.popOffset(topic, group, queueId, h.initMode);
    if (this.pop.locks.has(lockKey)) {
      b.rest += Math.max(0, store.getMaxOffsetInQueue(topic, queueId) - offset);
      return;
    }
    this.pop.locks.add(lockKey);
    try {
      offset = this.popOffset(topic, group, queueId, h.initMode);
      if (order && this.pop.orderInfo.checkBlock(h.attemptId, topic, group, queueId)) return;
      const want = h.maxMsgNums - b.records.length;
      if (want <= 0) {
        b.rest += Math.max(0, store.getMaxOffsetInQueue(topic, queueId) - offset);
        return;
      }
      let r = await store.getMessage(group, topic, queueId, offset, want, MAX_TRANSFER_BYTES, b.filter);
      if (RESET_STATUSES.has(r.status)) {
        // The group's offset is outside the queue (retention, a cut log): start over from where the store says.
        this.ctx.log.warn({ topic, group, queueId, from: offset, to: r.nextBeginOffset }, 'pop offset out of range; moved');
        offset = r.nextBeginOffset;
        offsets.commitOffset(group, topic, queueId, offset);
        r = await store.getMessage(group, topic, queueId, offset, want, MAX_TRANSFER_BYTES, b.filter);
      }
      if (r.status === GetMessageStatus.FOUND && r.messages.length > 0) {
        const queueOffsets = r.messages.map((rec) => readLong(rec, POS_QUEUE_OFFSET));
        const flag = retryFlagOf(topic);
        if (order) {
          const counts = this.pop.orderInfo.update(h.attemptId, topic, group, queueId, b.popTime, h.invisibleTime, queueOffsets);
          offsets.commitOffset(group, topic, queueId, offset);
          queueOffsets.forEach((qo, i) => b.orderInfo.push({ retryFlag: flag, queueId: `qo${queueId}%${qo}`, value: counts[i] }));
          b.orderInfo.push({ retryFlag: flag, queueId, value: Math.min(...counts) });
        } else {
          const ok = await this.pop.appendCheckpoint(
            { so: offset, pt: b.popTime, it: h.invisibleTime, bm: 0, n: queueOffsets.length, q: queueId, t: topic, c: group, d: queueOffsets.map((o) => o - offset), bn: this.ctx.config.brokerName },
            b.reviveQid,
          );
          // Without a stored checkpoint nothing could bring these back: hand none of them out.
          if (!ok) {
            b.rest += queueOffsets.length;
            return;
          }
          offsets.commitOffset(group, topic, queueId, r.nextBeginOffset);
        }
        b.startInfo.push({ retryFlag: flag, queueId, value: offset });
        b.msgInfo.push({ retryFlag: flag, queueId, value: queueOffsets });
        for (let i = 0; i < r.messages.length; i++) {
          const rec = r.messages[i];
          if (!isRetry) {
            b.records.push(rec);
            continue;
          }
          const ck = buildExtraInfo({ ckQueueOffset: offset, popTime: b.popTime, invisibleTime: h.invisibleTime, reviveQid: b.reviveQid, retryFlag: flag, brokerName: this.ctx.config.brokerName, queueId, queueOffset: queueOffsets[i] });
          b.records.push(asOriginalTopic(rec, h.topic, ck));
        }
      } else if (SKIP_STATUSES.has(r.status) && r.nextBeginOffset > offset) {
        // Only filtered-out messages: move past them so the next pop does not read them again.
        offsets.commitOffset(group, topic, queueId, r.nextBeginOffset);
      }
      b.rest += Math.max(0, r.maxOffset - r.nextBeginOffset);
    } finally {
      this.pop.locks.delete(lockKey);
    }
  }

  /** The group's offset, set first from initMode (MIN, or MAX; retry topics always from their start). */
  private popOffset(topic: string, group: string, queueId: number, initMode: number): number {
    const { store, offsets } = this.ctx;
    const committed = offsets.queryOffset(group, topic, queueId);
    if (committed >= 0) return committed;
    let offset: number;
    const min = store.getMinOffsetInQueue(topic, queueId);
    if (initMode === INIT_MODE_MIN || retryFlagOf(topic) !== '0') offset = min;
    // MAX: a queue still holding its first message is read from it (Apache: when that message is in memory),
    // else from the last one.
    else offset = min <= 0 ? 0 : Math.max(0, store.getMaxOffsetInQueue(topic, queueId) - 1);
    offsets.commitOffset(group, topic, queueId, offset);
    return offset;
  }
}
