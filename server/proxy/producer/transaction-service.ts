/**
 * Transactions through the proxy (§7.3): a transactional send's broker and offsets are kept per (producer group =
 * topic, transaction id) for `transactionDataExpireMs`, and EndTransaction turns them into a one-way END_TRANSACTION
 * to that broker. A broker's CHECK_TRANSACTION_STATE to the proxy (registered as producer of group = topic) is
 * relayed as RecoverOrphanedTransactionCommand on the Telemetry stream of a producer whose settings list the topic;
 * its offsets are kept again so the client's answer (EndTransaction, source SERVER_CHECK) finds them.
 */
import type { LogSink } from '../../common/log-sink';
import { MessageConst, MessageSysFlag } from '../../common/message/message-const';
import type { MessageExt } from '../../common/message/message-decoder';
import type { CheckTransactionStateHeader } from '../../client/impl/client-instance';
import { EndTransactionRequestHeader } from '../../remoting/header/transaction';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import type { ClientManager } from '../client/client-manager';
import type { BrokerAccess } from '../cluster/broker-access';
import { ProxyError } from '../grpc/codes';
import { toProtoMessage } from '../grpc/message-view';
import { validTopic } from '../grpc/names';
import type { Resource } from '../grpc/proto-types';

export interface TransactionData {
  brokerAddr: string;
  commitLogOffset: number;
  tranStateTableOffset: number;
  expiresAtMs: number;
}

export interface EndTransactionRequest {
  topic?: Resource;
  messageId?: string;
  transactionId?: string;
  resolution?: 'TRANSACTION_RESOLUTION_UNSPECIFIED' | 'COMMIT' | 'ROLLBACK';
  source?: 'SOURCE_UNSPECIFIED' | 'SOURCE_CLIENT' | 'SOURCE_SERVER_CHECK';
}

const key = (group: string, txId: string) => `${group}\u0001${txId}`;

export class TransactionService {
  private readonly data = new Map<string, TransactionData>();

  constructor(
    private readonly access: BrokerAccess,
    private readonly clients: ClientManager,
    private readonly expireMs: number,
    private readonly log: LogSink,
  ) {
    access.onTransactionCheck = (addr, msg, header) => this.onCheck(addr, msg, header);
  }

  add(group: string, txId: string, d: Omit<TransactionData, 'expiresAtMs'>): void {
    const now = Date.now();
    // Expired entries go on the way in: the map stays bounded by the sends of the last expireMs.
    for (const [k, v] of this.data) if (v.expiresAtMs <= now) this.data.delete(k);
    this.data.set(key(group, txId), { ...d, expiresAtMs: now + this.expireMs });
  }

  private poll(group: string, txId: string): TransactionData | undefined {
    const k = key(group, txId);
    const d = this.data.get(k);
    this.data.delete(k);
    return d && d.expiresAtMs > Date.now() ? d : undefined;
  }

  async endTransaction(req: EndTransactionRequest): Promise<void> {
    const topic = validTopic(req.topic);
    const txId = req.transactionId ?? '';
    if (txId.trim() === '') throw new ProxyError('INVALID_TRANSACTION_ID', 'transaction id cannot be empty');
    const d = this.poll(topic, txId);
    if (!d) throw new ProxyError('INTERNAL_SERVER_ERROR', `cannot found transaction data: ${txId}`);
    const commitOrRollback =
      req.resolution === 'COMMIT'
        ? MessageSysFlag.TRANSACTION_COMMIT_TYPE
        : req.resolution === 'ROLLBACK'
          ? MessageSysFlag.TRANSACTION_ROLLBACK_TYPE
          : MessageSysFlag.TRANSACTION_NOT_TYPE;
    const cmd = RemotingCommand.request(
      RequestCode.END_TRANSACTION,
      EndTransactionRequestHeader.encode({
        producerGroup: topic,
        tranStateTableOffset: d.tranStateTableOffset,
        commitLogOffset: d.commitLogOffset,
        commitOrRollback,
        fromTransactionCheck: req.source === 'SOURCE_SERVER_CHECK',
        msgId: req.messageId ?? '',
        transactionId: txId,
      }),
    );
    await this.access.invokeOneway(d.brokerAddr, cmd);
  }

  private onCheck(brokerAddr: string, msg: MessageExt, header: CheckTransactionStateHeader): void {
    const topic = msg.properties[MessageConst.REAL_TOPIC] ?? msg.topic;
    const group = msg.properties[MessageConst.PRODUCER_GROUP] ?? topic;
    const txId = header.transactionId || msg.properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] || header.msgId || '';
    if (!txId) return;
    const producers = this.clients.producersOf(topic);
    if (producers.length === 0) {
      this.log.debug({ topic, txId }, 'transaction check with no producer of the topic connected');
      return;
    }
    this.add(group, txId, { brokerAddr, commitLogOffset: header.commitLogOffset, tranStateTableOffset: header.tranStateTableOffset });
    const target = producers[Math.floor(Math.random() * producers.length)];
    const message = toProtoMessage(msg, { topic });
    this.clients.send(target, { recoverOrphanedTransactionCommand: { message, transactionId: txId } });
  }
}
