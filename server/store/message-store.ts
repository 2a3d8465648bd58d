/**
 * The store's public contract. The broker codes against this file only; everything else in
 * `server/store/` is the implementation behind `createMessageStore`.
 */

export type FlushDiskType = 'SYNC_FLUSH' | 'ASYNC_FLUSH';

export interface MessageStoreConfig {
  storePathRootDir: string;
  /** Defaults to `<root>/commitlog`. */
  storePathCommitLog?: string;
  /** Bytes per CommitLog segment (RocketMQ default 1 GiB). */
  mappedFileSizeCommitLog: number;
  /** Units (20 bytes each) per ConsumeQueue segment × 20 (RocketMQ default 300 000 × 20). */
  mappedFileSizeConsumeQueue: number;
  flushDiskType: FlushDiskType;
  /** ASYNC_FLUSH period, ms (default 500). */
  flushIntervalCommitLog: number;
  /** SYNC_FLUSH wait before FLUSH_DISK_TIMEOUT, ms (default 5000). */
  syncFlushTimeout: number;
  /** Largest record accepted, bytes (default 4 MiB + headroom, as RocketMQ's 4 194 304). */
  maxMessageSize: number;
  /** Hours a segment is kept after its last write (default 72). */
  fileReservedTime: number;
  /** Hours of the day, as RocketMQ's "04" or "04;16", when expired segments are deleted. */
  deleteWhen: string;
  /** Percent of the disk above which writes are refused (default 75, RocketMQ's 85 physical cap). */
  diskMaxUsedSpaceRatio: number;
  messageIndexEnable: boolean;
  maxHashSlotNum: number;
  maxIndexNum: number;
  /**
   * Every record ends with a CRC of the whole record (RocketMQ 5's property `__CRC32#`, record-crc.ts), so recovery
   * catches a torn header or torn properties, not only a torn body. Orbit default: on (Apache's: off).
   */
  enabledAppendPropCRC?: boolean;
  /** Percent of physical memory a pull may lag by before the store suggests a slave (default 40). */
  accessMessageInMemoryMaxRatio?: number;
  /** SLAVE stores refuse puts and take their master's bytes through `replica` (see setRole). Default MASTER. */
  replicaRole?: 'MASTER' | 'SLAVE';
}

export interface HostAddress {
  /** 4 bytes (IPv4) or 16 bytes (IPv6). */
  ip: Buffer;
  port: number;
}

/** A message as the broker hands it to the store. */
export interface MessageExtBrokerInner {
  topic: string;
  queueId: number;
  flag: number;
  body: Buffer;
  propertiesString: string;
  /** Tag hash (Java String.hashCode of TAGS), or a due time for schedule-topic entries. */
  tagsCode: number;
  /** Index keys (KEYS property split on spaces). */
  keys?: string[];
  /** UNIQ_KEY property, indexed too. */
  uniqKey?: string;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: HostAddress;
  storeHost: HostAddress;
  reconsumeTimes: number;
  preparedTransactionOffset: number;
  /**
   * The sender's WAIT property (true when absent): a SYNC_MASTER answers such a put only once a slave has it. The
   * broker does not store WAIT in the record (as 4.9 does not), so it travels here.
   */
  waitStoreMsgOK?: boolean;
}

export enum PutMessageStatus {
  PUT_OK = 'PUT_OK',
  FLUSH_DISK_TIMEOUT = 'FLUSH_DISK_TIMEOUT',
  FLUSH_SLAVE_TIMEOUT = 'FLUSH_SLAVE_TIMEOUT',
  SLAVE_NOT_AVAILABLE = 'SLAVE_NOT_AVAILABLE',
  SERVICE_NOT_AVAILABLE = 'SERVICE_NOT_AVAILABLE',
  CREATE_MAPEDFILE_FAILED = 'CREATE_MAPEDFILE_FAILED',
  MESSAGE_ILLEGAL = 'MESSAGE_ILLEGAL',
  PROPERTIES_SIZE_EXCEEDED = 'PROPERTIES_SIZE_EXCEEDED',
  OS_PAGECACHE_BUSY = 'OS_PAGECACHE_BUSY',
  UNKNOWN_ERROR = 'UNKNOWN_ERROR',
}

export interface AppendResult {
  /** CommitLog offset of the first record written. */
  wroteOffset: number;
  wroteBytes: number;
  /** Offset message id of the first record (comma-joined ids for a batch). */
  msgId: string;
  storeTimestamp: number;
  /** ConsumeQueue offset of the first record. */
  logicsOffset: number;
  msgNum: number;
}

export interface PutMessageResult {
  status: PutMessageStatus;
  appendResult?: AppendResult;
  /** Why, for a status other than PUT_OK. */
  remark?: string;
}

export enum GetMessageStatus {
  FOUND = 'FOUND',
  NO_MATCHED_MESSAGE = 'NO_MATCHED_MESSAGE',
  MESSAGE_WAS_REMOVING = 'MESSAGE_WAS_REMOVING',
  OFFSET_FOUND_NULL = 'OFFSET_FOUND_NULL',
  OFFSET_OVERFLOW_BADLY = 'OFFSET_OVERFLOW_BADLY',
  OFFSET_OVERFLOW_ONE = 'OFFSET_OVERFLOW_ONE',
  OFFSET_TOO_SMALL = 'OFFSET_TOO_SMALL',
  NO_MATCHED_LOGIC_QUEUE = 'NO_MATCHED_LOGIC_QUEUE',
  NO_MESSAGE_IN_QUEUE = 'NO_MESSAGE_IN_QUEUE',
  /** Orbit: the record a unit names is not on disk as it should be; nothing from that unit on was served. */
  MESSAGE_DAMAGED = 'MESSAGE_DAMAGED',
}

export interface GetMessageResult {
  status: GetMessageStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  /** Whole stored records, in queue order. */
  messages: Buffer[];
  bufferTotalSize: number;
  suggestPullingFromSlave: boolean;
  /** With MESSAGE_DAMAGED: what is wrong at `nextBeginOffset` (also logged). */
  damage?: string;
}

export interface QueryMessageResult {
  /** Whole stored records. */
  messages: Buffer[];
  indexLastUpdateTimestamp: number;
  indexLastUpdatePhyoffset: number;
}

/** One 20-byte ConsumeQueue unit: CommitLog offset, record size, tag code. */
export interface ConsumeQueueUnit {
  physicOffset: number;
  physicSize: number;
  tagsCode: number;
}

export interface ConsumeQueueUnits {
  minOffset: number;
  maxOffset: number;
  /** Units from the asked index; empty when the index is outside [minOffset, maxOffset). */
  units: ConsumeQueueUnit[];
}

export interface StoreRuntimeInfo {
  [key: string]: string;
}

/** Called after a record is dispatched to its ConsumeQueue (wakes long-polling pulls). */
export type MessageArrivingListener = (
  topic: string,
  queueId: number,
  logicOffset: number,
  tagsCode: number,
  storeTimestamp: number,
  propertiesString: string,
) => void;

/**
 * What a pull keeps (Apache's MessageFilter): a cheap test on the ConsumeQueue unit's tag code first, then, for
 * SQL92 subscriptions, one on the stored record's properties. Only records that pass both count toward the pull's
 * message and byte limits.
 */
export interface MessageFilter {
  byTagsCode?(tagsCode: number): boolean;
  byProperties?(properties: string): boolean;
}

/**
 * The CommitLog as replication sees it (server/ha): raw bytes at global offsets, never records. A master reads
 * what it sends to slaves here; a slave appends what it receives.
 */
export interface ReplicaLog {
  readonly segmentSize: number;
  /** The log's end: the next byte a put or an append would write. */
  maxOffset(): number;
  minOffset(): number;
  /**
   * Bytes from `offset` on, at most `max`, below `upTo` (default: what the writer has handed to the OS), never
   * crossing a segment (the rest of a segment after its end marker
   * reads as the zeros it is on disk). Empty when nothing is there yet; undefined when `offset` is below the log's
   * start (retention deleted it) or not inside any segment.
   */
  read(offset: number, max: number, upTo?: number): Promise<Buffer | undefined>;
  /**
   * A slave's append: `data` must start at maxOffset() (or, on an empty log, at a segment boundary) and stay in one
   * segment; throws ReplicaAppendError otherwise. Complete records are dispatched at once.
   */
  append(offset: number, data: Buffer): void;
  /**
   * The end of the last whole record (or the end marker of a segment whose padding is still arriving): where a slave
   * that becomes master must cut its log before its first put, since its end may lie inside a record. Gives every
   * appended record its ConsumeQueue unit first (appends index their records a moment later), so that the first
   * put takes the right queue offsets.
   */
  recordEnd(): number;
  /** Cuts the log (and every ConsumeQueue unit past it) at a record boundary: a slave ahead of its master. */
  truncate(offset: number): Promise<void>;
  /** Called after every put or append that grew the log (the master's senders wake on it). */
  onGrow(listener: () => void): void;
}

/** SYNC_MASTER: what a put waits for after it is stored, before it is answered. */
export interface ReplicaGate {
  /** PUT_OK once a slave acknowledged `endOffset`, or SLAVE_NOT_AVAILABLE / FLUSH_SLAVE_TIMEOUT. */
  awaitReplicated(endOffset: number): Promise<PutMessageStatus>;
}

export interface MessageStore {
  start(): Promise<void>;
  shutdown(): Promise<void>;
  putMessage(msg: MessageExtBrokerInner): Promise<PutMessageResult>;
  /** A batch for one topic/queue: all records or none, at consecutive queue offsets. */
  putMessages(msgs: MessageExtBrokerInner[]): Promise<PutMessageResult>;
  getMessage(
    group: string,
    topic: string,
    queueId: number,
    offset: number,
    maxMsgNums: number,
    maxTotalBytes: number,
    filter?: MessageFilter,
  ): Promise<GetMessageResult>;
  getMaxOffsetInQueue(topic: string, queueId: number): number;
  getMinOffsetInQueue(topic: string, queueId: number): number;
  /** First queue offset whose store time is ≥ timestamp (max offset if none). */
  getOffsetInQueueByTime(topic: string, queueId: number, timestamp: number): Promise<number>;
  /**
   * Raw ConsumeQueue units from `index` on (at most `count`, stopping at the queue's end), for the
   * QUERY_CONSUME_QUEUE debug code. `undefined` when the queue does not exist. Optional: stores that
   * cannot read units leave it out and the broker answers as for a missing queue.
   */
  readConsumeQueueUnits?(topic: string, queueId: number, index: number, count: number): ConsumeQueueUnits | undefined;
  /** CommitLog offset of the entry at this queue offset, or -1. */
  getCommitLogOffsetInQueue(topic: string, queueId: number, consumeQueueOffset: number): number;
  /** Store time of the message at this queue offset, or -1. */
  getMessageStoreTimeStamp(topic: string, queueId: number, consumeQueueOffset: number): Promise<number>;
  /** Store time of the earliest message in the queue, or -1. */
  getEarliestMessageTime(topic: string, queueId: number): Promise<number>;
  /** The whole record at this CommitLog offset (size read from the record when omitted), or undefined. */
  lookMessageByOffset(commitLogOffset: number, size?: number): Promise<Buffer | undefined>;
  queryMessage(topic: string, key: string, maxNum: number, begin: number, end: number): Promise<QueryMessageResult>;
  getMaxPhyOffset(): number;
  getMinPhyOffset(): number;
  /** Drop the consume queues (not the log) of these topics. */
  deleteTopics(topics: Iterable<string>): Promise<void>;
  getRuntimeInfo(): StoreRuntimeInfo;
  /** topic → queue ids that have a ConsumeQueue. */
  topicQueues(): Map<string, number[]>;
  onMessageArrived(listener: MessageArrivingListener): void;
  /** False when the disk guard refuses writes. */
  isWritable(): boolean;
  /** Replication access to the log; stores that cannot replicate leave it out. */
  readonly replica?: ReplicaLog;
  /**
   * SLAVE: puts are refused (SERVICE_NOT_AVAILABLE, as Apache's store does) and records need no Orbit record CRC
   * (the master's bytes are stored as they come). A gate makes every WAIT put wait for a slave (SYNC_MASTER).
   */
  setRole?(role: 'MASTER' | 'SLAVE', gate?: ReplicaGate): void;
}

export const DEFAULT_STORE_CONFIG: Omit<MessageStoreConfig, 'storePathRootDir'> = {
  mappedFileSizeCommitLog: 1024 * 1024 * 1024,
  mappedFileSizeConsumeQueue: 300_000 * 20,
  flushDiskType: 'ASYNC_FLUSH',
  flushIntervalCommitLog: 500,
  syncFlushTimeout: 5000,
  maxMessageSize: 1024 * 1024 * 4,
  fileReservedTime: 72,
  deleteWhen: '04',
  diskMaxUsedSpaceRatio: 75,
  messageIndexEnable: true,
  maxHashSlotNum: 5_000_000,
  maxIndexNum: 5_000_000 * 4,
};
