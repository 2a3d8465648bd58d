import { queryOptions, useQuery } from '@tanstack/react-query';
import { fetchJson } from '../api/fetch-json';
import type { ClusterOverviewDto, ReplicationOverviewDto } from '../dto/cluster';
import { queryKeys } from './keys';

/** How often the overview refreshes while it is on screen. */
export const CLUSTER_OVERVIEW_REFRESH_MS = 5_000;

export function clusterOverviewQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.clusterOverview,
    queryFn: ({ signal }) => fetchJson<ClusterOverviewDto>('/api/cluster', { signal }),
    refetchInterval: CLUSTER_OVERVIEW_REFRESH_MS,
    staleTime: CLUSTER_OVERVIEW_REFRESH_MS - 1_000,
  });
}

export function useClusterOverviewQuery() {
  return useQuery(clusterOverviewQueryOptions());
}

export function replicationQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.replication,
    queryFn: ({ signal }) => fetchJson<ReplicationOverviewDto>('/api/cluster/replication', { signal }),
    refetchInterval: CLUSTER_OVERVIEW_REFRESH_MS,
    staleTime: CLUSTER_OVERVIEW_REFRESH_MS - 1_000,
  });
}

/** Master/slave groups and failover state, refreshed with the overview. */
export function useReplicationQuery() {
  return useQuery(replicationQueryOptions());
}
