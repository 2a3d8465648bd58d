/**
 * Asks producers about transactions left open: every `transactionCheckInterval` the half queue is walked
 * from the check offset; an undecided half message older than `transactionTimeOut` is put back (one more
 * check counted) and CHECK_TRANSACTION_STATE goes to a live producer of its group; past
 * `transactionCheckMax` checks it is given up and logged, as Apache does.
 */
import type { Logger } from '../../common/logger';
import { MessageConst } from '../../common/message/message-const';
import { decodeMessage } from '../../common/message/message-decoder';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { CheckTransactionStateRequestHeader } from '../../remoting/header/transaction';
import type { BrokerContext } from '../broker-context';
import { RMQ_SYS_TRANS_HALF_TOPIC } from '../topic/topic-validator';
import { recordForCheck } from './check-message';
import type { TransactionalMessageService } from './transactional-message-service';

export const TRANS_CHECK_GROUP = 'CID_RMQ_SYS_TRANS';

export class TransactionCheckService {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly ctx: BrokerContext,
    private readonly tx: TransactionalMessageService,
    private readonly log: Logger,
  ) {}

  start(): void {
    const period = Math.max(1000, Math.min(this.ctx.config.transactionCheckInterval, 60_000));
    this.timer = setInterval(() => void this.check(), period);
    this.timer.unref();
  }

  async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  async check(now = Date.now()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.walk(now);
    } catch (err) {
      this.log.error({ err }, 'transaction check round failed');
    } finally {
      this.running = false;
    }
  }

  private async walk(now: number): Promise<void> {
    const c = this.ctx;
    const max = c.store.getMaxOffsetInQueue(RMQ_SYS_TRANS_HALF_TOPIC, 0);
    let offset = Math.max(c.offsets.queryOffset(TRANS_CHECK_GROUP, RMQ_SYS_TRANS_HALF_TOPIC, 0), c.store.getMinOffsetInQueue(RMQ_SYS_TRANS_HALF_TOPIC, 0), 0);
    // Only messages present when the round began are looked at: put-backs land after `max`.
    scan: while (offset < max) {
      const r = await c.store.getMessage(TRANS_CHECK_GROUP, RMQ_SYS_TRANS_HALF_TOPIC, 0, offset, 32, 4 * 1024 * 1024);
      if (r.messages.length === 0) {
        if (r.nextBeginOffset > offset) offset = r.nextBeginOffset;
        break;
      }
      for (const rec of r.messages) {
        const half = decodeMessage(rec, 0, { inflate: false });
        if (half.queueOffset >= max) break scan;
        if (!this.tx.decided.has(half.queueOffset)) {
          const immunity = Number(half.properties[MessageConst.CHECK_IMMUNITY_TIME_IN_SECONDS] ?? 0) * 1000;
          const wait = Math.max(c.config.transactionTimeOut, immunity);
          if (now - half.bornTimestamp < wait) break scan; // later ones are younger still
          const checks = Number(half.properties[MessageConst.TRANSACTION_CHECK_TIMES] ?? 0);
          if (checks >= c.config.transactionCheckMax) {
            this.log.warn({ msgId: half.msgId, topic: half.properties[MessageConst.REAL_TOPIC], checks }, 'transaction given up after the maximum check count; discarded');
            await this.tx.markDecided(half);
          } else {
            const fresh = await this.tx.putBackForCheck(half);
            if (!fresh) break scan;
            this.askProducer(fresh);
          }
        }
        offset = half.queueOffset + 1;
      }
    }
    c.offsets.commitOffset(TRANS_CHECK_GROUP, RMQ_SYS_TRANS_HALF_TOPIC, 0, offset);
  }

  private askProducer(half: ReturnType<typeof decodeMessage>): void {
    const group = half.properties[MessageConst.PRODUCER_GROUP] ?? '';
    const info = this.ctx.producers.pickChannel(group);
    if (!info) {
      this.log.warn({ group, msgId: half.msgId }, 'no producer online to check a transaction');
      return;
    }
    const header = CheckTransactionStateRequestHeader.encode({
      tranStateTableOffset: half.queueOffset,
      commitLogOffset: half.commitLogOffset,
      msgId: half.properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? half.offsetMsgId,
      transactionId: half.properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? half.offsetMsgId,
      offsetMsgId: half.offsetMsgId,
    });
    void this.ctx.store.lookMessageByOffset(half.commitLogOffset).then((rec) => {
      if (rec) this.ctx.broker2Client.oneway(info.channel, RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE, header, recordForCheck(rec)));
    });
  }
}
