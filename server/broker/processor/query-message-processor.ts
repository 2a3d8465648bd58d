/** QUERY_MESSAGE (12): messages by key in a time range; VIEW_MESSAGE_BY_ID (33): one record by commit-log offset. */
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RequestProcessor } from '../../remoting/processor-table';
import { QueryMessageRequestHeader, QueryMessageResponseHeader, ViewMessageRequestHeader } from '../../remoting/header/query-message';
import { recordsForClient } from '../../store/record-codec';
import type { BrokerContext } from '../broker-context';

export const QUERY_MESSAGE_CODES = [RequestCode.QUERY_MESSAGE, RequestCode.VIEW_MESSAGE_BY_ID] as const;

export class QueryMessageProcessor implements RequestProcessor {
  constructor(private readonly ctx: BrokerContext) {}

  async handle(req: RemotingCommand): Promise<RemotingCommand> {
    if (req.code === RequestCode.VIEW_MESSAGE_BY_ID) {
      const h = ViewMessageRequestHeader.decode(req.extFields);
      const record = await this.ctx.store.lookMessageByOffset(h.offset);
      if (!record) return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `can not find message by the offset, ${h.offset}`);
      return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, recordsForClient([record]));
    }
    const h = QueryMessageRequestHeader.decode(req.extFields);
    // A unique-key lookup (the Java client's queryMessageByUniqKey) wants every copy; others are capped.
    const unique = String(req.extFields?._UNIQUE_KEY_QUERY ?? '') === 'true';
    const maxNum = unique ? Math.max(1, h.maxNum) : Math.min(Math.max(1, h.maxNum), this.ctx.config.defaultQueryMaxNum);
    const r = await this.ctx.store.queryMessage(h.topic, h.key, maxNum, h.beginTimestamp, h.endTimestamp);
    const ext = QueryMessageResponseHeader.encode({
      indexLastUpdateTimestamp: r.indexLastUpdateTimestamp,
      indexLastUpdatePhyoffset: r.indexLastUpdatePhyoffset,
    });
    if (r.messages.length === 0) {
      return RemotingCommand.responseTo(req, ResponseCode.QUERY_NOT_FOUND, 'can not find message, maybe time range not correct', ext);
    }
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, ext, recordsForClient(r.messages));
  }
}
