/** The admin client for the name servers in force, and the cluster's own names (which are system topics). */
import type { ClusterInfo } from '../client/admin/types';
import { getAdminClient, type AdminClientLike } from './admin-client-cache';
import { currentNamesrvAddr } from './console-settings';

export function admin(): AdminClientLike {
  return getAdminClient(currentNamesrvAddr());
}

/** Cluster and broker names: Apache creates a topic for each, and the console counts them as system topics. */
export function clusterNames(info: ClusterInfo): Set<string> {
  return new Set([...Object.keys(info.clusterAddrTable), ...Object.keys(info.brokerAddrTable)]);
}

export function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
