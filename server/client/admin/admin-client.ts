import type { ClusterInfo, TopicRouteData } from './types';

export interface AdminClientOptions {
  /** One or more name server addresses, ';'-separated as in RocketMQ. */
  namesrvAddr: string;
  /** Per-request timeout. */
  timeoutMs?: number;
}

/** Cluster administration over the remoting protocol; works against Orbit and Apache RocketMQ alike. */
export class AdminClient {
  constructor(readonly options: AdminClientOptions) {}

  async getBrokerClusterInfo(): Promise<ClusterInfo> {
    throw new Error('not implemented yet');
  }

  async getAllTopicList(): Promise<string[]> {
    throw new Error('not implemented yet');
  }

  async getTopicRoute(_topic: string): Promise<TopicRouteData> {
    throw new Error('not implemented yet');
  }

  /** Name servers that answered a QUERY-style probe, with their round-trip in ms (null = unreachable). */
  async probeNameServers(): Promise<{ addr: string; ok: boolean; rttMs: number | null }[]> {
    throw new Error('not implemented yet');
  }

  async shutdown(): Promise<void> {}
}
