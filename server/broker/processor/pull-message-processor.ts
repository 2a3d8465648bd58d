/** PULL_MESSAGE (11): read a queue from an offset, filter by tag code, hold the request when nothing is there. */
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import type { RequestProcessor } from '../../remoting/processor-table';
import { PullMessageRequestHeader, PullMessageResponseHeader, PullSysFlag } from '../../remoting/header/pull-message';
import type { SubscriptionData } from '../../remoting/body/heartbeat';
import type { BrokerContext } from '../broker-context';
import type { HeldPull } from '../long-polling/pull-request-hold-service';
import { isReadable } from '../topic/perm';
import { GetMessageStatus, type MessageFilter } from '../../store/message-store';
import { recordsForClient } from '../../store/record-codec';
import { FilterCompileError, isTagType } from '../../filter';
import { SubscriptionParseError, buildSubscriptionData } from '../subscription/filter-api';
import { messageFilterFor, sqlFilterOf, type RetryFilterSource } from '../subscription/message-filter';

const FAQ = '\nSee http://rocketmq.apache.org/docs/faq/ for further details.';
/** RocketMQ's in-memory transfer limit per pull. */
const MAX_TRANSFER_BYTES = 256 * 1024;

export const PULL_CODES = [RequestCode.PULL_MESSAGE] as const;

export class PullMessageProcessor implements RequestProcessor {
  private readonly retrySource: RetryFilterSource = {
    subscriptionOf: (group, topic) => this.ctx.consumers.getGroup(group)?.subscriptions.get(topic),
  };

  constructor(private readonly ctx: BrokerContext) {
    ctx.pullHold.setWakeUp((held) => void this.wakeUp(held));
  }

  handle(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand | null> {
    return this.process(req, channel, true);
  }

  private async wakeUp(held: HeldPull): Promise<void> {
    try {
      const res = await this.process(held.request, held.channel, false);
      if (!res) return;
      res.opaque = held.request.opaque;
      res.flag |= 1;
      res.serializeType = held.request.serializeType;
      held.channel.write(res);
    } catch (err) {
      this.ctx.log.error({ err }, 'held pull failed on wake-up');
      held.channel.write(RemotingCommand.responseTo(held.request, ResponseCode.SYSTEM_ERROR, (err as Error).message));
    }
  }

  private async process(req: RemotingCommand, channel: RemotingChannel, allowSuspend: boolean): Promise<RemotingCommand | null> {
    const c = this.ctx;
    const h = PullMessageRequestHeader.decode(req.extFields);
    // ali-ons reads extFields of every pull response: never leave it null.
    const fail = (code: number, remark: string) => RemotingCommand.responseTo(req, code, remark, {});

    if (!isReadable(c.config.brokerPermission)) return fail(ResponseCode.NO_PERMISSION, `the broker[${c.config.brokerIP1}] pulling message is forbidden`);
    const gc = c.groups.findSubscriptionGroupConfig(h.consumerGroup);
    if (!gc) return fail(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, `subscription group [${h.consumerGroup}] does not exist, ${FAQ}`);
    if (!gc.consumeEnable) return fail(ResponseCode.NO_PERMISSION, `subscription group no permission, ${h.consumerGroup}`);

    const hasSuspend = (h.sysFlag & PullSysFlag.SUSPEND) !== 0;
    const hasCommit = (h.sysFlag & PullSysFlag.COMMIT_OFFSET) !== 0;
    const hasSubscription = (h.sysFlag & PullSysFlag.SUBSCRIPTION) !== 0;

    const tc = c.topics.get(h.topic);
    if (!tc) return fail(ResponseCode.TOPIC_NOT_EXIST, `topic[${h.topic}] not exist, apply first please! ${FAQ}`);
    if (!isReadable(tc.perm)) return fail(ResponseCode.NO_PERMISSION, `the topic[${h.topic}] pulling message is forbidden`);
    if (h.queueId < 0 || h.queueId >= tc.readQueueNums) {
      return fail(
        ResponseCode.SYSTEM_ERROR,
        `queueId[${h.queueId}] is illegal, topic:[${h.topic}] topicConfig.readQueueNums:[${tc.readQueueNums}] consumer:[${channel.remoteAddr}]`,
      );
    }

    let sub: SubscriptionData | undefined;
    if (hasSubscription) {
      try {
        sub = buildSubscriptionData(h.topic, h.subscription, h.subVersion, h.expressionType ?? 'TAG');
      } catch (err) {
        if (err instanceof SubscriptionParseError) return fail(ResponseCode.SUBSCRIPTION_PARSE_FAILED, err.message);
        throw err;
      }
    } else {
      const group = c.consumers.getGroup(h.consumerGroup);
      if (!group) return fail(ResponseCode.SUBSCRIPTION_NOT_EXIST, `the consumer's group info not exist${FAQ}`);
      if (!gc.consumeBroadcastEnable && group.messageModel === 'BROADCASTING') {
        return fail(ResponseCode.NO_PERMISSION, `the consumer group[${h.consumerGroup}] can not consume by broadcast way`);
      }
      sub = group.subscriptions.get(h.topic);
      if (!sub) return fail(ResponseCode.SUBSCRIPTION_NOT_EXIST, `the consumer's subscription not exist${FAQ}`);
      if (sub.subVersion < h.subVersion) return fail(ResponseCode.SUBSCRIPTION_NOT_LATEST, `the consumer's subscription not latest`);
    }
    if (!isTagType(sub.expressionType)) {
      if (!c.config.enablePropertyFilter) return fail(ResponseCode.SYSTEM_ERROR, `The broker does not support consumer to filter message by ${sub.expressionType}`);
      try {
        sqlFilterOf(sub);
      } catch (err) {
        if (!(err instanceof FilterCompileError)) throw err;
        // Apache matches everything here (its null filter slips past a disabled assert); Orbit refuses instead.
        return hasSubscription
          ? fail(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "parse the consumer's subscription failed")
          : fail(ResponseCode.FILTER_DATA_NOT_EXIST, "The broker's consumer filter data is not exist!Your expression may be wrong!");
      }
    }
    const filterRetry = c.config.enablePropertyFilter && c.config.filterSupportRetry;
    const filter: MessageFilter | undefined = messageFilterFor(sub, filterRetry ? this.retrySource : undefined);

    const r = await c.store.getMessage(h.consumerGroup, h.topic, h.queueId, h.queueOffset, Math.max(1, h.maxMsgNums), MAX_TRANSFER_BYTES, filter);
    let code: number;
    switch (r.status) {
      case GetMessageStatus.FOUND:
        code = ResponseCode.SUCCESS;
        break;
      case GetMessageStatus.NO_MATCHED_MESSAGE:
      case GetMessageStatus.MESSAGE_WAS_REMOVING:
        code = ResponseCode.PULL_RETRY_IMMEDIATELY;
        break;
      case GetMessageStatus.NO_MATCHED_LOGIC_QUEUE:
      case GetMessageStatus.NO_MESSAGE_IN_QUEUE:
        code = h.queueOffset !== 0 ? ResponseCode.PULL_OFFSET_MOVED : ResponseCode.PULL_NOT_FOUND;
        break;
      case GetMessageStatus.OFFSET_FOUND_NULL:
      case GetMessageStatus.OFFSET_OVERFLOW_ONE:
        code = ResponseCode.PULL_NOT_FOUND;
        break;
      case GetMessageStatus.OFFSET_OVERFLOW_BADLY:
      case GetMessageStatus.OFFSET_TOO_SMALL:
        code = ResponseCode.PULL_OFFSET_MOVED;
        break;
      case GetMessageStatus.MESSAGE_DAMAGED:
        // Not PULL_RETRY_IMMEDIATELY: the client must not spin on a range the broker will not serve.
        code = ResponseCode.SYSTEM_ERROR;
        break;
      default:
        code = ResponseCode.SYSTEM_ERROR;
    }
    // Which broker of the group the consumer should pull from next (Apache's rules: a master sends a lagging
    // consumer to a slave only with slaveReadEnable; a slave out of range says "retry" unless offsetCheckInSlave).
    let suggestWhichBrokerId = 0;
    if (c.config.slaveReadEnable) suggestWhichBrokerId = r.suggestPullingFromSlave ? gc.whichBrokerWhenConsumeSlowly : gc.brokerId;
    if (code === ResponseCode.PULL_OFFSET_MOVED && c.config.brokerRole === 'SLAVE' && !c.config.offsetCheckInSlave) {
      code = ResponseCode.PULL_RETRY_IMMEDIATELY;
      suggestWhichBrokerId = gc.brokerId;
    }

    // The offset the client sends is committed once, on the first pass, before any hold.
    if (allowSuspend && hasCommit && c.config.brokerRole !== 'SLAVE') {
      c.offsets.commitOffset(h.consumerGroup, h.topic, h.queueId, h.commitOffset);
    }

    if (r.status === GetMessageStatus.MESSAGE_DAMAGED) {
      return fail(ResponseCode.SYSTEM_ERROR, `the stored message of ${h.topic} queue ${h.queueId} is damaged (${r.damage ?? 'see the broker log'})`);
    }

    if (code === ResponseCode.PULL_NOT_FOUND && allowSuspend && hasSuspend) {
      const holdMs = c.config.longPollingEnable ? h.suspendTimeoutMillis : c.config.shortPollingTimeMills;
      if (holdMs > 0) {
        c.pullHold.suspend({ request: req, channel, topic: h.topic, queueId: h.queueId, pullFromThisOffset: h.queueOffset, filter }, holdMs);
        return null;
      }
    }

    const res = RemotingCommand.responseTo(
      req,
      code,
      GetMessageStatus[r.status],
      PullMessageResponseHeader.encode({
        suggestWhichBrokerId,
        nextBeginOffset: r.nextBeginOffset,
        minOffset: r.minOffset,
        maxOffset: r.maxOffset,
      }),
    );
    if (code === ResponseCode.SUCCESS) {
      res.body = recordsForClient(r.messages);
      c.stats.incGroupGet(h.consumerGroup, h.topic, r.messages.length, r.bufferTotalSize);
    }
    return res;
  }
}
