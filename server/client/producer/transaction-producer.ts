/**
 * Transactional sends (Java's TransactionMQProducer): a half message (TRAN_MSG=true, PGROUP), then the local
 * transaction, then END_TRANSACTION (oneway) with its outcome; the broker's CHECK_TRANSACTION_STATE calls are
 * answered with the check listener's verdict (END_TRANSACTION with fromTransactionCheck=true).
 */
import { ClientError } from '../../common/errors';
import { MessageConst, MessageSysFlag } from '../../common/message/message-const';
import type { MessageExt as StoredMessage } from '../../common/message/message-decoder';
import type { CheckTransactionStateHeader } from '../impl/client-instance';
import { toMessageExt, type Message, type MessageExt } from '../impl/message';
import { commitLogOffsetOf } from '../impl/mq-client-api';
import { endTransactionContext } from '../trace/trace-hooks';
import { Producer, messageProperties, type ProducerOptions, type SendOptions, type SendResult } from './producer';

/** Outcome of a local transaction (Java's names, including the `UNKNOW` spelling). */
export type LocalTransactionState = 'COMMIT_MESSAGE' | 'ROLLBACK_MESSAGE' | 'UNKNOW';

/** The application's side of a transaction. */
export interface TransactionListener {
  /** Runs the local transaction once the half message is stored. Throwing counts as UNKNOW. */
  executeLocalTransaction(msg: Message, arg: unknown, ctx: { msgId: string; transactionId: string }): Promise<LocalTransactionState> | LocalTransactionState;
  /** Answers the broker's question about a half message whose outcome it has not heard. */
  checkLocalTransaction(msg: MessageExt): Promise<LocalTransactionState> | LocalTransactionState;
}

/** What sendMessageInTransaction returns. */
export interface TransactionSendResult extends SendResult {
  localTransactionState: LocalTransactionState;
}

function commitOrRollbackOf(state: LocalTransactionState): number {
  switch (state) {
    case 'COMMIT_MESSAGE':
      return MessageSysFlag.TRANSACTION_COMMIT_TYPE;
    case 'ROLLBACK_MESSAGE':
      return MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;
    default:
      return MessageSysFlag.TRANSACTION_NOT_TYPE;
  }
}

/** Options of a TransactionProducer. */
export interface TransactionProducerOptions extends ProducerOptions {
  transactionListener: TransactionListener;
}

/**
 * A producer of transactional messages.
 *
 * ```ts
 * const p = new TransactionProducer({ namesrvAddr, producerGroup: 'tx', transactionListener: {
 *   executeLocalTransaction: async () => 'COMMIT_MESSAGE',
 *   checkLocalTransaction: async () => 'COMMIT_MESSAGE' } });
 * await p.start();
 * await p.sendMessageInTransaction({ topic: 'T', body: 'x' });
 * ```
 */
export class TransactionProducer extends Producer {
  private readonly listener: TransactionListener;

  constructor(options: TransactionProducerOptions) {
    super(options);
    if (!options.transactionListener) throw new ClientError('BAD_CONFIG', 'transactionListener is null');
    this.listener = options.transactionListener;
  }

  /**
   * Sends a half message, runs the local transaction and reports its outcome to the broker. `options.signal` aborts
   * the half message's send only: once the broker holds it, the local transaction runs and its outcome is reported.
   */
  async sendMessageInTransaction(msg: Message, arg?: unknown, options: Pick<SendOptions, 'timeoutMs' | 'signal'> = {}): Promise<TransactionSendResult> {
    if (msg.delayTimeLevel) throw new ClientError('MESSAGE_ILLEGAL', 'delay level is not supported for transaction messages');
    const half: Message = {
      ...msg,
      properties: { ...(msg.properties ?? {}), [MessageConst.TRANSACTION_PREPARED]: 'true', [MessageConst.PRODUCER_GROUP]: this.group },
    };
    const sent = await this.send(half, options);
    let state: LocalTransactionState = 'UNKNOW';
    let localError: unknown;
    if (sent.sendStatus === 'SEND_OK') {
      try {
        state = await this.listener.executeLocalTransaction(msg, arg, { msgId: sent.msgId, transactionId: sent.transactionId ?? sent.msgId });
      } catch (err) {
        localError = err;
        this.client().log.info({ msgId: sent.msgId, err: (err as Error).message }, 'local transaction threw; leaving the outcome unknown');
        state = 'UNKNOW';
      }
    } else {
      state = 'ROLLBACK_MESSAGE';
    }
    try {
      await this.endTransaction(half, sent, state, localError);
    } catch (err) {
      this.client().log.warn({ msgId: sent.msgId, err: (err as Error).message }, 'END_TRANSACTION failed; the broker will check back');
    }
    return { ...sent, localTransactionState: state };
  }

  /** Java's EndTransactionTraceHookImpl: one record per outcome reported, the local one or a check's answer. */
  private traceEndTransaction(msg: Message, brokerAddr: string, msgId: string, transactionId: string, state: LocalTransactionState, fromTransactionCheck: boolean): void {
    if (!this.trace || msg.topic.startsWith(this.trace.traceTopic)) return;
    const properties = messageProperties(msg);
    this.trace.append(endTransactionContext({ group: this.group, topic: msg.topic, properties, brokerAddr, msgId, transactionId, state, fromTransactionCheck }));
  }

  private async endTransaction(half: Message, sent: SendResult, state: LocalTransactionState, localError: unknown): Promise<void> {
    const inst = this.client();
    const addr = await inst.brokerAddrFor(sent.messageQueue.brokerName, sent.messageQueue.topic);
    this.traceEndTransaction(half, addr, sent.msgId, sent.transactionId ?? sent.msgId, state, false);
    await inst.api.endTransactionOneway(
      addr,
      {
        producerGroup: this.group,
        tranStateTableOffset: sent.queueOffset,
        commitLogOffset: commitLogOffsetOf(sent.offsetMsgId),
        commitOrRollback: commitOrRollbackOf(state),
        fromTransactionCheck: false,
        msgId: sent.msgId,
        transactionId: sent.transactionId ?? sent.msgId,
      },
      localError ? `executeLocalTransactionBranch exception: ${String((localError as Error).message ?? localError)}` : undefined,
    );
  }

  override checkTransactionState = (brokerAddr: string, stored: StoredMessage, header: CheckTransactionStateHeader): void => {
    const inst = this.client();
    const msg = toMessageExt(stored, '');
    const uniq = stored.properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? header.msgId ?? stored.msgId;
    void (async () => {
      let state: LocalTransactionState = 'UNKNOW';
      try {
        state = await this.listener.checkLocalTransaction(msg);
      } catch (err) {
        inst.log.warn({ msgId: uniq, err: (err as Error).message }, 'checkLocalTransaction threw');
      }
      this.traceEndTransaction({ topic: msg.topic, body: msg.body, tags: msg.tags, keys: msg.keys, properties: msg.properties }, brokerAddr, uniq, header.transactionId ?? uniq, state, true);
      await inst.api.endTransactionOneway(brokerAddr, {
        producerGroup: this.group,
        tranStateTableOffset: header.tranStateTableOffset,
        commitLogOffset: header.commitLogOffset,
        commitOrRollback: commitOrRollbackOf(state),
        fromTransactionCheck: true,
        msgId: uniq,
        transactionId: header.transactionId,
      });
    })().catch((err) => inst.log.warn({ err: (err as Error).message }, 'answering a transaction check failed'));
  };
}
