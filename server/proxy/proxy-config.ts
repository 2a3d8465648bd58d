/**
 * The gRPC proxy's settings. Names follow Apache's ProxyConfig (`grpcServerPort`, `maxMessageSize`,
 * `userPropertyMaxNum`…) where one exists, so an rmq-proxy.json reader can find its way.
 */
import { z } from 'zod';

const schema = z.object({
  /** Name servers, `host:port[;host:port]`. */
  namesrvAddr: z.string().min(1),
  /** Address to bind; also what QueryRoute advertises when a request names no endpoints. */
  host: z.string().default('127.0.0.1'),
  /** gRPC port, TLS and plaintext on the same one (0: any free port). */
  grpcServerPort: z.number().int().min(0).max(65535).default(8081),
  /** Largest body a message may have (the broker's maxMessageSize, 4 MiB). */
  maxMessageSize: z.number().int().positive().default(4 * 1024 * 1024),
  userPropertyMaxNum: z.number().int().positive().default(128),
  /** keys + values of user properties + tag + keys, in UTF-8 bytes. */
  maxUserPropertySize: z.number().int().positive().default(16 * 1024),
  maxMessageGroupSize: z.number().int().positive().default(64),
  /** How far ahead a DELAY message may be delivered. */
  maxDelayTimeMs: z.number().int().positive().default(24 * 3600 * 1000),
  maxTransactionRecoverySecond: z.number().int().positive().default(3600),
  /** How long a transactional send's data (broker, offsets) is kept for its EndTransaction. */
  transactionDataExpireMs: z.number().int().positive().default(30_000),
  enableTopicMessageTypeCheck: z.boolean().default(true),
  /** Topic and group config read from the brokers is reused this long. */
  metadataCacheMs: z.number().int().nonnegative().default(5_000),
  /** HEART_BEAT period to the brokers (producer groups = topics, so transaction checks find the proxy). */
  heartbeatBrokerIntervalMs: z.number().int().positive().default(10_000),
  /**
   * gRPC ACL: access key → secret key. When set, every request must carry a valid `authorization` signature
   * (HMAC-SHA1 of `x-mq-date-time`); unset, requests are not checked.
   */
  accounts: z.record(z.string(), z.string()).optional(),
  /** Credentials the proxy signs its own remoting requests with, for brokers that have plain ACL on. */
  brokerAccessKey: z.string().optional(),
  brokerSecretKey: z.string().optional(),
});

export type ProxyConfig = z.infer<typeof schema>;

export function parseProxyConfig(input: unknown): ProxyConfig {
  return schema.parse(input);
}

export function defaultProxyConfig(namesrvAddr: string): ProxyConfig {
  return schema.parse({ namesrvAddr });
}
