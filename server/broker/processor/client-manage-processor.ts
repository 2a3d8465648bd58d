/** HEART_BEAT (34), UNREGISTER_CLIENT (35), CHECK_CLIENT_CONFIG (46). */
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import type { RequestProcessor } from '../../remoting/processor-table';
import { decodeHeartbeatData, subscriptionFromJava } from '../../remoting/body/heartbeat';
import { decodeJavaBody } from '../../remoting/fastjson';
import { compileFilter, FilterCompileError, isTagType } from '../../filter';
import { UnregisterClientRequestHeader } from '../../remoting/header/client-manage';
import type { BrokerContext } from '../broker-context';
import type { ClientChannelInfo } from '../clients/consumer-manager';
import { PERM_READ, PERM_WRITE } from '../topic/perm';
import { retryTopic } from '../topic/topic-validator';

export const CLIENT_MANAGE_CODES = [RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT, RequestCode.CHECK_CLIENT_CONFIG] as const;

export class ClientManageProcessor implements RequestProcessor {
  constructor(private readonly ctx: BrokerContext) {}

  handle(req: RemotingCommand, channel: RemotingChannel): RemotingCommand {
    switch (req.code) {
      case RequestCode.HEART_BEAT:
        return this.heartBeat(req, channel);
      case RequestCode.UNREGISTER_CLIENT:
        return this.unregisterClient(req, channel);
      default:
        return this.checkClientConfig(req);
    }
  }

  private heartBeat(req: RemotingCommand, channel: RemotingChannel): RemotingCommand {
    const hb = decodeHeartbeatData(req.body);
    const info: ClientChannelInfo = {
      channel,
      clientId: hb.clientID,
      language: req.language,
      version: req.version,
      lastUpdateTimestamp: Date.now(),
    };
    channel.attributes.clientId = hb.clientID;
    for (const cd of hb.consumerDataSet) {
      const gc = this.ctx.groups.findSubscriptionGroupConfig(cd.groupName);
      let notify = true;
      if (gc) {
        notify = gc.notifyConsumerIdsChangedEnable;
        if (cd.messageModel === 'CLUSTERING' && gc.retryQueueNums > 0) {
          this.ctx.topics.createTopicIfAbsent(retryTopic(cd.groupName), gc.retryQueueNums, PERM_READ | PERM_WRITE, 0);
        }
      }
      this.ctx.consumers.registerConsumer(
        cd.groupName,
        info,
        cd.consumeType,
        cd.messageModel,
        cd.consumeFromWhere,
        cd.subscriptionDataSet,
        notify,
      );
    }
    for (const pd of hb.producerDataSet) this.ctx.producers.registerProducer(pd.groupName, info);
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
  }

  private unregisterClient(req: RemotingCommand, channel: RemotingChannel): RemotingCommand {
    const h = UnregisterClientRequestHeader.decode(req.extFields);
    if (h.producerGroup) this.ctx.producers.unregisterProducer(h.producerGroup, channel);
    if (h.consumerGroup) {
      const gc = this.ctx.groups.get(h.consumerGroup);
      this.ctx.consumers.unregisterConsumer(h.consumerGroup, channel, gc?.notifyConsumerIdsChangedEnable ?? true);
    }
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
  }

  private checkClientConfig(req: RemotingCommand): RemotingCommand {
    const body = decodeJavaBody(req.body);
    const sub = subscriptionFromJava(body.subscriptionData);
    if (isTagType(sub.expressionType)) return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
    if (!this.ctx.config.enablePropertyFilter) {
      return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `The broker does not support consumer to filter message by ${sub.expressionType}`);
    }
    try {
      compileFilter(sub.subString, sub.expressionType);
    } catch (err) {
      if (!(err instanceof FilterCompileError)) throw err;
      // Apache's remark is the compile exception's message: the parser's own words, which the Java client shows.
      this.ctx.log.warn({ group: body.group, clientId: body.clientId, expression: sub.subString, reason: err.javaMessage }, 'filter expression does not compile');
      return RemotingCommand.responseTo(req, ResponseCode.SUBSCRIPTION_PARSE_FAILED, err.javaMessage);
    }
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
  }
}
