/**
 * Puts a broker together: store, config tables, client managers, processors, the remoting server and the
 * periodic work (name-server registration, channel expiry, offset persistence, delay and transaction
 * services). `start()` resolves only after the first registration with every name server succeeded,
 * which is when the CLI prints its `listening on` line.
 */
import { ConfigError } from '../common/errors';
import { logger as rootLogger, type Logger } from '../common/logger';
import { ipToBytes } from '../common/message/message-id';
import type { RequestProcessor } from '../remoting/processor-table';
import { RemotingServer } from '../remoting/remoting-server';
import { createMessageStore } from '../store/create-message-store';
import type { HostAddress, MessageStore, MessageStoreConfig } from '../store/message-store';
import { AclGuard, aclLocations } from './acl/acl-guard';
import { parseDelayLevels, type BrokerConfig } from './broker-config';
import type { BrokerContext } from './broker-context';
import { BrokerOuterApi, type BrokerIdentity } from './broker-outer-api';
import { Broker2Client } from './clients/broker-to-client';
import { ConsumerManager } from './clients/consumer-manager';
import { ProducerManager } from './clients/producer-manager';
import { RebalanceLockManager } from './clients/rebalance-lock-manager';
import { PullRequestHoldService } from './long-polling/pull-request-hold-service';
import { BrokerReplication } from './replication/broker-replication';
import { EPOCH_CACHE_CODES, FailoverAgent } from './failover/failover-agent';
import { MessagePipeline } from './message-pipeline';
import { ConsumerOffsetManager } from './offset/consumer-offset-manager';
import { ACL_CONFIG_CODES, AclConfigProcessor } from './processor/acl-config-processor';
import { ADMIN_BROKER_CODES, AdminBrokerProcessor } from './processor/admin-broker-processor';
import { CONFIG_QUERY_CODES, ConfigQueryProcessor } from './processor/config-query-processor';
import { ADMIN_DEBUG_CODES, AdminDebugProcessor } from './processor/admin-debug-processor';
import { CLIENT_MANAGE_CODES, ClientManageProcessor } from './processor/client-manage-processor';
import { CONSUMER_MANAGE_CODES, ConsumerManageProcessor } from './processor/consumer-manage-processor';
import { END_TRANSACTION_CODES, EndTransactionProcessor } from './processor/end-transaction-processor';
import { PULL_CODES, PullMessageProcessor } from './processor/pull-message-processor';
import { QUERY_MESSAGE_CODES, QueryMessageProcessor } from './processor/query-message-processor';
import { SEND_CODES, SendMessageProcessor } from './processor/send-message-processor';
import { ACK_CODES, AckMessageProcessor } from './pop/ack-message-processor';
import { POP_CODES, PopMessageProcessor } from './pop/pop-message-processor';
import { PopService } from './pop/pop-service';
import { ScheduleMessageService } from './schedule/schedule-message-service';
import { BrokerStats } from './stats/broker-stats';
import { EventLoopMonitor } from './stats/event-loop-monitor';
import { SubscriptionGroupManager } from './subscription/subscription-group-manager';
import { TopicConfigManager } from './topic/topic-config-manager';
import { TransactionCheckService } from './transaction/transaction-check-service';
import { TransactionalMessageService } from './transaction/transactional-message-service';

const CHANNEL_EXPIRED_MS = 120_000;
const FIRST_REGISTRATION_DEADLINE_MS = 60_000;

export interface BrokerControllerOptions {
  log?: Logger;
  /** Replace the store (tests). */
  store?: MessageStore;
}

export class BrokerController implements BrokerContext {
  readonly log: Logger;
  readonly store: MessageStore;
  readonly topics: TopicConfigManager;
  readonly groups: SubscriptionGroupManager;
  readonly offsets: ConsumerOffsetManager;
  readonly consumers: ConsumerManager;
  readonly producers: ProducerManager;
  readonly pullHold: PullRequestHoldService;
  readonly stats = new BrokerStats();
  readonly eventLoop = new EventLoopMonitor();
  readonly pipeline: MessagePipeline;
  readonly locks = new RebalanceLockManager();
  readonly broker2Client: Broker2Client;
  readonly delayLevels: number[];
  readonly bootTimestamp = Date.now();
  storeHost: HostAddress;
  brokerAddr: string;

  private readonly server: RemotingServer;
  /** Apache's "fast" remoting port, listenPort − 2: an Apache slave asks its master for topics there. */
  private readonly vipServer: RemotingServer | undefined;
  readonly replication: BrokerReplication;
  /** enableAutoFailover only. */
  readonly failover: FailoverAgent | undefined;
  private readonly outer: BrokerOuterApi;
  private readonly schedule: ScheduleMessageService;
  private readonly tx: TransactionalMessageService;
  private readonly txCheck: TransactionCheckService;
  /** 5.x POP consumption (checkpoints, revive, orderly state); runs on a master only. */
  readonly pop: PopService;
  private readonly acl: AclGuard | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private registering: Promise<void> | undefined;
  private registerNext: Promise<void> | undefined;
  /** The topic table version the round in flight registers. */
  private registeringVersion = -1;
  private stopped = false;

  constructor(
    readonly config: BrokerConfig,
    opts: BrokerControllerOptions = {},
  ) {
    this.log = (opts.log ?? rootLogger).child({ module: 'broker', broker: config.brokerName });
    this.delayLevels = parseDelayLevels(config.messageDelayLevel);
    this.store = opts.store ?? createMessageStore(storeConfigOf(config));
    this.brokerAddr = `${config.brokerIP1}:${config.listenPort}`;
    this.storeHost = { ip: ipToBytes(config.brokerIP1), port: config.listenPort };
    this.topics = new TopicConfigManager(config, this.delayLevels.length, this.log);
    this.groups = new SubscriptionGroupManager(config, this.log);
    this.offsets = new ConsumerOffsetManager(config.storePathRootDir, this.log);
    this.broker2Client = new Broker2Client(this.log);
    this.consumers = new ConsumerManager((group, channels) => {
      const gc = this.groups.get(group);
      if (gc && !gc.notifyConsumerIdsChangedEnable) return;
      for (const ch of channels) this.broker2Client.notifyConsumerIdsChanged(ch, group);
    }, this.log);
    this.producers = new ProducerManager();
    this.pullHold = new PullRequestHoldService(this.log);
    this.pipeline = new MessagePipeline(this.store, this.delayLevels);
    this.schedule = new ScheduleMessageService(config.storePathRootDir, this.store, this.pipeline, this.delayLevels, this.log);
    this.tx = new TransactionalMessageService(this.store, this.pipeline, this.storeHost, this.log);
    this.txCheck = new TransactionCheckService(this, this.tx, this.log);

    this.server = new RemotingServer({ host: config.listenHost, port: config.listenPort }, this.log);
    const p = this.server.processors;
    this.vipServer = config.listenPort > 2 ? new RemotingServer({ host: config.listenHost, port: config.listenPort - 2, processors: p }, this.log) : undefined;
    this.replication = new BrokerReplication({
      config,
      store: this.store,
      log: this.log,
      topics: this.topics,
      offsets: this.offsets,
      schedule: this.schedule,
      groups: this.groups,
      selfAddr: () => this.brokerAddr,
    });
    // Plain ACL (aclEnable=true): every processor registered below checks the request first.
    this.acl = config.aclEnable ? new AclGuard(aclLocations(config), this.log) : undefined;
    this.acl?.install(p);
    // The codes that can create or change topics (auto-creation on send, retry/DLQ topics on heartbeat and
    // send-back, admin topic commands) answer after the name servers have the new table.
    p.register(SEND_CODES, this.announcingTopicChanges(new SendMessageProcessor(this)));
    p.register(PULL_CODES, new PullMessageProcessor(this));
    p.register(QUERY_MESSAGE_CODES, new QueryMessageProcessor(this));
    p.register(CLIENT_MANAGE_CODES, this.announcingTopicChanges(new ClientManageProcessor(this)));
    p.register(CONSUMER_MANAGE_CODES, new ConsumerManageProcessor(this));
    p.register(END_TRANSACTION_CODES, new EndTransactionProcessor(this, this.tx));
    p.register(ADMIN_BROKER_CODES, this.announcingTopicChanges(new AdminBrokerProcessor(this, () => this.schedule.toJson())));
    p.register(ADMIN_DEBUG_CODES, new AdminDebugProcessor(this));
    p.register(CONFIG_QUERY_CODES, new ConfigQueryProcessor(this));
    p.register(ACL_CONFIG_CODES, new AclConfigProcessor(this, this.acl));
    this.pop = new PopService(this);
    p.register(POP_CODES, new PopMessageProcessor(this, this.pop));
    p.register(ACK_CODES, new AckMessageProcessor(this, this.pop));
    this.vipServer?.onChannelClose((ch) => {
      this.consumers.doChannelCloseEvent(ch);
      this.producers.doChannelCloseEvent(ch);
    });
    this.server.onChannelClose((ch) => {
      this.consumers.doChannelCloseEvent(ch);
      this.producers.doChannelCloseEvent(ch);
    });
    this.outer = BrokerOuterApi.fromAddrList(config.namesrvAddr, this.log);
    this.topics.onChanged = () => this.registerBrokerAll();
    if (config.enableAutoFailover) {
      this.failover = new FailoverAgent({
        config,
        store: this.store,
        replication: this.replication,
        outer: this.outer,
        log: this.log.child({ module: 'failover' }),
        selfAddr: () => this.brokerAddr,
        onRoleChanged: (role) => this.onRoleChanged(role),
      });
      p.register(EPOCH_CACHE_CODES, this.failover.processor());
    }
  }

  /** Failover moved this broker's role: the master-only services follow it, and the name servers learn the new id now. */
  private async onRoleChanged(role: 'MASTER' | 'SLAVE'): Promise<void> {
    if (role === 'MASTER') {
      this.schedule.start();
      this.txCheck.start();
      this.pop.start();
    } else {
      await this.schedule.shutdown();
      await this.txCheck.shutdown();
      await this.pop.stop();
    }
    await this.registering;
    const r = await this.registerOnce();
    if (!r.ok) this.log.warn({ errors: r.errors }, 'registration after a role change failed; the periodic one retries');
  }

  get port(): number {
    return this.server.port;
  }

  get address(): string {
    return this.brokerAddr;
  }

  /** Request codes this broker answers. */
  supportedCodes(): number[] {
    return this.server.processors.supportedCodes();
  }

  /** After a recovery that cut the log, no consumer or delay progress may point past a queue's end. */
  private correctOffsetsPastQueueEnds(): void {
    const groups = this.offsets.clampToQueueEnds((topic, queueId) => this.store.getMaxOffsetInQueue(topic, queueId));
    for (const f of groups) this.log.warn(f, 'consumer offset was past the end of its queue (the log tail was cut at recovery); set back to the end');
    for (const f of this.schedule.clampToQueueEnds()) this.log.warn(f, 'delay level progress was past the end of its queue; set back to the end');
  }

  async start(): Promise<void> {
    this.eventLoop.start();
    this.acl?.start();
    this.topics.load();
    this.groups.load();
    this.offsets.load();
    this.schedule.load();
    this.replication.configureStore();
    this.failover?.load();
    this.pop.load();
    await this.store.start();
    // Failover: a master takes no write until the name servers confirm no newer master replaced it meanwhile.
    if (this.failover) this.replication.holdWrites();
    this.correctOffsetsPastQueueEnds();
    this.store.onMessageArrived((topic, queueId, logicOffset, tagsCode, _storeTimestamp, properties) => {
      this.pullHold.notifyMessageArriving(topic, queueId, logicOffset + 1, tagsCode, properties);
      this.pop.notifyMessageArriving(topic);
    });
    await this.tx.load();
    try {
      await this.server.start();
      await this.replication.start();
    } catch (err) {
      await this.server.stop();
      await this.replication.stop();
      await this.store.shutdown();
      throw err;
    }
    if (this.vipServer) {
      // Apache cannot start without it; here only an Apache slave of this broker would miss it (it falls back to
      // nothing, an Orbit slave to the main port), so a taken port is a warning, not a failed start.
      await this.vipServer.start().catch((err: Error) => this.log.warn({ port: this.config.listenPort - 2, err: err.message }, 'VIP port (listenPort - 2) not available'));
    }
    // With port 0 (tests) the real port is known only now; records and message ids must carry it.
    const port = this.server.port;
    this.brokerAddr = `${this.config.brokerIP1}:${port}`;
    this.storeHost.port = port;
    this.config.listenPort = port;

    await this.failover?.beforeFirstRegistration();
    // A slave moves no delayed messages and checks no transactions: its master does (Apache's slave neither).
    if (!this.replication.isSlave) {
      this.schedule.start();
      this.txCheck.start();
      this.pop.start();
    }
    this.every(this.config.registerNameServerPeriod, () => this.registerBrokerAll());
    this.every(10_000, () => {
      this.consumers.scanNotActiveChannel(CHANNEL_EXPIRED_MS);
      this.producers.scanNotActiveChannel(CHANNEL_EXPIRED_MS);
    });
    this.every(5000, () => {
      void this.offsets.persistSoon();
      void this.pop.orderInfo.persistSoon();
    });
    await this.firstRegistration();
    this.failover?.start();
    this.log.info({ addr: this.brokerAddr, namesrv: this.outer.nameServers }, 'broker started');
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private identity(): BrokerIdentity {
    return {
      clusterName: this.config.brokerClusterName,
      brokerName: this.config.brokerName,
      brokerAddr: this.brokerAddr,
      brokerId: this.config.brokerId,
      haServerAddr: this.replication.haServerAddr(),
    };
  }

  private async registerOnce(): Promise<{ ok: boolean; errors: string[] }> {
    const table = Object.fromEntries(this.topics.all());
    // The broker's own permission caps every topic's, as Apache's registerBrokerAll does.
    if (this.config.brokerPermission !== 6) {
      for (const [k, tc] of Object.entries(table)) table[k] = { ...tc, perm: tc.perm & this.config.brokerPermission };
    }
    const outcomes = await this.outer.registerBrokerAll(this.identity(), this.topics.getDataVersion(), table);
    this.replication.onRegistered(outcomes);
    const errors = outcomes.filter((o) => !o.ok).map((o) => `${o.namesrv}: ${o.error}`);
    return { ok: errors.length === 0, errors };
  }

  private async firstRegistration(): Promise<void> {
    if (this.outer.nameServers.length === 0) {
      this.log.warn('no name server configured (namesrvAddr): clients cannot find this broker');
      return;
    }
    const deadline = Date.now() + FIRST_REGISTRATION_DEADLINE_MS;
    for (;;) {
      const r = await this.registerOnce();
      if (r.ok) return;
      if (this.stopped || Date.now() > deadline) {
        throw new ConfigError(`could not register with every name server: ${r.errors.join('; ')}`);
      }
      this.log.warn({ errors: r.errors }, 'registration with a name server failed; retrying');
      await new Promise((res) => setTimeout(res, 1000));
    }
  }

  /** Registers now, in the background; see registerBrokerAllNow. */
  registerBrokerAll(): void {
    void this.registerBrokerAllNow();
  }

  /**
   * Resolves when a registration round carrying the current topic table has ended: the round in flight if it
   * started from this table, else the one round queued after it (calls made meanwhile share that round).
   */
  registerBrokerAllNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const version = this.topics.getDataVersion().counter;
    if (this.registering && this.registeringVersion >= version) return this.registering;
    if (!this.registering) {
      this.registeringVersion = version;
      this.registering = this.registerOnce()
        .then((r) => {
          if (!r.ok) this.log.warn({ errors: r.errors }, 'registration with a name server failed');
        })
        .finally(() => {
          this.registering = undefined;
        });
      return this.registering;
    }
    this.registerNext ??= this.registering.then(() => {
      this.registerNext = undefined;
      return this.registerBrokerAllNow();
    });
    return this.registerNext;
  }

  /**
   * A request that created or changed topics is answered only once the name servers know them, as Apache's
   * broker registers synchronously there: a consumer asks for its retry topic's route right after the
   * heartbeat that created it, and a fire-and-forget registration loses that race.
   */
  private announcingTopicChanges(processor: RequestProcessor): RequestProcessor {
    return {
      handle: async (req, channel) => {
        const before = this.topics.getDataVersion().counter;
        const res = await processor.handle(req, channel);
        if (this.topics.getDataVersion().counter !== before) await this.registerBrokerAllNow();
        return res;
      },
    };
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.failover?.stop();
    this.eventLoop.stop();
    this.acl?.stop();
    await this.registerNext;
    await this.registering;
    if (this.outer.nameServers.length > 0) await this.outer.unregisterBrokerAll(this.identity());
    await this.outer.shutdown();
    this.pullHold.releaseAll();
    await this.replication.stop();
    await this.vipServer?.stop();
    await this.server.stop();
    await this.schedule.shutdown();
    await this.txCheck.shutdown();
    await this.pop.stop();
    await this.pop.persist();
    await this.offsets.persist();
    this.topics.persist();
    this.groups.persist();
    await this.store.shutdown();
    this.log.info('broker stopped');
  }
}

export function storeConfigOf(c: BrokerConfig): MessageStoreConfig {
  return {
    storePathRootDir: c.storePathRootDir,
    storePathCommitLog: c.storePathCommitLog,
    mappedFileSizeCommitLog: c.mappedFileSizeCommitLog,
    mappedFileSizeConsumeQueue: c.mappedFileSizeConsumeQueue,
    flushDiskType: c.flushDiskType,
    flushIntervalCommitLog: c.flushIntervalCommitLog,
    syncFlushTimeout: c.syncFlushTimeout,
    maxMessageSize: c.maxMessageSize,
    fileReservedTime: c.fileReservedTime,
    deleteWhen: c.deleteWhen,
    diskMaxUsedSpaceRatio: c.diskMaxUsedSpaceRatio,
    messageIndexEnable: c.messageIndexEnable,
    maxHashSlotNum: c.maxHashSlotNum,
    maxIndexNum: c.maxIndexNum,
    enabledAppendPropCRC: c.enabledAppendPropCRC,
    replicaRole: c.brokerRole === 'SLAVE' ? 'SLAVE' : 'MASTER',
    accessMessageInMemoryMaxRatio: c.accessMessageInMemoryMaxRatio,
  };
}
