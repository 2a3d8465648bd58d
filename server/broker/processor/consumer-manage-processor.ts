/** GET_CONSUMER_LIST_BY_GROUP (38), QUERY_CONSUMER_OFFSET (14), UPDATE_CONSUMER_OFFSET (15). */
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RequestProcessor } from '../../remoting/processor-table';
import { encodeConsumerList } from '../../remoting/body/heartbeat';
import { GetConsumerListByGroupRequestHeader } from '../../remoting/header/client-manage';
import {
  QueryConsumerOffsetRequestHeader,
  QueryConsumerOffsetResponseHeader,
  UpdateConsumerOffsetRequestHeader,
} from '../../remoting/header/consumer-offset';
import type { BrokerContext } from '../broker-context';

export const CONSUMER_MANAGE_CODES = [
  RequestCode.GET_CONSUMER_LIST_BY_GROUP,
  RequestCode.QUERY_CONSUMER_OFFSET,
  RequestCode.UPDATE_CONSUMER_OFFSET,
] as const;

export class ConsumerManageProcessor implements RequestProcessor {
  constructor(private readonly ctx: BrokerContext) {}

  async handle(req: RemotingCommand): Promise<RemotingCommand> {
    switch (req.code) {
      case RequestCode.GET_CONSUMER_LIST_BY_GROUP: {
        const h = GetConsumerListByGroupRequestHeader.decode(req.extFields);
        const g = this.ctx.consumers.getGroup(h.consumerGroup);
        const ids = g ? [...g.channels.values()].map((i) => i.clientId) : [];
        if (ids.length === 0) {
          return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `no consumer for this group, ${h.consumerGroup}`);
        }
        return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeConsumerList(ids));
      }
      case RequestCode.UPDATE_CONSUMER_OFFSET: {
        const h = UpdateConsumerOffsetRequestHeader.decode(req.extFields);
        this.ctx.offsets.commitOffset(h.consumerGroup, h.topic, h.queueId, h.commitOffset);
        return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
      }
      default: {
        const h = QueryConsumerOffsetRequestHeader.decode(req.extFields);
        const offset = this.ctx.offsets.queryOffset(h.consumerGroup, h.topic, h.queueId);
        if (offset >= 0) {
          return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, QueryConsumerOffsetResponseHeader.encode({ offset }));
        }
        // No committed offset: a queue that still starts at 0 is read from the start (Apache checks that
        // entry 0 is still in memory; Orbit's store serves it from disk just as well).
        const minOffset = this.ctx.store.getMinOffsetInQueue(h.topic, h.queueId);
        if (minOffset <= 0) {
          return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, QueryConsumerOffsetResponseHeader.encode({ offset: 0 }));
        }
        return RemotingCommand.responseTo(req, ResponseCode.QUERY_NOT_FOUND, 'Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first', {});
      }
    }
  }
}
