/**
 * The failover controller a name server hosts (docs/architecture.md, "Automatic failover"): per brokerName the
 * highest epoch seen or granted, the master and its lease, the master's last sync-state set and every replica's
 * last heartbeat. It decides two things: whether a master's heartbeat still stands (`fenced` when a higher epoch
 * exists), and whether to grant a slave's proposal to become master. Each name server decides alone; a slave needs
 * a majority of them, and a name server never grants two proposals for one epoch, so two masters of one epoch
 * cannot both hold a majority. State lives in memory: after a restart the brokers' heartbeats rebuild it (a master
 * reports its epoch, which the name server adopts when it is higher than what it knows).
 */
import type { Logger } from '../../common/logger';
import type { FailoverEvent, FailoverGroupState, FailoverMasterRole, FailoverStateBody } from '../../remoting/body/failover-state';
import type { RemotingChannel } from '../../remoting/remoting-channel';

const HISTORY_MAX = 50;
/** 5.x's haMaxTimeSlaveNotCatchup default. */
export const DEFAULT_IN_SYNC_WINDOW_MS = 15_000;

export interface HeartbeatInput {
  clusterName: string;
  brokerName: string;
  brokerAddr: string;
  haAddr: string;
  brokerId: number;
  role: 'MASTER' | 'SLAVE';
  masterRole?: FailoverMasterRole;
  epoch: number;
  maxOffset: number;
  haConnected: boolean;
  leaseMs: number;
  /** Master: see FailoverHeartbeatRequestHeader.inSyncWindowMs. */
  inSyncWindowMs?: number;
  channel?: RemotingChannel;
}

export interface HeartbeatAnswer {
  epoch: number;
  masterAddr?: string;
  masterHaAddr?: string;
  masterRole?: FailoverMasterRole;
  masterAlive: boolean;
  fenced: boolean;
  slaveId?: number;
}

export interface ElectInput {
  clusterName: string;
  brokerName: string;
  brokerAddr: string;
  proposedEpoch: number;
  maxOffset: number;
}

export interface ElectAnswer {
  granted: boolean;
  epoch: number;
  reason?: string;
  masterRole?: FailoverMasterRole;
}

interface Replica {
  brokerAddr: string;
  haAddr: string;
  brokerId: number;
  role: 'MASTER' | 'SLAVE';
  maxOffset: number;
  haConnected: boolean;
  epoch: number;
  lastHeartbeatMs: number;
  expiresMs: number;
  /** The latest time the master's log end (per its heartbeats) was within this replica's log. */
  caughtUpToMs: number;
  channel?: RemotingChannel;
}

interface MasterSample {
  t: number;
  maxOffset: number;
}

interface Group {
  clusterName: string;
  brokerName: string;
  /** Highest epoch seen in a master's heartbeat or granted to a proposal. */
  epoch: number;
  /** The master of `epoch` once it heartbeats as master (or the granted candidate until then). */
  masterAddr: string | undefined;
  masterRole: FailoverMasterRole | undefined;
  /** Judged while the master is alive, frozen when it dies: the replicas an election may pick. */
  syncStateSet: string[];
  inSyncWindowMs: number;
  /** The master's log ends per heartbeat, oldest first, covering the in-sync window. */
  samples: MasterSample[];
  masterLastHeartbeatMs: number;
  replicas: Map<string, Replica>;
  history: FailoverEvent[];
}

export class FailoverController {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  private group(clusterName: string, brokerName: string): Group {
    let g = this.groups.get(brokerName);
    if (!g) {
      g = {
        clusterName,
        brokerName,
        epoch: 0,
        masterAddr: undefined,
        masterRole: undefined,
        syncStateSet: [],
        inSyncWindowMs: DEFAULT_IN_SYNC_WINDOW_MS,
        samples: [],
        masterLastHeartbeatMs: 0,
        replicas: new Map(),
        history: [],
      };
      this.groups.set(brokerName, g);
    }
    return g;
  }

  private alive(r: Replica | undefined): boolean {
    return r !== undefined && r.expiresMs > this.now();
  }

  private masterAlive(g: Group): boolean {
    return g.masterAddr !== undefined && this.alive(g.replicas.get(g.masterAddr)) && g.replicas.get(g.masterAddr)!.role === 'MASTER';
  }

  heartbeat(h: HeartbeatInput): HeartbeatAnswer {
    const g = this.group(h.clusterName, h.brokerName);
    const now = this.now();
    const prev = g.replicas.get(h.brokerAddr);
    const r: Replica = {
      brokerAddr: h.brokerAddr,
      haAddr: h.haAddr,
      brokerId: h.brokerId,
      role: h.role,
      maxOffset: h.maxOffset,
      haConnected: h.haConnected,
      epoch: h.epoch,
      lastHeartbeatMs: now,
      expiresMs: now + h.leaseMs,
      caughtUpToMs: prev?.caughtUpToMs ?? 0,
      channel: h.channel,
    };
    let fenced = false;
    if (h.role === 'MASTER') {
      if (h.epoch > g.epoch || (h.epoch === g.epoch && (g.masterAddr === undefined || g.masterAddr === h.brokerAddr))) {
        if (h.epoch > g.epoch || g.masterAddr !== h.brokerAddr) {
          this.log.info({ brokerName: g.brokerName, master: h.brokerAddr, epoch: h.epoch }, 'failover: master adopted');
          g.samples = [];
        }
        g.epoch = h.epoch;
        g.masterAddr = h.brokerAddr;
        g.masterRole = h.masterRole ?? g.masterRole;
        g.inSyncWindowMs = h.inSyncWindowMs ?? g.inSyncWindowMs;
        g.masterLastHeartbeatMs = now;
        r.caughtUpToMs = now;
        g.samples.push({ t: now, maxOffset: h.maxOffset });
        while (g.samples.length > 2 && g.samples[1].t < now - g.inSyncWindowMs) g.samples.shift();
      } else {
        // A master of an older epoch (or a second claimant of this one): it must step down.
        fenced = true;
        r.role = 'SLAVE';
        this.log.warn({ brokerName: g.brokerName, claimant: h.brokerAddr, claimedEpoch: h.epoch, epoch: g.epoch, master: g.masterAddr ?? null }, 'failover: stale master fenced');
      }
    } else {
      // The newest master sample this slave's log covers: it had everything the master had then.
      for (let i = g.samples.length - 1; i >= 0; i--) {
        if (g.samples[i].maxOffset <= h.maxOffset) {
          r.caughtUpToMs = Math.max(r.caughtUpToMs, g.samples[i].t);
          break;
        }
      }
    }
    g.replicas.set(h.brokerAddr, r);
    if (this.masterAlive(g)) this.judgeSyncStateSet(g);
    const master = g.masterAddr ? g.replicas.get(g.masterAddr) : undefined;
    const answer: HeartbeatAnswer = {
      epoch: g.epoch,
      masterAddr: g.masterAddr,
      masterHaAddr: master?.haAddr,
      masterRole: g.masterRole,
      masterAlive: this.masterAlive(g),
      fenced,
    };
    if (fenced || h.role === 'SLAVE') answer.slaveId = this.freeSlaveId(g, h.brokerAddr, h.brokerId);
    return answer;
  }

  /** The master and every slave that had all the master had within the window before its last heartbeat. */
  private judgeSyncStateSet(g: Group): void {
    const from = g.masterLastHeartbeatMs - g.inSyncWindowMs;
    const set = [g.masterAddr!];
    for (const r of g.replicas.values()) {
      // Liveness is not asked: a slave that just went away keeps its place for the window, as in 5.x, where the master
      // shrinks the set only after haMaxTimeSlaveNotCatchup. An election asks the candidate to be alive anyway.
      if (r.brokerAddr !== g.masterAddr && r.role === 'SLAVE' && r.caughtUpToMs >= from) set.push(r.brokerAddr);
    }
    g.syncStateSet = set;
  }

  /** The broker's own id when it is a free slave id, else the smallest id ≥ 1 no live replica uses. */
  private freeSlaveId(g: Group, addr: string, own: number): number {
    const used = new Set<number>();
    for (const r of g.replicas.values()) if (r.brokerAddr !== addr && this.alive(r)) used.add(r.brokerId);
    if (own > 0 && !used.has(own)) return own;
    let id = 1;
    while (used.has(id)) id++;
    return id;
  }

  elect(e: ElectInput): ElectAnswer {
    const g = this.group(e.clusterName, e.brokerName);
    const refuse = (reason: string): ElectAnswer => ({ granted: false, epoch: g.epoch, reason, masterRole: g.masterRole });
    if (e.proposedEpoch <= g.epoch) return refuse(`epoch ${e.proposedEpoch} is not above ${g.epoch}`);
    if (this.masterAlive(g)) return refuse(`master ${g.masterAddr} is alive`);
    if (g.syncStateSet.length === 0) return refuse('no master has heartbeat to this name server yet');
    // A granted candidate that did not take office may ask again with a higher epoch.
    if (!g.syncStateSet.includes(e.brokerAddr) && g.masterAddr !== e.brokerAddr) {
      return refuse(`${e.brokerAddr} is not in the sync-state set [${g.syncStateSet.join(', ')}]`);
    }
    // Among live replicas of the sync-state set, the longest log wins: it has every acknowledged message.
    for (const r of g.replicas.values()) {
      if (r.brokerAddr === e.brokerAddr || !this.alive(r) || !g.syncStateSet.includes(r.brokerAddr)) continue;
      if (r.maxOffset > e.maxOffset) return refuse(`${r.brokerAddr} has a longer log (${r.maxOffset} > ${e.maxOffset})`);
    }
    const old = g.masterAddr;
    g.epoch = e.proposedEpoch;
    g.masterAddr = e.brokerAddr;
    const event: FailoverEvent = {
      epoch: e.proposedEpoch,
      timeMs: this.now(),
      newMasterAddr: e.brokerAddr,
      oldMasterAddr: old ?? null,
      electedOffset: e.maxOffset,
      reason: old ? `master ${old} lost its lease` : 'no master',
    };
    g.history.push(event);
    if (g.history.length > HISTORY_MAX) g.history.shift();
    this.log.warn({ brokerName: g.brokerName, epoch: g.epoch, candidate: e.brokerAddr, old: old ?? null, offset: e.maxOffset }, 'failover: election granted');
    return { granted: true, epoch: g.epoch, masterRole: g.masterRole };
  }

  /** A connection closed: whoever heartbeat through it is no longer alive here (a killed master, at once). */
  onChannelDestroy(channel: RemotingChannel): void {
    for (const g of this.groups.values()) {
      for (const r of g.replicas.values()) if (r.channel === channel) r.expiresMs = 0;
    }
  }

  /**
   * REGISTER_BROKER as id 0: refused for a replica this controller knows when the group's master of the current
   * epoch is another broker (a fenced old master must not take the route back). Brokers outside failover (never
   * heartbeat here, Apache's among them) are always admitted.
   */
  admitsMasterRegistration(brokerName: string, brokerAddr: string, brokerId: number): boolean {
    if (brokerId !== 0) return true;
    const g = this.groups.get(brokerName);
    if (!g || g.masterAddr === undefined || g.masterAddr === brokerAddr) return true;
    return !g.replicas.has(brokerAddr);
  }

  state(): FailoverStateBody {
    const now = this.now();
    const groups: FailoverGroupState[] = [...this.groups.values()].map((g) => {
      const master = g.masterAddr ? g.replicas.get(g.masterAddr) : undefined;
      return {
        clusterName: g.clusterName,
        brokerName: g.brokerName,
        epoch: g.epoch,
        masterAddr: g.masterAddr ?? null,
        masterRole: g.masterRole ?? null,
        masterLeaseExpiresMs: master && master.role === 'MASTER' ? master.expiresMs : 0,
        syncStateSet: [...g.syncStateSet],
        replicas: [...g.replicas.values()].map((r) => ({
          brokerAddr: r.brokerAddr,
          haAddr: r.haAddr,
          brokerId: r.brokerId,
          role: r.role,
          maxOffset: r.maxOffset,
          haConnected: r.haConnected,
          epoch: r.epoch,
          lastHeartbeatMs: r.lastHeartbeatMs,
          alive: r.expiresMs > now,
        })),
        history: [...g.history],
      };
    });
    return { groups };
  }
}
