/**
 * A broker's part in master/slave replication: every broker listens on its HA port (as Apache's do); a master
 * serves slaves from it and, as SYNC_MASTER, makes its store wait for them; a slave runs the HA client and the
 * metadata copy, and learns its master from the name servers' REGISTER_BROKER answers.
 */
import type { Logger } from '../../common/logger';
import { HaClient } from '../../ha/ha-client';
import { HaService } from '../../ha/ha-service';
import type { MessageStore, ReplicaLog } from '../../store/message-store';
import type { BrokerConfig } from '../broker-config';
import type { RegistrationOutcome } from '../broker-outer-api';
import { SlaveSynchronize, type SlaveSyncTargets } from '../slave/slave-synchronize';

export interface ReplicationParts extends SlaveSyncTargets {
  config: BrokerConfig;
  store: MessageStore;
  log: Logger;
  /** This broker's remoting address (known once its server listens). */
  selfAddr: () => string;
}

export class BrokerReplication {
  private slave: boolean;
  private readonly replica: ReplicaLog;
  private readonly ha: HaService;
  private readonly client: HaClient;
  private readonly sync: SlaveSynchronize;
  /**
   * Failover: runs before each HA connection, after the not-ahead check, with the master's remoting address; it
   * cuts this log where it stops being the master's (server/broker/failover/failover-agent.ts).
   */
  reconcile: ((masterAddr: string | undefined) => Promise<void>) | undefined;
  /** haMasterAddress from the file: then the name servers' answer does not move the HA client. */
  private readonly fixedMaster: string | undefined;

  constructor(private readonly p: ReplicationParts) {
    const c = p.config;
    const replica = p.store.replica;
    if (!replica || !p.store.setRole) throw new Error('this store cannot replicate');
    this.replica = replica;
    this.slave = c.brokerRole === 'SLAVE';
    const haLog = p.log.child({ module: 'ha' });
    this.ha = new HaService(replica, {
      host: c.listenHost,
      port: c.haListenPort ?? (c.listenPort === 0 ? 0 : c.listenPort + 1),
      heartbeatIntervalMs: c.haSendHeartbeatInterval,
      housekeepingMs: c.haHousekeepingInterval,
      batchSize: c.haTransferBatchSize,
      slaveTimeoutMs: c.slaveTimeout,
      slaveFallBehindMax: c.haSlaveFallbehindMax,
    }, haLog);
    // Apache takes haMasterAddress only when it is at least 6 characters long.
    this.fixedMaster = c.haMasterAddress && c.haMasterAddress.length >= 6 ? c.haMasterAddress : undefined;
    // Built for masters too: with failover a master may become a slave.
    this.client = new HaClient(replica, {
      heartbeatIntervalMs: c.haSendHeartbeatInterval,
      reconnectMs: 5000,
      beforeConnect: () => this.beforeConnect(),
    }, haLog);
    this.sync = new SlaveSynchronize(p, p.selfAddr, p.log);
  }

  get isSlave(): boolean {
    return this.slave;
  }

  /** The master this slave follows (remoting address), as far as it knows. */
  get masterAddr(): string | undefined {
    return this.sync.masterAddr;
  }

  haClientStatus() {
    return this.client.status();
  }

  /** SlaveSynchronize's remoting client, for calls to the master (epoch cache). */
  callMaster(code: number): Promise<Buffer> {
    return this.sync.callMaster(code);
  }

  /**
   * Failover, a slave elected master: stops following, cuts a partial record off the log's end, and takes the
   * master role. Returns the log end, where the new epoch starts.
   */
  async becomeMaster(role: 'SYNC_MASTER' | 'ASYNC_MASTER'): Promise<number> {
    this.client.stop();
    await this.sync.pause();
    const end = this.replica.recordEnd();
    if (end < this.replica.maxOffset()) {
      this.p.log.warn({ from: this.replica.maxOffset(), to: end }, 'new master: cutting the partial record at the log end');
      await this.replica.truncate(end);
    }
    this.ha.reset('role change');
    const c = this.p.config;
    c.brokerRole = role;
    c.brokerId = 0;
    this.p.store.setRole!('MASTER', role === 'SYNC_MASTER' ? this.ha : undefined);
    this.slave = false;
    return this.replica.maxOffset();
  }

  /**
   * Failover, a master at start: recovered as master, but refusing writes until the name servers confirm that no
   * newer master took over while it was down (confirmMaster or becomeSlave follows).
   */
  holdWrites(): void {
    if (!this.slave) this.p.store.setRole!('SLAVE');
  }

  confirmMaster(): void {
    if (!this.slave) this.p.store.setRole!('MASTER', this.p.config.brokerRole === 'SYNC_MASTER' ? this.ha : undefined);
  }

  /** Failover, a master whose epoch is superseded: refuses writes from now on and follows `masterAddr`. */
  becomeSlave(slaveId: number, masterAddr: string | undefined, masterHaAddr: string | undefined): void {
    const c = this.p.config;
    this.p.store.setRole!('SLAVE');
    this.ha.reset('this broker is no longer master');
    c.brokerRole = 'SLAVE';
    c.brokerId = slaveId;
    this.slave = true;
    this.follow(masterAddr, masterHaAddr);
    this.client.start();
    this.sync.start();
  }

  /** A slave's master, from a REGISTER_BROKER answer or the failover controller. */
  follow(masterAddr: string | undefined, masterHaAddr: string | undefined): void {
    if (!this.slave) return;
    // The metadata address first: the HA client's pre-connect checks ask that master for its log end.
    if (masterAddr) this.sync.masterAddr = masterAddr;
    if (!this.fixedMaster && masterHaAddr) this.client.setMasterAddress(masterHaAddr);
  }

  get haPort(): number {
    return this.ha.port;
  }

  /** What the name servers hand a slave of this broker: brokerIP2:haListenPort. */
  haServerAddr(): string {
    return `${this.p.config.brokerIP2 ?? this.p.config.brokerIP1}:${this.ha.port}`;
  }

  /** Before the store starts: its role decides how recovery treats record CRCs. */
  configureStore(): void {
    const c = this.p.config;
    this.p.store.setRole!(this.isSlave ? 'SLAVE' : 'MASTER', c.brokerRole === 'SYNC_MASTER' ? this.ha : undefined);
  }

  async start(): Promise<void> {
    await this.ha.start();
    if (this.fixedMaster) this.client.setMasterAddress(this.fixedMaster);
    if (this.slave) {
      this.client.start();
      this.sync.start();
    }
  }

  /** A slave's metadata copy, now (tests and admin; it also runs every 10 s). */
  syncNow(): Promise<void> {
    return this.slave ? this.sync.syncAll() : Promise.resolve();
  }

  /** Apache's slave uses the answer of the first name server in its list. */
  onRegistered(outcomes: RegistrationOutcome[]): void {
    const first = outcomes[0];
    if (!first?.ok || !first.masterAddr) return;
    this.follow(first.masterAddr, first.haServerAddr);
  }

  private async beforeConnect(): Promise<boolean> {
    await this.checkNotAhead();
    await this.reconcile?.(this.sync.masterAddr);
    return true;
  }

  /**
   * Before each HA connection: a slave whose log is longer than its master's (the master lost its tail, or this
   * slave was a master once) cuts its log back to the master's end, which Apache's slave never does (it loops).
   * Without the master's remoting address the check cannot run and the connection goes ahead as Apache's would.
   */
  private async checkNotAhead(): Promise<void> {
    const masterMax = await this.sync.masterMaxOffset();
    if (masterMax === undefined) return;
    const local = this.replica.maxOffset();
    if (local > masterMax) {
      this.p.log.warn({ local, master: masterMax }, "this slave's log is longer than its master's: cutting it back");
      await this.replica.truncate(masterMax);
    }
  }

  /** Orbit's replication keys in GET_BROKER_RUNTIME_INFO (Apache 4.9 logs these figures instead). */
  runtimeEntries(): Record<string, string> {
    if (this.slave) {
      const s = this.client.status();
      const sync = this.sync.status();
      return {
        haMasterAddress: s.masterAddress ?? '',
        haConnected: String(s.connected),
        haLastReportedOffset: String(s.lastReportedOffset),
        haLastFrameTimestamp: String(s.lastFrameAt),
        haLastError: s.lastError ?? '',
        slaveSyncMasterAddr: sync.masterAddr ?? '',
        slaveSyncTimestamp: String(sync.lastSyncAt),
      };
    }
    const slaves = this.ha.slaves();
    return {
      haSlaveCount: String(slaves.length),
      haPush2SlaveMaxOffset: String(this.ha.push2SlaveMaxOffset),
      haSlaveFallBehindBytes: String(this.ha.behindBytes()),
      haSlaves: slaves.map((s) => `${s.addr}:${s.ackOffset}`).join(','),
    };
  }

  async stop(): Promise<void> {
    this.client.stop();
    await this.sync.stop();
    await this.ha.stop();
  }
}
