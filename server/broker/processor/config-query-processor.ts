/**
 * GET_TOPIC_CONFIG (351) and GET_SUBSCRIPTIONGROUP_CONFIG (352), RocketMQ 5.x's one-entry reads: a 5.x proxy in
 * cluster mode asks them for a topic's message type and a group's retry policy and orderliness instead of
 * fetching whole tables. Bodies are the Java objects' JSON (5.x's TopicConfigAndQueueMapping: the TopicConfig's
 * fields flat, no queue mapping since Orbit has no static topics).
 */
import { encodeJavaBody } from '../../remoting/fastjson';
import { GetSubscriptionGroupConfigRequestHeader } from '../../remoting/header/group-admin';
import { GetTopicConfigRequestHeader } from '../../remoting/header/topic-admin';
import type { RequestProcessor } from '../../remoting/processor-table';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { BrokerContext } from '../broker-context';

export const CONFIG_QUERY_CODES = [RequestCode.GET_TOPIC_CONFIG, RequestCode.GET_SUBSCRIPTIONGROUP_CONFIG] as const;

export class ConfigQueryProcessor implements RequestProcessor {
  constructor(private readonly ctx: BrokerContext) {}

  handle(req: RemotingCommand): RemotingCommand {
    if (req.code === RequestCode.GET_TOPIC_CONFIG) {
      const h = GetTopicConfigRequestHeader.decode(req.extFields);
      const tc = this.ctx.topics.get(h.topic);
      if (!tc) return RemotingCommand.responseTo(req, ResponseCode.TOPIC_NOT_EXIST, `No topic in this broker. topic: ${h.topic}`);
      return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeJavaBody({ ...tc, attributes: tc.attributes ?? {} }));
    }
    const h = GetSubscriptionGroupConfigRequestHeader.decode(req.extFields);
    const gc = this.ctx.groups.findSubscriptionGroupConfig(h.group);
    if (!gc) return RemotingCommand.responseTo(req, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, 'No group in this broker');
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeJavaBody(gc));
  }
}
