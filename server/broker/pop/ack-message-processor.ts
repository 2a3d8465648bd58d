/**
 * ACK_MESSAGE (200051) and CHANGE_MESSAGE_INVISIBLETIME (200053): the consumer is done with a popped message,
 * or wants it invisible for another while (a nack with a delay, or more time). Non-orderly: an ack record goes to
 * the checkpoint's revive queue; a change stores a new one-message checkpoint first, then acks the old one, and
 * answers the new pop time (the consumer's new receipt). Orderly (revive queue 999): the order info marks the
 * offset and the consumer offset moves past the acknowledged head of the batch.
 */
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import type { RequestProcessor } from '../../remoting/processor-table';
import { AckMessageRequestHeader, ChangeInvisibleTimeRequestHeader, ChangeInvisibleTimeResponseHeader } from '../../remoting/header/pop';
import { ExtraInfoError, POP_ORDER_REVIVE_QUEUE, parseExtraInfo, type ExtraInfo } from '../../remoting/header/pop-extra-info';
import type { BrokerContext } from '../broker-context';
import type { PopService } from './pop-service';

export const ACK_CODES = [RequestCode.ACK_MESSAGE, RequestCode.CHANGE_MESSAGE_INVISIBLETIME] as const;

const FAQ = '\nSee http://rocketmq.apache.org/docs/faq/ for further details.';

class Refused extends Error {
  constructor(
    readonly code: number,
    readonly remarkText: string,
  ) {
    super(remarkText);
  }
}

export class AckMessageProcessor implements RequestProcessor {
  constructor(
    private readonly ctx: BrokerContext,
    private readonly pop: PopService,
  ) {}

  async handle(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand> {
    try {
      if (req.code === RequestCode.ACK_MESSAGE) return await this.ack(req, channel);
      return await this.changeInvisibleTime(req, channel);
    } catch (err) {
      if (err instanceof Refused) return RemotingCommand.responseTo(req, err.code, err.remarkText);
      if (err instanceof ExtraInfoError) return RemotingCommand.responseTo(req, ResponseCode.INVALID_PARAMETER, `bad extraInfo: ${err.message}`);
      throw err;
    }
  }

  /** Checks both codes share; returns the parsed receipt. */
  private check(h: { topic: string; queueId: number; offset: number; extraInfo: string }, channel: RemotingChannel): ExtraInfo {
    const c = this.ctx;
    if (c.config.brokerRole === 'SLAVE') throw new Refused(ResponseCode.NO_PERMISSION, `the broker[${c.config.brokerIP1}] is a slave: acknowledge to its master`);
    const tc = c.topics.get(h.topic);
    if (!tc) throw new Refused(ResponseCode.TOPIC_NOT_EXIST, `topic[${h.topic}] not exist, apply first please! ${FAQ}`);
    if (h.queueId < 0 || h.queueId >= tc.readQueueNums) {
      throw new Refused(ResponseCode.MESSAGE_ILLEGAL, `queueId[${h.queueId}] is illegal, topic:[${h.topic}] topicConfig.readQueueNums:[${tc.readQueueNums}] consumer:[${channel.remoteAddr}]`);
    }
    const min = c.store.getMinOffsetInQueue(h.topic, h.queueId);
    const max = c.store.getMaxOffsetInQueue(h.topic, h.queueId);
    if (h.offset < min || h.offset > max) throw new Refused(ResponseCode.NO_MESSAGE, `offset is illegal, key:${h.topic}@${h.queueId}, commit:${h.offset}, store:${min}~${max}`);
    return parseExtraInfo(h.extraInfo);
  }

  private async ack(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand> {
    const h = AckMessageRequestHeader.decode(req.extFields);
    const e = this.check(h, channel);
    if (e.reviveQid === POP_ORDER_REVIVE_QUEUE) {
      this.ackOrderly(h.topic, h.consumerGroup, h.queueId, h.offset, e.popTime);
      return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
    }
    const ok = await this.pop.appendAck({ ao: h.offset, so: e.ckQueueOffset, c: h.consumerGroup, t: h.topic, q: h.queueId, pt: e.popTime, bn: e.brokerName }, e.reviveQid);
    if (!ok) return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, 'the ack could not be stored');
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
  }

  private ackOrderly(topic: string, group: string, queueId: number, offset: number, popTime: number): void {
    const { offsets } = this.ctx;
    const current = offsets.queryOffset(group, topic, queueId);
    if (offset < current) return;
    const next = this.pop.orderInfo.commitAndNext(topic, group, queueId, offset, popTime);
    if (next >= 0 && next > current) offsets.commitOffset(group, topic, queueId, next);
    // The queue may be unblocked now: held orderly pops of the topic try again.
    this.pop.notifyMessageArriving(topic);
  }

  private async changeInvisibleTime(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand> {
    const h = ChangeInvisibleTimeRequestHeader.decode(req.extFields);
    const e = this.check(h, channel);
    if (h.invisibleTime < 0) throw new Refused(ResponseCode.INVALID_PARAMETER, `invisibleTime must not be negative, got ${h.invisibleTime}`);
    const now = Date.now();
    if (e.reviveQid === POP_ORDER_REVIVE_QUEUE) {
      const current = this.ctx.offsets.queryOffset(h.consumerGroup, h.topic, h.queueId);
      let invisibleTime = e.invisibleTime;
      if (h.offset >= current && this.pop.orderInfo.updateNextVisibleTime(h.topic, h.consumerGroup, h.queueId, h.offset, e.popTime, now + h.invisibleTime)) {
        invisibleTime = now + h.invisibleTime - e.popTime;
        // A shorter invisibility can unblock the queue sooner than the pop's own time.
        if (h.invisibleTime === 0) this.pop.notifyMessageArriving(h.topic);
      }
      return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, ChangeInvisibleTimeResponseHeader.encode({ popTime: e.popTime, invisibleTime, reviveQid: e.reviveQid }));
    }
    const ck = { so: h.offset, pt: now, it: h.invisibleTime, bm: 0, n: 1, q: h.queueId, t: h.topic, c: h.consumerGroup, d: [0], bn: e.brokerName || this.ctx.config.brokerName };
    if (!(await this.pop.appendCheckpoint(ck, e.reviveQid))) return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, 'the new checkpoint could not be stored');
    const acked = await this.pop.appendAck({ ao: h.offset, so: e.ckQueueOffset, c: h.consumerGroup, t: h.topic, q: h.queueId, pt: e.popTime, bn: e.brokerName }, e.reviveQid);
    // The old checkpoint stays open: the message may come back twice (at-least-once), never not at all.
    if (!acked) this.ctx.log.warn({ topic: h.topic, queueId: h.queueId, offset: h.offset }, 'ack of the changed receipt not stored');
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, ChangeInvisibleTimeResponseHeader.encode({ popTime: now, invisibleTime: h.invisibleTime, reviveQid: e.reviveQid }));
  }
}
