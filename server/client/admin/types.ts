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
