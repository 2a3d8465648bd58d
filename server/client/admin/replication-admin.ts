/**
 * Master/slave replication as an operator sees it: every broker group's master and slaves with role, HA state
 * and bytes behind (GET_BROKER_CLUSTER_INFO, GET_BROKER_RUNTIME_INFO 28, GET_BROKER_CONFIG 26 where runtime
 * info names no role), and the name servers' failover state (Orbit's ORBIT_GET_FAILOVER_STATE 9103).
 */
import { RemotingTimeoutError } from '../../common/errors';
import { decodeFailoverState, type FailoverStateBody } from '../../remoting/body/failover-state';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { expectSuccess, request, type AdminContext } from './admin-context';
import { getBrokerConfig, getBrokerRuntimeInfo } from './broker-admin';
import type { BrokerRoleName, ClusterInfo, ReplicaGroupView, ReplicaView } from './types';

/** What a broker answered: its runtime info, and its brokerRole from GET_BROKER_CONFIG when runtime info lacks it. */
export type BrokerReading = { runtime: Record<string, string>; configRole?: string } | { error: string };

const ROLES: readonly string[] = ['ASYNC_MASTER', 'SYNC_MASTER', 'SLAVE'];

function int(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function bool(v: string | undefined): boolean | null {
  return v === 'true' ? true : v === 'false' ? false : null;
}

function roleOf(brokerId: number, r: BrokerReading | undefined): BrokerRoleName | null {
  if (!r || 'error' in r) return null;
  const named = r.runtime.brokerRole ?? r.configRole;
  if (named && ROLES.includes(named)) return named as BrokerRoleName;
  // A broker that names no role: the id says which side it is, not whether a master is SYNC.
  return brokerId === 0 ? null : 'SLAVE';
}

function replicaOf(brokerId: number, addr: string, r: BrokerReading | undefined): ReplicaView {
  const t = r && !('error' in r) ? r.runtime : undefined;
  return {
    brokerId,
    addr,
    role: roleOf(brokerId, r),
    reachable: t !== undefined,
    ...(r && 'error' in r ? { error: r.error } : r ? {} : { error: 'not read' }),
    commitLogMaxOffset: int(t?.commitLogMaxOffset),
    haSlaveCount: brokerId === 0 ? int(t?.haSlaveCount) : null,
    haConnected: brokerId === 0 ? null : bool(t?.haConnected),
    haMasterAddress: brokerId === 0 ? null : t?.haMasterAddress || null,
    behindBytes: null,
    behindSource: null,
  };
}

/** Groups the cluster's brokers by brokerName and works out each slave's bytes behind from what they answered. */
export function replicaGroupsFrom(info: ClusterInfo, readings: ReadonlyMap<string, BrokerReading>): ReplicaGroupView[] {
  const groups: ReplicaGroupView[] = [];
  for (const data of Object.values(info.brokerAddrTable ?? {})) {
    const replicas = Object.entries(data.brokerAddrs ?? {})
      .map(([id, addr]) => replicaOf(Number(id), addr, readings.get(addr)))
      .sort((a, b) => a.brokerId - b.brokerId);
    const master = replicas.find((r) => r.brokerId === 0);
    const slaves = replicas.filter((r) => r.brokerId !== 0);
    const masterReading = master ? readings.get(master.addr) : undefined;
    const masterRuntime = masterReading && !('error' in masterReading) ? masterReading.runtime : undefined;
    const direct = int(masterRuntime?.haSlaveFallBehindBytes);
    for (const s of slaves) {
      const masterEnd = master?.commitLogMaxOffset ?? null;
      const viaOffsets = masterEnd !== null && s.commitLogMaxOffset !== null ? Math.max(0, masterEnd - s.commitLogMaxOffset) : null;
      // The master's own figure counts its best slave's ack on its own clock: exact for a lone, connected slave.
      // It is the best ack ever seen, though (never lowered), so a slave that started over further back shows
      // only in the offsets: the larger of the two is kept.
      const lone = direct !== null && slaves.length === 1 && master?.haSlaveCount === 1 && s.haConnected !== false;
      if (lone && (viaOffsets === null || direct >= viaOffsets)) {
        s.behindBytes = direct;
        s.behindSource = 'ha';
      } else if (viaOffsets !== null) {
        s.behindBytes = viaOffsets;
        s.behindSource = 'offsets';
      }
    }
    groups.push({ cluster: data.cluster, brokerName: data.brokerName, masterAddr: master?.addr ?? null, replicas });
  }
  return groups.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.brokerName.localeCompare(b.brokerName));
}

/** Reads one broker; never throws (an unreachable broker is a row with its error). */
export async function readBroker(ctx: AdminContext, addr: string): Promise<BrokerReading> {
  try {
    const runtime = await getBrokerRuntimeInfo(ctx, addr);
    if (runtime.brokerRole !== undefined) return { runtime };
    // Apache 4.9's runtime info has no role; its config does (MessageStoreConfig.brokerRole).
    const configRole = await getBrokerConfig(ctx, addr)
      .then((c) => c.brokerRole)
      .catch(() => undefined);
    return { runtime, configRole };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Every broker group of the cluster with its replicas (all brokers read in parallel). */
export async function examineReplication(ctx: AdminContext): Promise<ReplicaGroupView[]> {
  const info = await ctx.getBrokerClusterInfo();
  const addrs = [...new Set(Object.values(info.brokerAddrTable).flatMap((b) => Object.values(b.brokerAddrs)))];
  const readings = new Map(await Promise.all(addrs.map(async (a) => [a, await readBroker(ctx, a)] as const)));
  return replicaGroupsFrom(info, readings);
}

/** How long a name server gets to answer 9103: Apache 4.9's never does (below), and the console polls. */
export const FAILOVER_STATE_TIMEOUT_MS = 1_500;

/**
 * The failover controller's state as one name server holds it, or null when that name server has no
 * controller: an Orbit name server without one answers REQUEST_CODE_NOT_SUPPORTED, and an Apache 4.9 one
 * answers nothing at all (its DefaultRequestProcessor is the default processor and returns null for an
 * unknown code), so a time-out counts as "none" too. An Orbit name server with failover off answers an empty
 * `groups` list. Connect errors and other response codes throw.
 */
export async function getFailoverState(ctx: AdminContext, namesrvAddr: string, timeoutMs = FAILOVER_STATE_TIMEOUT_MS): Promise<FailoverStateBody | null> {
  let res;
  try {
    res = await ctx.invoke(namesrvAddr, request(RequestCode.ORBIT_GET_FAILOVER_STATE), timeoutMs);
  } catch (err) {
    if (err instanceof RemotingTimeoutError) return null;
    throw err;
  }
  if (res.code === ResponseCode.REQUEST_CODE_NOT_SUPPORTED) return null;
  return decodeFailoverState(expectSuccess(res).body);
}
