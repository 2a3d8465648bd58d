/**
 * Half (prepared) messages live in RMQ_SYS_TRANS_HALF_TOPIC; a decision on one is recorded as an "op"
 * message in RMQ_SYS_TRANS_OP_HALF_TOPIC whose body is the half message's queue offset (tag "d"), as in
 * Apache. Ops are the durable truth; the set of decided offsets is rebuilt from them at start.
 */
import type { Logger } from '../../common/logger';
import { MessageConst, MessageSysFlag, resetTransactionType } from '../../common/message/message-const';
import { decodeMessage, type MessageExt } from '../../common/message/message-decoder';
import { PutMessageStatus, type HostAddress, type MessageStore, type PutMessageResult } from '../../store/message-store';
import { buildInner, hostAddress } from '../message-inner';
import type { MessagePipeline } from '../message-pipeline';
import { RMQ_SYS_TRANS_HALF_TOPIC, RMQ_SYS_TRANS_OP_HALF_TOPIC } from '../topic/topic-validator';

export const REMOVE_TAG = 'd';

export class TransactionalMessageService {
  /** Half-queue offsets that have been committed, rolled back or given up on. */
  readonly decided = new Set<number>();

  constructor(
    private readonly store: MessageStore,
    private readonly pipeline: MessagePipeline,
    private readonly storeHost: HostAddress,
    private readonly log: Logger,
  ) {}

  /** Reads every op message still in the log into `decided`. */
  async load(): Promise<void> {
    const max = this.store.getMaxOffsetInQueue(RMQ_SYS_TRANS_OP_HALF_TOPIC, 0);
    let offset = Math.max(0, this.store.getMinOffsetInQueue(RMQ_SYS_TRANS_OP_HALF_TOPIC, 0));
    while (offset < max) {
      const r = await this.store.getMessage('CID_RMQ_SYS_TRANS', RMQ_SYS_TRANS_OP_HALF_TOPIC, 0, offset, 256, 8 * 1024 * 1024);
      if (r.messages.length === 0) break;
      for (const rec of r.messages) {
        const m = decodeMessage(rec, 0, { inflate: false });
        const half = Number(m.body.toString('utf8'));
        if (Number.isFinite(half)) this.decided.add(half);
      }
      offset = r.nextBeginOffset;
    }
    this.log.info({ decided: this.decided.size }, 'transaction ops loaded');
  }

  async lookHalf(commitLogOffset: number): Promise<MessageExt | undefined> {
    const rec = await this.store.lookMessageByOffset(commitLogOffset);
    if (!rec) return undefined;
    const m = decodeMessage(rec, 0, { inflate: false });
    return m.topic === RMQ_SYS_TRANS_HALF_TOPIC ? m : undefined;
  }

  /** Stores the committed message in its real topic. */
  commit(half: MessageExt): Promise<PutMessageResult> {
    const p = { ...half.properties };
    const topic = p[MessageConst.REAL_TOPIC];
    const queueId = Number(p[MessageConst.REAL_QUEUE_ID] ?? 0);
    delete p[MessageConst.REAL_TOPIC];
    delete p[MessageConst.REAL_QUEUE_ID];
    delete p[MessageConst.TRANSACTION_PREPARED];
    const inner = buildInner({
      topic,
      queueId,
      flag: half.flag,
      body: half.body,
      properties: p,
      sysFlag: resetTransactionType(half.sysFlag, MessageSysFlag.TRANSACTION_COMMIT_TYPE),
      bornTimestamp: half.bornTimestamp,
      bornHost: hostAddress(half.bornHost),
      storeHost: hostAddress(half.storeHost),
      reconsumeTimes: half.reconsumeTimes,
      preparedTransactionOffset: half.commitLogOffset,
    });
    return this.pipeline.put(inner);
  }

  /** Records the decision on a half message (commit, rollback, or given up). */
  async markDecided(half: MessageExt): Promise<boolean> {
    const inner = buildInner({
      topic: RMQ_SYS_TRANS_OP_HALF_TOPIC,
      queueId: 0,
      flag: 0,
      body: Buffer.from(String(half.queueOffset)),
      properties: { [MessageConst.TAGS]: REMOVE_TAG, [MessageConst.WAIT_STORE_MSG_OK]: 'false' },
      sysFlag: 0,
      bornTimestamp: Date.now(),
      bornHost: this.storeHost,
      storeHost: this.storeHost,
      reconsumeTimes: 0,
    });
    const r = await this.store.putMessage(inner);
    if (r.status !== PutMessageStatus.PUT_OK) {
      this.log.error({ status: r.status, offset: half.queueOffset }, 'could not record a transaction decision');
      return false;
    }
    this.decided.add(half.queueOffset);
    return true;
  }

  /** Appends the half message again with one more check counted; the old copy is then decided. */
  async putBackForCheck(half: MessageExt): Promise<MessageExt | undefined> {
    const p = { ...half.properties };
    p[MessageConst.TRANSACTION_CHECK_TIMES] = String(Number(p[MessageConst.TRANSACTION_CHECK_TIMES] ?? 0) + 1);
    const inner = buildInner({
      topic: RMQ_SYS_TRANS_HALF_TOPIC,
      queueId: 0,
      flag: half.flag,
      body: half.body,
      properties: p,
      sysFlag: half.sysFlag,
      bornTimestamp: half.bornTimestamp,
      bornHost: hostAddress(half.bornHost),
      storeHost: hostAddress(half.storeHost),
      reconsumeTimes: half.reconsumeTimes,
    });
    const r = await this.store.putMessage(inner);
    if (r.status !== PutMessageStatus.PUT_OK || !r.appendResult) return undefined;
    if (!(await this.markDecided(half))) return undefined;
    return { ...half, properties: p, queueOffset: r.appendResult.logicsOffset, commitLogOffset: r.appendResult.wroteOffset, offsetMsgId: r.appendResult.msgId };
  }
}
