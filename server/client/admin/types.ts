/** Admin-facing views of cluster data, shaped like RocketMQ's bodies (ClusterInfo, TopicRouteData …). */

export interface BrokerData {
  cluster: string;
  brokerName: string;
  /** brokerId ("0" = master) → "host:port" */
  brokerAddrs: Record<string, string>;
}

export interface ClusterInfo {
  brokerAddrTable: Record<string, BrokerData>;
  clusterAddrTable: Record<string, string[]>;
}

export interface QueueData {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

export interface TopicRouteData {
  orderTopicConf?: string;
  queueDatas: QueueData[];
  brokerDatas: BrokerData[];
  filterServerTable: Record<string, string[]>;
}

/** A topic's config as one broker holds it (GET_ALL_TOPIC_CONFIG). */
export interface TopicConfigView {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  order: boolean;
  topicSysFlag: number;
}

/** What `createOrUpdateTopic` writes. */
export interface TopicConfigInput {
  topic: string;
  readQueueNums: number;
  writeQueueNums: number;
  /** 2 = write, 4 = read, 6 = read/write. */
  perm: number;
  order?: boolean;
  /** RocketMQ 5 attribute changes, e.g. `+message.type=FIFO` (`+k=v,-k`); 4.9 brokers ignore them. */
  attributes?: string;
}

/** Where a change goes: every master of one cluster, one broker address, or (neither) every master. */
export interface AdminTarget {
  clusterName?: string;
  brokerAddr?: string;
}

export interface TopicSummary {
  topic: string;
  /** Config per broker name; empty when only the name server knows the topic. */
  configs: { brokerName: string; config: TopicConfigView }[];
}

export interface QueueStats {
  brokerName: string;
  queueId: number;
  minOffset: number;
  maxOffset: number;
  /** Store time of the last message (ms), 0 when the queue is empty. */
  lastUpdateTimestamp: number;
}

export interface QueueConsumeStats {
  topic: string;
  brokerName: string;
  queueId: number;
  brokerOffset: number;
  consumerOffset: number;
  /** brokerOffset − consumerOffset, never below 0. */
  lag: number;
  lastTimestamp: number;
}

export interface GroupConsumeStats {
  group: string;
  consumeTps: number;
  /** Sum of the per-queue lag. */
  totalDiff: number;
  queues: QueueConsumeStats[];
}

export interface ClientConnection {
  clientId: string;
  clientAddr: string;
  language: string;
  version: number;
}

export interface ConsumerConnectionView {
  connections: ClientConnection[];
  /** topic → subscription expression */
  subscriptions: { topic: string; expression: string; expressionType: string }[];
  consumeType: string;
  messageModel: string;
  consumeFromWhere: string;
}

export interface SubscriptionGroupView {
  groupName: string;
  consumeEnable: boolean;
  consumeFromMinEnable: boolean;
  consumeBroadcastEnable: boolean;
  retryQueueNums: number;
  retryMaxTimes: number;
  brokerId: number;
  whichBrokerWhenConsumeSlowly: number;
  notifyConsumerIdsChangedEnable: boolean;
  /** RocketMQ 5: the group consumes in order (gRPC FIFO consumers). */
  consumeMessageOrderly?: boolean;
}

export interface GroupSummary {
  group: string;
  brokerNames: string[];
  config: SubscriptionGroupView;
}

export interface ResetOffsetResult {
  /** `broker`: INVOKE_BROKER_TO_RESET_OFFSET reset it (and told online consumers); `offline`: the group was offline, offsets written per queue. */
  method: 'broker' | 'offline';
  offsets: { topic: string; brokerName: string; queueId: number; offset: number }[];
}

export interface MessageView {
  topic: string;
  brokerName?: string;
  queueId: number;
  queueOffset: number;
  commitLogOffset: number;
  /** UNIQ_KEY when present, else the offset id. */
  msgId: string;
  offsetMsgId: string;
  bornTimestamp: number;
  bornHost: string;
  storeTimestamp: number;
  storeHost: string;
  reconsumeTimes: number;
  sysFlag: number;
  flag: number;
  properties: Record<string, string>;
  tags?: string;
  keys?: string;
  body: Buffer;
}

/** A queue a topic can be read from, and the broker address it is read at. */
export interface ReadableQueue {
  brokerName: string;
  addr: string;
  queueId: number;
}

export interface PullResultView {
  /** FOUND, NO_NEW_MSG, NO_MATCHED_MSG or OFFSET_ILLEGAL, as Java's PullStatus. */
  status: 'FOUND' | 'NO_NEW_MSG' | 'NO_MATCHED_MSG' | 'OFFSET_ILLEGAL';
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  messages: MessageView[];
}

export interface SendMessageInput {
  topic: string;
  body: Buffer | string;
  tags?: string;
  keys?: string;
  properties?: Record<string, string>;
  producerGroup?: string;
  /** Pick this broker's queues only. */
  brokerName?: string;
  queueId?: number;
  reconsumeTimes?: number;
  maxReconsumeTimes?: number;
}

export interface SendResultView {
  /** The message id clients see (UNIQ_KEY). */
  msgId: string;
  offsetMsgId: string;
  brokerName: string;
  queueId: number;
  queueOffset: number;
}

export interface StatsItem {
  sum: number;
  tps: number;
  avgpt: number;
}

export interface BrokerStatsData {
  statsMinute: StatsItem;
  statsHour: StatsItem;
  statsDay: StatsItem;
}

export interface ConsumeDirectlyResult {
  order: boolean;
  autoCommit: boolean;
  consumeResult: string;
  remark: string;
  spentTimeMills: number;
}

/** brokerRole of broker.conf (RocketMQ 4.9's BrokerRole). */
export type BrokerRoleName = 'ASYNC_MASTER' | 'SYNC_MASTER' | 'SLAVE';

/**
 * One broker instance of a master/slave group as its runtime info tells it. Orbit brokers report HA keys
 * (haSlaveCount, haConnected …); Apache 4.9 brokers report none, so those fields are null there and the bytes
 * behind come from the commit-log ends of master and slave.
 */
export interface ReplicaView {
  brokerId: number;
  addr: string;
  /** From runtime info (Orbit) or GET_BROKER_CONFIG (Apache); null when neither could be read. */
  role: BrokerRoleName | null;
  /** Runtime info could be read. */
  reachable: boolean;
  error?: string;
  commitLogMaxOffset: number | null;
  /** Master (Orbit): slaves connected to its HA port. Null on a slave, an Apache master or when unreachable. */
  haSlaveCount: number | null;
  /** Slave (Orbit): its HA connection to the master is up. Null on a master or an Apache slave. */
  haConnected: boolean | null;
  /** Slave: the master HA address it replicates from, when it says. */
  haMasterAddress: string | null;
  /**
   * Slave: commit-log bytes it lacks of its master's. `ha` = the master's own figure (its log end minus the best
   * ack of a slave; used when it is the only slave, connected, and the figure is not below the offsets'),
   * `offsets` = master commitLogMaxOffset − slave commitLogMaxOffset (read side by side, so off by what arrived
   * in between).
   */
  behindBytes: number | null;
  behindSource: 'ha' | 'offsets' | null;
}

/** A brokerName's master and slaves (id order; the master is id 0 and may be missing). */
export interface ReplicaGroupView {
  cluster: string;
  brokerName: string;
  masterAddr: string | null;
  replicas: ReplicaView[];
}

export type {
  FailoverEvent,
  FailoverGroupState,
  FailoverMasterRole,
  FailoverReplica,
  FailoverReplicaRole,
  FailoverStateBody,
} from '../../remoting/body/failover-state';
