/** Message property keys (MessageConst), sysFlag bits (MessageSysFlag) and record magic codes. */

export const MessageConst = {
  KEYS: 'KEYS',
  TAGS: 'TAGS',
  WAIT_STORE_MSG_OK: 'WAIT',
  DELAY_TIME_LEVEL: 'DELAY',
  RETRY_TOPIC: 'RETRY_TOPIC',
  REAL_TOPIC: 'REAL_TOPIC',
  REAL_QUEUE_ID: 'REAL_QID',
  TRANSACTION_PREPARED: 'TRAN_MSG',
  PRODUCER_GROUP: 'PGROUP',
  MIN_OFFSET: 'MIN_OFFSET',
  MAX_OFFSET: 'MAX_OFFSET',
  BUYER_ID: 'BUYER_ID',
  ORIGIN_MESSAGE_ID: 'ORIGIN_MESSAGE_ID',
  TRANSFER_FLAG: 'TRANSFER_FLAG',
  CORRECTION_FLAG: 'CORRECTION_FLAG',
  MQ2_FLAG: 'MQ2_FLAG',
  RECONSUME_TIME: 'RECONSUME_TIME',
  MSG_REGION: 'MSG_REGION',
  TRACE_SWITCH: 'TRACE_ON',
  UNIQ_CLIENT_MESSAGE_ID_KEYIDX: 'UNIQ_KEY',
  MAX_RECONSUME_TIMES: 'MAX_RECONSUME_TIMES',
  CONSUME_START_TIMESTAMP: 'CONSUME_START_TIME',
  TRANSACTION_PREPARED_QUEUE_OFFSET: 'TRAN_PREPARED_QUEUE_OFFSET',
  TRANSACTION_CHECK_TIMES: 'TRANSACTION_CHECK_TIMES',
  CHECK_IMMUNITY_TIME_IN_SECONDS: 'CHECK_IMMUNITY_TIME_IN_SECONDS',
  INSTANCE_ID: 'INSTANCE_ID',
  CORRELATION_ID: 'CORRELATION_ID',
  REPLY_TO_CLIENT: 'REPLY_TO_CLIENT',
  TTL: 'TTL',
  ARRIVE_TIME: 'ARRIVE_TIME',
  PUSH_REPLY_TIME: 'PUSH_REPLY_TIME',
  CLUSTER: 'CLUSTER',
  MESSAGE_TYPE: 'MSG_TYPE',
  /** Orbit/Aliyun: deliver at this epoch-ms time instead of a delay level. */
  START_DELIVER_TIME: '__STARTDELIVERTIME',
  /** RocketMQ 5.x timer messages: deliver at this epoch-ms time (what the 5.x proxy stores for gRPC DELAY messages). */
  TIMER_DELIVER_MS: 'TIMER_DELIVER_MS',
  /** RocketMQ 5.x timer messages: deliver this many seconds after the send. */
  TIMER_DELAY_SEC: 'TIMER_DELAY_SEC',
  /** Apache's spelling (5.x FIFO message groups); the underscore-less name is what clients send. */
  SHARDING_KEY: '__SHARDINGKEY',
  /** 5.x POP: the receipt (extraInfo) a popped retry message carries, and when it was first popped. */
  POP_CK: 'POP_CK',
  FIRST_POP_TIME: '1ST_POP_TIME',
  DLQ_ORIGIN_TOPIC: 'DLQ_ORIGIN_TOPIC',
  DLQ_ORIGIN_MESSAGE_ID: 'DLQ_ORIGIN_MESSAGE_ID',
} as const;

export const MessageSysFlag = {
  COMPRESSED_FLAG: 0x1,
  MULTI_TAGS_FLAG: 0x2,
  TRANSACTION_NOT_TYPE: 0x0,
  TRANSACTION_PREPARED_TYPE: 0x4,
  TRANSACTION_COMMIT_TYPE: 0x8,
  TRANSACTION_ROLLBACK_TYPE: 0xc,
  BORNHOST_V6_FLAG: 0x10,
  STOREHOST_ADDRESS_V6_FLAG: 0x20,
} as const;

export function transactionType(sysFlag: number): number {
  return sysFlag & 0xc;
}

export function resetTransactionType(sysFlag: number, type: number): number {
  return (sysFlag & ~0xc) | type;
}

export const MESSAGE_MAGIC_CODE = -626843481; // 0xDAA320A7
export const MESSAGE_MAGIC_CODE_V2 = -626843477; // 0xDAA320AB (5.1+, int16 topic length)
export const BLANK_MAGIC_CODE = -875286124; // 0xCBD43194

export const NAME_VALUE_SEPARATOR = '\u0001';
export const PROPERTY_SEPARATOR = '\u0002';
