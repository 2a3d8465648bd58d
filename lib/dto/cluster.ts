/** What `GET /api/cluster` answers: the cluster as the console's name servers see it. Shared by browser and Node. */

export interface NameServerStatusDto {
  /** `host:port` as configured. */
  addr: string;
  reachable: boolean;
  /** Round-trip of the probe in ms; null when unreachable or not measured. */
  rttMs: number | null;
}

export type BrokerRole = 'master' | 'slave';

export interface BrokerDto {
  cluster: string;
  brokerName: string;
  /** 0 is the master; any other id is a slave. */
  brokerId: number;
  addr: string;
  role: BrokerRole;
}

export interface ClusterSummaryDto {
  name: string;
  brokerNames: string[];
}

export interface ClusterOverviewDto {
  nameServers: NameServerStatusDto[];
  clusters: ClusterSummaryDto[];
  /** Every broker instance, sorted by cluster, broker name, id. */
  brokers: BrokerDto[];
  /** Topics the name servers know; null when the list could not be read. */
  topicCount: number | null;
  /** Parts of the overview that could not be read, in words for the operator; empty when everything answered. */
  problems: string[];
  /** ISO time the console gathered this. */
  fetchedAt: string;
}

/** brokerRole of broker.conf. */
export type BrokerRoleName = 'ASYNC_MASTER' | 'SYNC_MASTER' | 'SLAVE';

/** One broker of a master/slave group (what `GET /api/cluster/replication` answers per instance). */
export interface ReplicaDto {
  brokerId: number;
  addr: string;
  /** Null when the broker could not be read or names no role. */
  role: BrokerRoleName | null;
  reachable: boolean;
  error?: string;
  commitLogMaxOffset: number | null;
  /** Master: slaves connected to its HA port (Orbit brokers only; null on Apache). */
  haSlaveCount: number | null;
  /** Slave: its HA connection is up (Orbit brokers only; null on Apache). */
  haConnected: boolean | null;
  haMasterAddress: string | null;
  /** Slave: commit-log bytes behind its master; null when either side could not be read. */
  behindBytes: number | null;
  /** `ha`: the master's own figure; `offsets`: master − slave commitLogMaxOffset. */
  behindSource: 'ha' | 'offsets' | null;
}

export interface ReplicaGroupDto {
  cluster: string;
  brokerName: string;
  masterAddr: string | null;
  /** Master first (id 0), then the slaves by id. */
  replicas: ReplicaDto[];
}

export interface FailoverReplicaDto {
  brokerAddr: string;
  haAddr: string;
  brokerId: number;
  role: 'MASTER' | 'SLAVE';
  maxOffset: number;
  haConnected: boolean;
  epoch: number;
  lastHeartbeatMs: number;
  alive: boolean;
}

export interface FailoverEventDto {
  epoch: number;
  timeMs: number;
  newMasterAddr: string;
  oldMasterAddr: string | null;
  electedOffset: number;
  reason: string;
}

export interface FailoverGroupDto {
  clusterName: string;
  brokerName: string;
  epoch: number;
  masterAddr: string | null;
  masterRole: 'ASYNC_MASTER' | 'SYNC_MASTER' | null;
  masterLeaseExpiresMs: number;
  syncStateSet: string[];
  replicas: FailoverReplicaDto[];
  /** Elections, newest first. */
  history: FailoverEventDto[];
}

export interface FailoverDto {
  /** A name server answered with at least one broker group under its failover controller. */
  enabled: boolean;
  /** The name server whose view this is; null when none had a controller. */
  namesrvAddr: string | null;
  groups: FailoverGroupDto[];
  /** Why failover shows as off, in words (no controller, controller with no group, unreachable). */
  reason: string | null;
}

/** What `GET /api/cluster/replication` answers. */
export interface ReplicationOverviewDto {
  groups: ReplicaGroupDto[];
  failover: FailoverDto;
  problems: string[];
  fetchedAt: string;
}
