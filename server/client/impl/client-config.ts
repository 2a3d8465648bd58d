/** Options shared by every producer and consumer, and the client id they derive. */
import os from 'node:os';
import type { LogSink } from '../../common/log-sink';

/**
 * A pino-compatible logger for the SDK's own lines (warnings such as a failed heartbeat, debug detail of retries):
 * `pino()` itself, or anything with pino's `(obj, msg)` methods and `child()`.
 */
export type ClientLogger = LogSink;

/** Options common to producers and consumers. */
export interface ClientConfig {
  /** Name server list, `host:port[;host:port]`. */
  namesrvAddr: string;
  /**
   * Instances with the same instance name share one connection set and heartbeat (one MQClientInstance).
   * Default: unique per producer/consumer object, as Java's `DEFAULT`.
   */
  instanceName?: string;
  /** Client IP advertised in the client id (default: first non-internal IPv4, else 127.0.0.1). */
  clientIP?: string;
  /** Timeout of control calls (route, offsets, heartbeat); RocketMQ's mqClientApiTimeout, 3 s. */
  mqClientApiTimeoutMs?: number;
  /** Route refresh period (RocketMQ `pollNameServerInterval`, 30 s). */
  pollNameServerIntervalMs?: number;
  /** Heartbeat period (RocketMQ `heartbeatBrokerInterval`, 30 s). */
  heartbeatBrokerIntervalMs?: number;
  /** Offset commit period (RocketMQ `persistConsumerOffsetInterval`, 5 s). */
  persistConsumerOffsetIntervalMs?: number;
  /** ACL credentials (Java's AclClientRPCHook): when both are set, every request is signed. */
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  /**
   * Where the SDK logs. Default: JSON lines on stderr at level `warn`, or `ORBIT_LOG_LEVEL` when set, made on first
   * use. Clients sharing an `instanceName` share one client instance, and so the first one's logger.
   */
  logger?: ClientLogger;
}

let cachedIp: string | undefined;

/** First non-internal IPv4 address of this host, else 127.0.0.1 (Java's RemotingUtil.getLocalAddress). */
export function localIPv4(): string {
  if (cachedIp) return cachedIp;
  let found = '127.0.0.1';
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal) {
        found = a.address;
        break;
      }
    }
    if (found !== '127.0.0.1') break;
  }
  cachedIp = found;
  return found;
}

let instanceSeq = 0;

/** `ip@pid#instanceName`; a missing instance name becomes a per-object unique one (Java: pid#nanoTime). */
export function buildClientId(cfg: ClientConfig): string {
  const ip = cfg.clientIP ?? localIPv4();
  const name = cfg.instanceName ?? `${process.hrtime.bigint()}${++instanceSeq}`;
  return `${ip}@${process.pid}#${name}`;
}
