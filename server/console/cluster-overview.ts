/** `getClusterOverview`: name servers with reachability, clusters, brokers and the topic count. */
import type { BrokerDto, ClusterOverviewDto, ClusterSummaryDto, NameServerStatusDto } from '../../lib/dto/cluster';
import { splitNamesrvList } from '../../lib/schemas/namesrv';
import type { ClusterInfo } from '../client/admin/types';
import { getAdminClient, type AdminClientLike } from './admin-client-cache';
import { currentNamesrvAddr } from './console-settings';

type OverviewClient = Pick<AdminClientLike, 'probeNameServers' | 'getBrokerClusterInfo' | 'getAllTopicList'>;

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Flattens RocketMQ's ClusterInfo into sorted cluster and broker rows. */
export function flattenClusterInfo(info: ClusterInfo): { clusters: ClusterSummaryDto[]; brokers: BrokerDto[] } {
  const brokers: BrokerDto[] = [];
  for (const data of Object.values(info.brokerAddrTable ?? {})) {
    for (const [id, addr] of Object.entries(data.brokerAddrs ?? {})) {
      const brokerId = Number(id);
      brokers.push({
        cluster: data.cluster,
        brokerName: data.brokerName,
        brokerId,
        addr,
        role: brokerId === 0 ? 'master' : 'slave',
      });
    }
  }
  brokers.sort(
    (a, b) => a.cluster.localeCompare(b.cluster) || a.brokerName.localeCompare(b.brokerName) || a.brokerId - b.brokerId,
  );
  const clusterNames = new Set([...Object.keys(info.clusterAddrTable ?? {}), ...brokers.map((b) => b.cluster)]);
  const clusters = [...clusterNames].sort().map((name) => ({
    name,
    brokerNames: [
      ...new Set([...(info.clusterAddrTable?.[name] ?? []), ...brokers.filter((b) => b.cluster === name).map((b) => b.brokerName)]),
    ].sort(),
  }));
  return { clusters, brokers };
}

/**
 * Asks the name servers through `client`. Never throws for an unreachable cluster: what could not be read
 * is reported in `problems`, so the page can show the name servers it has even when nothing answers.
 */
export async function collectClusterOverview(
  client: OverviewClient,
  namesrvAddrs: string[],
  now: () => Date = () => new Date(),
): Promise<ClusterOverviewDto> {
  const [probe, clusterInfo, topics] = await Promise.allSettled([
    client.probeNameServers(),
    client.getBrokerClusterInfo(),
    client.getAllTopicList(),
  ]);
  const problems: string[] = [];

  let nameServers: NameServerStatusDto[];
  if (probe.status === 'fulfilled') {
    const byAddr = new Map(probe.value.map((p) => [p.addr, p]));
    // Keep the configured order; append any address the probe reported that is not configured.
    nameServers = namesrvAddrs.map((addr) => {
      const p = byAddr.get(addr);
      return { addr, reachable: p?.ok ?? false, rttMs: p?.ok ? (p.rttMs ?? null) : null };
    });
    for (const p of probe.value) {
      if (!namesrvAddrs.includes(p.addr)) nameServers.push({ addr: p.addr, reachable: p.ok, rttMs: p.ok ? p.rttMs : null });
    }
  } else {
    nameServers = namesrvAddrs.map((addr) => ({ addr, reachable: false, rttMs: null }));
    problems.push(`name server probe failed: ${reason(probe.reason)}`);
  }

  let clusters: ClusterSummaryDto[] = [];
  let brokers: BrokerDto[] = [];
  if (clusterInfo.status === 'fulfilled') {
    ({ clusters, brokers } = flattenClusterInfo(clusterInfo.value));
  } else {
    problems.push(`cluster info unavailable: ${reason(clusterInfo.reason)}`);
  }

  let topicCount: number | null = null;
  if (topics.status === 'fulfilled') topicCount = topics.value.length;
  else problems.push(`topic list unavailable: ${reason(topics.reason)}`);

  return { nameServers, clusters, brokers, topicCount, problems, fetchedAt: now().toISOString() };
}

/** The overview of the cluster behind the name servers currently configured. */
export async function getClusterOverview(): Promise<ClusterOverviewDto> {
  const namesrvAddr = currentNamesrvAddr();
  return collectClusterOverview(getAdminClient(namesrvAddr), splitNamesrvList(namesrvAddr));
}
