/**
 * Broker settings under RocketMQ's names, so one broker.conf configures Orbit and Apache alike.
 * Keys Orbit does not use are accepted and kept (GET_BROKER_CONFIG shows them) but change nothing.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../common/errors';

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const int = (min = 0) => z.coerce.number().int().min(min);

export const brokerConfigSchema = z.object({
  brokerClusterName: z.string().min(1).default('DefaultCluster'),
  brokerName: z.string().min(1).default(os.hostname().split('.')[0] || 'broker-a'),
  brokerId: int().default(0),
  namesrvAddr: z.string().default(''),
  brokerIP1: z.string().min(1).default('127.0.0.1'),
  /** Address to bind; Orbit binds loopback unless told otherwise. */
  listenHost: z.string().min(1).default('127.0.0.1'),
  listenPort: int().max(65535).default(10911),
  haListenPort: int().max(65535).optional(),
  brokerPermission: int().default(6),
  regionId: z.string().default('DefaultRegion'),
  traceOn: bool.default(true),
  /** Create the message-trace topic at start-up (1 queue, as Apache's TopicConfigManager); off by default, as Apache. */
  traceTopicEnable: bool.default(false),
  /** The topic clients with `enableMsgTrace` write to (Apache's default name). */
  msgTraceTopicName: z.string().min(1).default('RMQ_SYS_TRACE_TOPIC'),
  autoCreateTopicEnable: bool.default(true),
  autoCreateSubscriptionGroup: bool.default(true),
  defaultTopicQueueNums: int(1).default(8),
  clusterTopicEnable: bool.default(true),
  brokerTopicEnable: bool.default(true),
  registerNameServerPeriod: int(1000).default(30_000),
  longPollingEnable: bool.default(true),
  /** SQL92 subscriptions (MessageSelector.bySql); off by default, as in Apache. */
  enablePropertyFilter: bool.default(false),
  /**
   * Retry topics filtered with the group's SQL92 filter of the original topic. Orbit defaults it on (Apache: off),
   * so a retried message the group's current filter no longer matches is not redelivered.
   */
  filterSupportRetry: bool.default(true),
  shortPollingTimeMills: int(1).default(1000),
  /** POP (5.x): how often the revive service looks for checkpoints whose invisible time is over. */
  reviveInterval: int(100).default(1000),
  /** POP: percent of pops that read the group's pop retry topic first. */
  popFromRetryProbability: int(0).max(100).default(20),
  /** POP: held (long-polling) pops per topic and group before POLLING_FULL. */
  popPollingSize: int(1).default(1024),
  messageDelayLevel: z.string().default('1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h'),
  transactionCheckInterval: int(1).default(60_000),
  transactionTimeOut: int(1).default(6000),
  transactionCheckMax: int(1).default(15),
  maxMessageSize: int(1).default(4 * 1024 * 1024),
  defaultQueryMaxNum: int(1).default(32),
  maxMsgsNumBatch: int(1).default(64),
  // store
  storePathRootDir: z.string().min(1).default(path.join(os.homedir(), 'store')),
  storePathCommitLog: z.string().optional(),
  flushDiskType: z.enum(['SYNC_FLUSH', 'ASYNC_FLUSH']).default('ASYNC_FLUSH'),
  flushIntervalCommitLog: int(1).default(500),
  syncFlushTimeout: int(1).default(5000),
  mappedFileSizeCommitLog: int(4096).default(1024 * 1024 * 1024),
  mappedFileSizeConsumeQueue: int(20).default(300_000 * 20),
  fileReservedTime: int(0).default(72),
  deleteWhen: z.string().default('04'),
  diskMaxUsedSpaceRatio: int(10).default(75),
  messageIndexEnable: bool.default(true),
  maxHashSlotNum: int(1).default(5_000_000),
  maxIndexNum: int(1).default(20_000_000),
  /** Whole-record CRC in every stored record (RocketMQ 5's key; Orbit defaults it on, see server/store/record-crc.ts). */
  enabledAppendPropCRC: bool.default(true),
  brokerRole: z.enum(['ASYNC_MASTER', 'SYNC_MASTER', 'SLAVE']).default('ASYNC_MASTER'),
  // Replication (server/ha). Master and slave must have the same mappedFileSizeCommitLog: HA offsets are global
  // commit-log offsets and the slave lays its segments out by them.
  /** The address the name server hands a slave for this broker's HA port (default brokerIP1). */
  brokerIP2: z.string().min(1).optional(),
  /** A slave's fixed master HA address (ip:port); when unset it is learned from REGISTER_BROKER answers. */
  haMasterAddress: z.string().optional(),
  haSendHeartbeatInterval: int(100).default(5000),
  haHousekeepingInterval: int(1000).default(20_000),
  haTransferBatchSize: int(1024).default(32 * 1024),
  haSlaveFallbehindMax: int(1).default(256 * 1024 * 1024),
  /** SYNC_MASTER: wait for a slave's ack before FLUSH_SLAVE_TIMEOUT (4.9.3+; 4.9.0–4.9.2 used syncFlushTimeout). */
  slaveTimeout: int(1).default(3000),
  /** Whether a master may send a lagging consumer to a slave (suggestWhichBrokerId). */
  slaveReadEnable: bool.default(false),
  /** Slave: a pull at an offset out of range answers OFFSET_MOVED instead of PULL_RETRY_IMMEDIATELY. */
  offsetCheckInSlave: bool.default(false),
  /** Percent of physical memory a consumer may lag by before the master suggests the slave. */
  accessMessageInMemoryMaxRatio: int(1).default(40),
  /**
   * Orbit: automatic failover through the name servers' failover controller (docs/architecture.md). Master and
   * slaves of one brokerName all set it; the name servers must be Orbit's.
   */
  enableAutoFailover: bool.default(false),
  /** Failover heartbeat to every name server. */
  failoverHeartbeatInterval: int(100).default(1000),
  /** How long a name server counts a heartbeat as alive: a dead master is replaced after at most this. */
  failoverLeaseMs: int(300).default(3000),
  /** A slave is in sync while it has what its master had at most this long ago (5.x's key and default). */
  haMaxTimeSlaveNotCatchup: int(100).default(15_000),
  aclEnable: bool.default(false),
  /** Orbit: the plain ACL file (default $ROCKETMQ_HOME/conf/plain_acl.yml, as Apache). */
  aclFilePath: z.string().optional(),
});

export type BrokerConfig = z.infer<typeof brokerConfigSchema> & { extra: Record<string, string> };

/** Parse broker settings (from a broker.conf merged with CLI flags); unknown keys are kept in `extra`. */
export function parseBrokerConfig(input: Record<string, unknown>): BrokerConfig {
  const known = new Set(Object.keys(brokerConfigSchema.shape));
  const extra: Record<string, string> = {};
  const picked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (known.has(k)) picked[k] = v;
    else extra[k] = String(v);
  }
  const r = brokerConfigSchema.safeParse(picked);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ConfigError(`broker config: ${issue.path.join('.')}: ${issue.message}`);
  }
  const c = { ...r.data, extra };
  // As Apache's BrokerStartup: masters are id 0 whatever the file says; a slave needs an id above it.
  if (c.brokerRole === 'SLAVE') {
    if (c.brokerId <= 0) throw new ConfigError("broker config: brokerId: Slave's brokerId must be > 0");
  } else {
    c.brokerId = 0;
  }
  if (c.enableAutoFailover && c.failoverLeaseMs < 2 * c.failoverHeartbeatInterval) {
    throw new ConfigError(`broker config: failoverLeaseMs (${c.failoverLeaseMs}) must be at least twice failoverHeartbeatInterval (${c.failoverHeartbeatInterval}): a lease must outlive a lost heartbeat`);
  }
  return c;
}

export function defaultBrokerConfig(): BrokerConfig {
  return parseBrokerConfig({});
}

/** Java .properties text (what broker.conf is): key=value lines, # and ! comments. */
export function parsePropertiesText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

export function brokerConfigToProperties(c: BrokerConfig): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(c)) {
    if (k === 'extra' || v === undefined) continue;
    lines.push(`${k}=${v}`);
  }
  for (const [k, v] of Object.entries(c.extra)) lines.push(`${k}=${v}`);
  return lines.join('\n') + '\n';
}

/** "1s 5s 10s 1m 2h 1d" → milliseconds per level (level 1 first). */
export function parseDelayLevels(text: string): number[] {
  const unit: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return text
    .trim()
    .split(/\s+/)
    .map((tok) => {
      const m = /^(\d+)([smhd])$/.exec(tok);
      if (!m) throw new ConfigError(`messageDelayLevel: bad level "${tok}"`);
      return Number(m[1]) * unit[m[2]];
    });
}
