/**
 * `getReplicationOverview`: every broker group's master and slaves (role, HA state, bytes behind) and the
 * name servers' failover state (epoch, master, sync-state set, elections), for the cluster page.
 */
import type { FailoverDto, FailoverGroupDto, ReplicationOverviewDto } from '../../lib/dto/cluster';
import type { FailoverStateBody, ReplicaGroupView } from '../client/admin/types';
import type { AdminClientLike } from './admin-client-cache';
import { admin, reason } from './cluster-admin';

type ReplicationClient = Pick<AdminClientLike, 'examineReplication' | 'getFailoverState' | 'namesrvAddrs'>;

/**
 * A name server found without a failover controller is asked again only after this long: an Apache 4.9 one
 * never answers the request, and the page must not wait out that time-out on every poll.
 */
export const NO_CONTROLLER_RECHECK_MS = 60_000;

function failoverGroups(body: FailoverStateBody): FailoverGroupDto[] {
  return body.groups
    .map((g) => ({
      ...g,
      syncStateSet: [...g.syncStateSet].sort(),
      replicas: [...g.replicas].sort((a, b) => a.brokerId - b.brokerId || a.brokerAddr.localeCompare(b.brokerAddr)),
      history: [...g.history].reverse(),
    }))
    .sort((a, b) => a.clusterName.localeCompare(b.clusterName) || a.brokerName.localeCompare(b.brokerName));
}

/** Remembers, per name server, until when it counts as having no controller. */
export class FailoverProbe {
  private readonly noController = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The first name server (in configured order) whose controller holds a group; else why failover is off. */
  async read(client: Pick<ReplicationClient, 'getFailoverState' | 'namesrvAddrs'>): Promise<FailoverDto> {
    const reasons: string[] = [];
    let emptyAt: string | null = null;
    for (const addr of client.namesrvAddrs) {
      const until = this.noController.get(addr);
      if (until !== undefined && until > this.now()) continue;
      try {
        const state = await client.getFailoverState(addr);
        if (state === null) {
          this.noController.set(addr, this.now() + NO_CONTROLLER_RECHECK_MS);
          continue;
        }
        this.noController.delete(addr);
        if (state.groups.length === 0) {
          emptyAt ??= addr;
          continue;
        }
        return { enabled: true, namesrvAddr: addr, groups: failoverGroups(state), reason: null };
      } catch (err) {
        reasons.push(`${addr}: ${reason(err)}`);
      }
    }
    const why = emptyAt
      ? `The failover controller of ${emptyAt} watches no broker group.`
      : reasons.length === client.namesrvAddrs.length && reasons.length > 0
        ? `Failover state unavailable (${reasons.join('; ')}).`
        : 'The name servers have no failover controller.';
    return { enabled: false, namesrvAddr: null, groups: [], reason: why };
  }
}

function groupsDto(groups: ReplicaGroupView[]): ReplicationOverviewDto['groups'] {
  return groups.map((g) => ({ ...g, replicas: g.replicas.map((r) => ({ ...r })) }));
}

/** Never throws for an unreachable cluster: what could not be read is in `problems`. */
export async function collectReplicationOverview(client: ReplicationClient, probe: FailoverProbe, now: () => Date = () => new Date()): Promise<ReplicationOverviewDto> {
  const [groups, failover] = await Promise.allSettled([client.examineReplication(), probe.read(client)]);
  const problems: string[] = [];
  if (groups.status === 'rejected') problems.push(`cluster info unavailable: ${reason(groups.reason)}`);
  for (const g of groups.status === 'fulfilled' ? groups.value : []) {
    for (const r of g.replicas) if (!r.reachable) problems.push(`${g.brokerName} #${r.brokerId} (${r.addr}): ${r.error ?? 'unreachable'}`);
  }
  return {
    groups: groups.status === 'fulfilled' ? groupsDto(groups.value) : [],
    failover:
      failover.status === 'fulfilled'
        ? failover.value
        : { enabled: false, namesrvAddr: null, groups: [], reason: `Failover state unavailable (${reason(failover.reason)}).` },
    problems,
    fetchedAt: now().toISOString(),
  };
}

// On globalThis for the same reason as the admin-client cache: one console process, one memory of it.
const PROBE_KEY = Symbol.for('orbit.console.failoverProbe');
const holder = globalThis as typeof globalThis & { [PROBE_KEY]?: FailoverProbe };

export async function getReplicationOverview(): Promise<ReplicationOverviewDto> {
  return collectReplicationOverview(admin(), (holder[PROBE_KEY] ??= new FailoverProbe()));
}
