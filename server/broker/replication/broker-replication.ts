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
  readonly isSlave: boolean;
  private readonly replica: ReplicaLog;
  private readonly ha: HaService;
  private readonly client: HaClient | undefined;
  private readonly sync: SlaveSynchronize | undefined;
  /** haMasterAddress from the file: then the name servers' answer does not move the HA client. */
  private readonly fixedMaster: string | undefined;

  constructor(private readonly p: ReplicationParts) {
    const c = p.config;
    const replica = p.store.replica;
    if (!replica || !p.store.setRole) throw new Error('this store cannot replicate');
    this.replica = replica;
    this.isSlave = c.brokerRole === 'SLAVE';
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
    if (this.isSlave) {
      this.client = new HaClient(replica, {
        heartbeatIntervalMs: c.haSendHeartbeatInterval,
        reconnectMs: 5000,
        beforeConnect: () => this.checkNotAhead(),
      }, haLog);
      this.sync = new SlaveSynchronize(p, p.selfAddr, p.log);
    }
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
    if (this.client) {
      this.client.start();
      if (this.fixedMaster) this.client.setMasterAddress(this.fixedMaster);
    }
    this.sync?.start();
  }

  /** A slave's metadata copy, now (tests and admin; it also runs every 10 s). */
  syncNow(): Promise<void> {
    return this.sync?.syncAll() ?? Promise.resolve();
  }

  /** Apache's slave uses the answer of the first name server in its list. */
  onRegistered(outcomes: RegistrationOutcome[]): void {
    if (!this.isSlave) return;
    const first = outcomes[0];
    if (!first?.ok) return;
    // The metadata address first: the HA client's pre-connect check asks that master for its log end.
    this.sync!.masterAddr = first.masterAddr;
    if (!this.fixedMaster) this.client!.setMasterAddress(first.haServerAddr);
  }

  /**
   * Before each HA connection: a slave whose log is longer than its master's (the master lost its tail, or this
   * slave was a master once) cuts its log back to the master's end, which Apache's slave never does (it loops).
   * Without the master's remoting address the check cannot run and the connection goes ahead as Apache's would.
   */
  private async checkNotAhead(): Promise<boolean> {
    const masterMax = await this.sync?.masterMaxOffset();
    if (masterMax === undefined) return true;
    const local = this.replica.maxOffset();
    if (local > masterMax) {
      this.p.log.warn({ local, master: masterMax }, "this slave's log is longer than its master's: cutting it back");
      await this.replica.truncate(masterMax);
    }
    return true;
  }

  /** Orbit's replication keys in GET_BROKER_RUNTIME_INFO (Apache 4.9 logs these figures instead). */
  runtimeEntries(): Record<string, string> {
    if (this.client) {
      const s = this.client.status();
      const sync = this.sync!.status();
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
    this.client?.stop();
    await this.sync?.stop();
    await this.ha.stop();
  }
}
