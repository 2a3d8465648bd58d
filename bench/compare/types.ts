/**
 * The contract between `npm run bench -- compare` and each queue system it measures with a Node client
 * (Orbit with its TS SDK, NATS JetStream, Redis Streams). The orchestrator starts a system's server, has
 * it prepare a stream, then runs every client workload in a fresh child process
 * (`node bin/orbit.js bench peer-client <system> <workload> --json '<ClientArgs>'`), which prints one
 * `RESULT {json}` line; so no client inherits another's JIT or GC state and its CPU time can be read.
 */

/** One running server of a system, on loopback, with a throw-away data directory. */
export interface ServerHandle {
  /** What a client connects to: `host:port` (Orbit: the name server). */
  url: string;
  /** Processes whose CPU time and RSS count as the system's (Orbit: the broker). */
  pids: number[];
  stop(): Promise<void>;
}

/** Acknowledgement level of a publish: `async` = stored in memory / page cache (fsync later); `sync` = fsynced before the ack. */
export type AckLevel = 'async' | 'sync';

export interface QueueSystemServer {
  name: string;
  /** Installs what is missing (Debian packages), or throws saying what to install. */
  ensureInstalled(): Promise<void>;
  /** The ack levels this system can be configured for. */
  ackLevels: AckLevel[];
  start(ack: AckLevel): Promise<ServerHandle>;
  /** Creates the stream/topic the workloads use (and, where the system has them, the consumer group). */
  prepare(server: ServerHandle, stream: string): Promise<void>;
}

export interface ClientArgs {
  url: string;
  stream: string;
  /** Body size in bytes. */
  size: number;
  /** Publishers each waiting for their ack (publish), or batches in flight (batch). */
  concurrency: number;
  /** Messages per request for the batch workload (Orbit: one sendBatch; NATS: B publishes awaited together; Redis: one pipeline of B XADDs). */
  batch: number;
  /** Measured seconds (publish, batch, latency). */
  seconds: number;
  /** Warm-up seconds before measuring (publish, batch). */
  warmup: number;
  /** Messages per second for the latency workload. */
  rate: number;
  /** How many messages consume must read (from the start of the stream). */
  expect: number;
  /** Give up after this many seconds (consume, latency drain). */
  timeoutSeconds: number;
  /** Consumer group / durable name. */
  group: string;
}

export interface PublishResult {
  /** Acknowledged messages per second over the measured seconds. */
  tps: number;
  avgRtMs: number;
  p50RtMs: number;
  p99RtMs: number;
  maxRtMs: number;
  failures: number;
  /** Acknowledged messages in all (warm-up included): what consume should read. */
  totalOk: number;
}

export interface ConsumeResult {
  tps: number;
  consumed: number;
}

export interface LatencyResult {
  /** Messages actually sent per second. */
  rate: number;
  sent: number;
  received: number;
  /** born (client timestamp before publish) → consumed, in ms. */
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export interface SystemClient {
  publish(a: ClientArgs): Promise<PublishResult>;
  /** Like publish, in batches of a.batch messages per request; tps counts messages. */
  batch(a: ClientArgs): Promise<PublishResult>;
  consume(a: ClientArgs): Promise<ConsumeResult>;
  /** Publishes at a.rate msg/s for a.seconds while one consumer reads; measures born→consume. */
  latency(a: ClientArgs): Promise<LatencyResult>;
}

export type Workload = keyof SystemClient;
