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
