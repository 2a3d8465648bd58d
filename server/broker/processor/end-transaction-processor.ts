/** END_TRANSACTION (37): a producer's commit or rollback of a half message. */
import { MessageConst, MessageSysFlag } from '../../common/message/message-const';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { RequestProcessor } from '../../remoting/processor-table';
import { EndTransactionRequestHeader } from '../../remoting/header/transaction';
import type { BrokerContext } from '../broker-context';
import type { TransactionalMessageService } from '../transaction/transactional-message-service';
import { putStatusToResponse } from './put-status';

export const END_TRANSACTION_CODES = [RequestCode.END_TRANSACTION] as const;

export class EndTransactionProcessor implements RequestProcessor {
  constructor(
    private readonly ctx: BrokerContext,
    private readonly tx: TransactionalMessageService,
  ) {}

  async handle(req: RemotingCommand): Promise<RemotingCommand | null> {
    const h = EndTransactionRequestHeader.decode(req.extFields);
    const fail = (code: number, remark: string) => RemotingCommand.responseTo(req, code, remark);
    if (this.ctx.config.brokerRole === 'SLAVE') return fail(ResponseCode.SLAVE_NOT_AVAILABLE, 'Message store is slave mode, so end transaction is forbidden. ');
    if (h.commitOrRollback === MessageSysFlag.TRANSACTION_NOT_TYPE) return null; // UNKNOW: wait for the check-back
    if (h.commitOrRollback !== MessageSysFlag.TRANSACTION_COMMIT_TYPE && h.commitOrRollback !== MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
      return fail(ResponseCode.SYSTEM_ERROR, `unknown commitOrRollback ${h.commitOrRollback}`);
    }
    const half = await this.tx.lookHalf(h.commitLogOffset);
    if (!half) return fail(ResponseCode.SYSTEM_ERROR, 'Find prepared transaction message failed');
    if (half.properties[MessageConst.PRODUCER_GROUP] !== h.producerGroup) {
      return fail(ResponseCode.SYSTEM_ERROR, 'The producer group wrong');
    }
    if (half.queueOffset !== h.tranStateTableOffset) return fail(ResponseCode.SYSTEM_ERROR, 'The transaction state table offset wrong');
    if (this.tx.decided.has(half.queueOffset)) return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
    if (h.commitOrRollback === MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
      const r = await this.tx.commit(half);
      const res = putStatusToResponse(r.status);
      if (res.code !== ResponseCode.SUCCESS) return fail(res.code, res.remark ?? 'commit failed');
      this.ctx.stats.incTopicPut(half.properties[MessageConst.REAL_TOPIC] ?? '', 1, half.body.length);
    }
    await this.tx.markDecided(half);
    return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
  }
}
