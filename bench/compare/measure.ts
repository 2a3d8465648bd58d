/**
 * The workload drivers every system's client plugs its send/receive calls into (closed publish loops,
 * paced latency run, consume clock), so that Orbit, NATS and Redis are measured the same way.
 */
import { randomBytes } from 'node:crypto';
import { sleep } from '../broker/common';
import { LatencyHistogram } from '../sdk/histogram';
import type { ClientArgs, LatencyResult, PublishResult } from './types';


/** A message body of `size` random bytes (generated once: neither peer compresses, so content is moot). */
export function randomBody(size: number): Buffer {
  return randomBytes(Math.max(0, size));
}

/** Logs the first few failures of a workload to stderr and counts them all. */
export class FailureLog {
  count = 0;
  constructor(private readonly what: string, private readonly maxLogged = 5) {}
  add(e: unknown, n = 1): void {
    this.count += n;
    if (this.count - n < this.maxLogged) {
      process.stderr.write(`${this.what} failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
}

/**
 * `a.concurrency` loops, each repeating `round` (one request of `perRound` messages, resolving to how
 * many of them were acknowledged; it may call `fail` for those that were not) until warm-up + measured
 * seconds have passed. Rounds started inside the measured window count towards tps and the RT histogram.
 */
export async function closedLoops(
  a: ClientArgs,
  perRound: number,
  round: (fail: (e: unknown, n?: number) => void) => Promise<number>,
  what: string,
): Promise<PublishResult> {
  const hist = new LatencyHistogram();
  const failures = new FailureLog(what);
  const fail = (e: unknown, n = 1): void => failures.add(e, n);
  const t0 = performance.now();
  const measureFrom = t0 + a.warmup * 1000;
  const end = measureFrom + a.seconds * 1000;
  let totalOk = 0;
  let measuredOk = 0;
  let lastReport = t0;
  const loop = async (): Promise<void> => {
    for (;;) {
      const start = performance.now();
      if (start >= end) return;
      let ok = 0;
      const before = failures.count;
      try {
        ok = await round(fail);
      } catch (e) {
        fail(e, perRound);
      }
      const now = performance.now();
      totalOk += ok;
      if (start >= measureFrom) {
        measuredOk += ok;
        if (ok > 0) hist.recordMs(now - start);
      }
      if (now - lastReport >= 5000) {
        lastReport = now;
        process.stderr.write(`  ${what}: ${((now - t0) / 1000).toFixed(0)} s, ${totalOk} acked, ${failures.count} failed\n`);
      }
      // A dead connection fails at once: do not spin.
      if (failures.count > before) await sleep(1);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, a.concurrency) }, loop));
  return {
    tps: a.seconds > 0 ? measuredOk / a.seconds : 0,
    avgRtMs: hist.meanMs(),
    p50RtMs: hist.quantileMs(0.5),
    p99RtMs: hist.quantileMs(0.99),
    maxRtMs: hist.maxMs(),
    failures: failures.count,
    totalOk,
  };
}

/** Wall-clock milliseconds on a clock comparable across processes (what a message's born time is). */
export const wallMs = (): number => performance.timeOrigin + performance.now();

/** Born time of a latency message: a float64 (little-endian) in its first 8 bytes. */
export function bornOf(body: Uint8Array): number {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).readDoubleLE(0);
}

export interface LatencyConsumer {
  /** Stops reading and closes what it opened. */
  stop(): Promise<void>;
}

const MAX_IN_FLIGHT = 1000;

/**
 * The latency workload: `startConsumer` (reading new messages only) gets a callback to call with each
 * message body; then messages are published at `a.rate`/s for `a.seconds` (every ms, all the messages due
 * by now are sent without waiting for earlier acks, at most 1000 in flight), each carrying its born time.
 * After the last ack, waits up to `a.timeoutSeconds` for the consumer to have received them all.
 */
export async function pacedLatency(
  a: ClientArgs,
  startConsumer: (onMessage: (body: Uint8Array) => void) => Promise<LatencyConsumer>,
  send: (body: Buffer) => Promise<unknown>,
): Promise<LatencyResult> {
  const hist = new LatencyHistogram();
  let received = 0;
  const consumer = await startConsumer((body) => {
    received++;
    if (body.byteLength >= 8) hist.recordMs(wallMs() - bornOf(body));
  });
  const size = Math.max(8, a.size);
  const pad = randomBody(size);
  const failures = new FailureLog('latency publish');
  const durationMs = a.seconds * 1000;
  const total = Math.floor(a.rate * a.seconds);
  let issued = 0;
  let sent = 0;
  let inFlight = 0;
  let allSettled: (() => void) | undefined;
  const one = (): void => {
    const body = Buffer.allocUnsafe(size);
    pad.copy(body);
    body.writeDoubleLE(wallMs(), 0);
    inFlight++;
    issued++;
    send(body).then(
      () => {
        sent++;
      },
      (e: unknown) => failures.add(e),
    ).finally(() => {
      inFlight--;
      if (inFlight === 0) allSettled?.();
    });
  };
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsed = performance.now() - start;
      const due = Math.min(total, Math.floor((Math.min(elapsed, durationMs) * a.rate) / 1000));
      let n = Math.min(due - issued, MAX_IN_FLIGHT - inFlight);
      while (n-- > 0) one();
      if (elapsed >= durationMs || issued >= total) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 1);
  });
  if (inFlight > 0) await new Promise<void>((r) => (allSettled = r));
  const drainUntil = performance.now() + a.timeoutSeconds * 1000;
  while (received < sent && performance.now() < drainUntil) await sleep(5);
  await consumer.stop();
  return {
    rate: a.seconds > 0 ? sent / a.seconds : 0,
    sent,
    received,
    p50Ms: hist.quantileMs(0.5),
    p99Ms: hist.quantileMs(0.99),
    p999Ms: hist.quantileMs(0.999),
    maxMs: hist.maxMs(),
  };
}

/** Tracks first/last message times of a consume run (created when the run starts reading). */
export class ConsumeClock {
  private readonly started = performance.now();
  first = 0;
  last = 0;
  count = 0;
  tick(n = 1): void {
    const now = performance.now();
    if (this.count === 0) this.first = now;
    this.last = now;
    this.count += n;
  }
  /** Messages per second from the first message to the last; from the start when all came at once. */
  tps(): number {
    let ms = this.last - this.first;
    if (ms < 1) ms = this.last - this.started;
    return ms > 0 ? (this.count * 1000) / ms : 0;
  }
}
