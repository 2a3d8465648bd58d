/**
 * A broker's part in automatic failover (enableAutoFailover=true; docs/architecture.md, "Automatic failover").
 * Every failoverHeartbeatInterval it heartbeats to every name server; from the answers:
 *  - a master told it is fenced (a higher epoch exists) steps down and follows the new master;
 *  - a slave follows the master the answers name, and when no name server sees a live master and its own HA
 *    connection is gone, proposes itself at the next epoch; with a majority of grants it takes office: it cuts a
 *    partial record off its log, writes the epoch to its epoch file, becomes brokerId 0 and re-registers.
 * Before every HA connection a slave compares epoch lists with its master (GET_BROKER_EPOCH_CACHE) and cuts its log
 * where the two part: what a returning old master wrote that the new master never had.
 */
import type { Logger } from '../../common/logger';
import { decodeEpochEntryCache, encodeEpochEntryCache } from '../../remoting/body/epoch-cache';
import type { RequestProcessor } from '../../remoting/processor-table';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { MessageStore } from '../../store/message-store';
import type { BrokerConfig } from '../broker-config';
import type { BrokerOuterApi, FailoverHeartbeatAnswer } from '../broker-outer-api';
import type { BrokerReplication } from '../replication/broker-replication';
import { divergenceOffset, EpochFile } from './epoch-file';

export const EPOCH_CACHE_CODES = [RequestCode.GET_BROKER_EPOCH_CACHE] as const;

export interface FailoverParts {
  config: BrokerConfig;
  store: MessageStore;
  replication: BrokerReplication;
  outer: BrokerOuterApi;
  log: Logger;
  selfAddr: () => string;
  /** The role changed: start or stop the master-only services and register under the new id at once. */
  onRoleChanged: (role: 'MASTER' | 'SLAVE') => Promise<void>;
}

export interface FailoverStatus {
  enabled: boolean;
  epoch: number;
  role: 'MASTER' | 'SLAVE';
  lastHeartbeatOkAt: number;
  lastElection: string | undefined;
  promotions: number;
  demotions: number;
}

export class FailoverAgent {
  readonly epochs: EpochFile;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private stopped = false;
  private unsupported = false;
  private lastOkAt = 0;
  private lastElection: string | undefined;
  private promotions = 0;
  private demotions = 0;
  private lastEpochCopyAt = 0;

  constructor(private readonly p: FailoverParts) {
    this.epochs = new EpochFile(p.config.storePathRootDir, p.log);
    p.replication.reconcile = (masterAddr) => this.reconcile(masterAddr);
  }

  private get role(): 'MASTER' | 'SLAVE' {
    return this.p.replication.isSlave ? 'SLAVE' : 'MASTER';
  }

  private get masterRole(): 'SYNC_MASTER' | 'ASYNC_MASTER' | undefined {
    const r = this.p.config.brokerRole;
    return r === 'SLAVE' ? undefined : r;
  }

  load(): void {
    this.epochs.load();
  }

  /**
   * Before the first registration (the store holds writes since its start, see BrokerReplication.holdWrites): a
   * master the name servers know to be superseded — it was down while its slave took over — starts as that
   * master's slave instead of claiming id 0. A master with no epoch yet takes the first one.
   */
  async beforeFirstRegistration(): Promise<void> {
    if (this.role !== 'MASTER') return this.tick();
    const answers = await this.heartbeatAll();
    const self = this.p.selfAddr();
    const fence = answers.find((a) => a.fenced) ?? answers.find((a) => a.masterAlive && a.masterAddr && a.masterAddr !== self);
    if (fence) return this.stepDown(fence);
    if (answers.length === 0 && !this.unsupported) this.p.log.warn('failover: no name server answered; starting as master, as configured');
    if (this.epochs.lastEpoch() === 0) {
      const epoch = Math.max(0, ...answers.map((a) => a.epoch)) + 1;
      this.epochs.append(epoch, this.p.store.replica!.maxOffset());
      this.p.log.info({ epoch }, 'failover: first epoch of this master');
    }
    this.p.replication.confirmMaster();
    await this.tick();
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.p.config.failoverHeartbeatInterval);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 10));
  }

  status(): FailoverStatus {
    return {
      enabled: !this.unsupported,
      epoch: this.epochs.lastEpoch(),
      role: this.role,
      lastHeartbeatOkAt: this.lastOkAt,
      lastElection: this.lastElection,
      promotions: this.promotions,
      demotions: this.demotions,
    };
  }

  /** Orbit's failover keys in GET_BROKER_RUNTIME_INFO. */
  runtimeEntries(): Record<string, string> {
    const s = this.status();
    return {
      failoverEnabled: String(s.enabled),
      failoverEpoch: String(s.epoch),
      failoverLastHeartbeatOk: String(s.lastHeartbeatOkAt),
      failoverLastElection: s.lastElection ?? '',
      failoverPromotions: String(s.promotions),
      failoverDemotions: String(s.demotions),
    };
  }

  /** The answers of the name servers that answered. */
  private async heartbeatAll(): Promise<FailoverHeartbeatAnswer[]> {
    const c = this.p.config;
    const ha = this.p.replication.haClientStatus();
    const results = await this.p.outer.failoverHeartbeat({
      clusterName: c.brokerClusterName,
      brokerName: c.brokerName,
      brokerAddr: this.p.selfAddr(),
      haAddr: this.p.replication.haServerAddr(),
      brokerId: c.brokerId,
      role: this.role,
      masterRole: this.masterRole,
      epoch: this.epochs.lastEpoch(),
      maxOffset: this.p.store.replica!.maxOffset(),
      haConnected: this.role === 'MASTER' || ha.connected,
      leaseMs: c.failoverLeaseMs,
      inSyncWindowMs: c.haMaxTimeSlaveNotCatchup,
    });
    if (results.length > 0 && results.every((r) => !r.ok && r.unsupported)) {
      if (!this.unsupported) this.p.log.warn('failover: the name servers do not support it (not Orbit\'s?); this broker keeps its role');
      this.unsupported = true;
    }
    const answers = results.flatMap((r) => (r.ok ? [r.answer] : []));
    if (answers.length > 0) this.lastOkAt = Date.now();
    return answers;
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      const answers = await this.heartbeatAll();
      if (answers.length === 0 || this.stopped) return;
      if (this.role === 'MASTER') {
        const fence = answers.filter((a) => a.fenced).sort((a, b) => b.epoch - a.epoch)[0];
        if (fence) await this.stepDown(fence);
        return;
      }
      await this.asSlave(answers);
    } catch (err) {
      this.p.log.warn({ err }, 'failover: heartbeat round failed');
    } finally {
      this.busy = false;
    }
  }

  private async asSlave(answers: FailoverHeartbeatAnswer[]): Promise<void> {
    const ha = this.p.replication.haClientStatus();
    const now = Date.now();
    // A master that stopped sending (hung, or the link stalled) counts as gone after the lease, connected or not.
    const framesStale = ha.lastFrameAt > 0 && now - ha.lastFrameAt > Math.max(this.p.config.failoverLeaseMs, 2 * this.p.config.haSendHeartbeatInterval);
    const live = answers.filter((a) => a.masterAlive && a.masterAddr).sort((a, b) => b.epoch - a.epoch)[0];
    if (live) {
      if (live.masterAddr !== this.p.selfAddr()) this.p.replication.follow(live.masterAddr, live.masterHaAddr);
      if (ha.connected && now - this.lastEpochCopyAt > 10_000) await this.copyMasterEpochs();
      return;
    }
    // No name server that answered sees a live master. Campaign once our own link to it is gone too, or — a link
    // still up, as with a hung master whose sockets the kernel keeps open — once the master does not answer a
    // request within the heartbeat interval: a master that only lost the name servers answers and keeps its office.
    if (ha.connected && !framesStale && (await this.masterAnswers())) return;
    await this.campaign(Math.max(this.epochs.lastEpoch(), ...answers.map((a) => a.epoch)) + 1, answers);
  }

  private async masterAnswers(): Promise<boolean> {
    try {
      await this.p.replication.callMaster(RequestCode.GET_BROKER_RUNTIME_INFO, Math.max(300, this.p.config.failoverHeartbeatInterval));
      return true;
    } catch {
      return false;
    }
  }

  private async campaign(epoch: number, answers: FailoverHeartbeatAnswer[]): Promise<void> {
    const c = this.p.config;
    const self = this.p.selfAddr();
    const results = await this.p.outer.failoverElect({
      clusterName: c.brokerClusterName,
      brokerName: c.brokerName,
      brokerAddr: self,
      proposedEpoch: epoch,
      maxOffset: this.p.store.replica!.recordEnd(),
    });
    const granted = results.filter((r) => r.ok && r.answer.granted).length;
    const needed = Math.floor(this.p.outer.nameServers.length / 2) + 1;
    const reasons = results.map((r) => (r.ok ? (r.answer.granted ? `${r.namesrv}: granted` : `${r.namesrv}: ${r.answer.reason ?? 'refused'}`) : `${r.namesrv}: ${r.error}`));
    this.lastElection = `epoch ${epoch}: ${granted}/${results.length} granted (${reasons.join('; ')})`;
    if (granted < needed) {
      this.p.log.info({ epoch, granted, needed, reasons }, 'failover: election not won');
      return;
    }
    const role = results.flatMap((r) => (r.ok && r.answer.masterRole ? [r.answer.masterRole] : []))[0] ?? answers.find((a) => a.masterRole)?.masterRole;
    await this.takeOffice(epoch, role === 'SYNC_MASTER' ? 'SYNC_MASTER' : 'ASYNC_MASTER');
  }

  private async takeOffice(epoch: number, role: 'SYNC_MASTER' | 'ASYNC_MASTER'): Promise<void> {
    const start = await this.p.replication.becomeMaster(role);
    this.epochs.append(epoch, start);
    this.promotions++;
    this.p.log.warn({ epoch, role, startOffset: start }, 'failover: this broker is now the master');
    await this.p.onRoleChanged('MASTER');
    await this.heartbeatAll();
  }

  private async stepDown(a: FailoverHeartbeatAnswer): Promise<void> {
    const slaveId = a.slaveId && a.slaveId > 0 ? a.slaveId : 1;
    this.demotions++;
    this.p.log.warn({ epoch: a.epoch, newMaster: a.masterAddr ?? null, slaveId }, 'failover: a newer master exists; this broker becomes its slave');
    this.p.replication.becomeSlave(slaveId, a.masterAddr, a.masterHaAddr);
    await this.p.onRoleChanged('SLAVE');
  }

  /** The master's epoch list (GET_BROKER_EPOCH_CACHE); throws when it cannot say (an Apache master: not supported). */
  private async masterEpochs() {
    return decodeEpochEntryCache(await this.p.replication.callMaster(RequestCode.GET_BROKER_EPOCH_CACHE)).epochList;
  }

  /** A slave keeps its master's epoch list, so that it can compare when it is master itself one day. */
  private async copyMasterEpochs(): Promise<void> {
    this.lastEpochCopyAt = Date.now();
    try {
      this.epochs.replace(await this.masterEpochs(), this.p.store.replica!.maxOffset());
    } catch {
      // An Apache master has no epochs; the next round tries again.
    }
  }

  /**
   * Before an HA connection: the log is cut where it stops being the master's. Without an answer from a master
   * that has epochs (an Apache one), nothing is cut beyond the not-ahead check that already ran.
   */
  private async reconcile(masterAddr: string | undefined): Promise<void> {
    if (!masterAddr) return;
    let master;
    try {
      master = await this.masterEpochs();
    } catch (err) {
      // Not an Orbit master (SlaveSynchronize's calls name the response code).
      if ((err as Error).message.startsWith(`code ${ResponseCode.REQUEST_CODE_NOT_SUPPORTED}:`)) return;
      throw err; // the HA client retries later: connecting without the check could keep bytes the master never had
    }
    const replica = this.p.store.replica!;
    const end = replica.maxOffset();
    const cut = divergenceOffset(this.epochs.list(), master, end);
    if (this.role !== 'SLAVE') return; // elected while the answer was on its way
    if (cut < end) {
      this.p.log.warn({ from: end, to: cut, master: masterAddr }, 'failover: cutting what the new master never had');
      await replica.truncate(cut);
    }
    this.epochs.replace(master, replica.maxOffset());
    this.lastEpochCopyAt = Date.now();
  }

  /** GET_BROKER_EPOCH_CACHE (1007), as a 5.x broker answers it. */
  processor(): RequestProcessor {
    return {
      handle: (req) =>
        RemotingCommand.responseTo(
          req,
          ResponseCode.SUCCESS,
          undefined,
          undefined,
          encodeEpochEntryCache({
            clusterName: this.p.config.brokerClusterName,
            brokerName: this.p.config.brokerName,
            brokerId: this.p.config.brokerId,
            epochList: this.epochs.cache(this.p.store.replica!.maxOffset()),
            maxOffset: this.p.store.replica!.maxOffset(),
          }),
        ),
    };
  }
}
