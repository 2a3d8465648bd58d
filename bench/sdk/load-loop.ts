/**
 * Closed-loop load: `concurrency` loops each await one operation (a send, a batch) at a time, for a warm-up
 * and then the measured seconds. Counts messages, not operations, so a batch of 64 counts 64. Shared by
 * `orbit bench producer` and the Node-client workloads of `npm run bench -- compare`.
 */
import { LatencyHistogram } from './histogram';

export interface LoadOptions {
  concurrency: number;
  warmupSeconds: number;
  /** Measured seconds; 0 = until stop() is called. */
  seconds: number;
  /** One operation; resolves with the number of messages it acknowledged. */
  op: () => Promise<number>;
  /** Called every `intervalMs` with the figures of that interval (warm-up included). */
  onInterval?: (w: IntervalFigures) => void;
  intervalMs?: number;
  /** First failures are reported here (at most 5). */
  onFailure?: (err: unknown) => void;
}

export interface IntervalFigures {
  elapsedSeconds: number;
  measuring: boolean;
  tps: number;
  avgRtMs: number;
  maxRtMs: number;
  failures: number;
  totalOk: number;
}

export interface LoadResult {
  /** Messages acknowledged per second over the measured seconds. */
  tps: number;
  measuredSeconds: number;
  /** Per operation (a batch's round trip counts once). */
  rt: LatencyHistogram;
  failures: number;
  /** Messages acknowledged in all, warm-up included. */
  totalOk: number;
}

export interface LoadRun {
  done: Promise<LoadResult>;
  /** Ends the run early (Ctrl-C); the result covers what was measured so far. */
  stop(): void;
}

export function runLoad(o: LoadOptions): LoadRun {
  const measured = new LatencyHistogram();
  const window = new LatencyHistogram();
  let measuring = o.warmupSeconds <= 0;
  let stopping = false;
  let measuredOk = 0;
  let measuredFailures = 0;
  let totalOk = 0;
  let failures = 0;
  let windowOk = 0;
  let windowFailures = 0;
  const t0 = performance.now();
  let measureStart = measuring ? t0 : NaN;
  let measureEnd = NaN;

  const warmTimer =
    o.warmupSeconds > 0
      ? setTimeout(() => {
          measuring = true;
          measureStart = performance.now();
          if (o.seconds > 0) endTimer = setTimeout(stop, o.seconds * 1000);
        }, o.warmupSeconds * 1000)
      : undefined;
  let endTimer: NodeJS.Timeout | undefined = o.warmupSeconds <= 0 && o.seconds > 0 ? setTimeout(stop, o.seconds * 1000) : undefined;

  let lastTick = t0;
  const tick = o.onInterval
    ? setInterval(() => {
        const now = performance.now();
        o.onInterval?.({
          elapsedSeconds: (now - t0) / 1000,
          measuring,
          tps: (windowOk * 1000) / (now - lastTick),
          avgRtMs: window.meanMs(),
          maxRtMs: window.maxMs(),
          failures: windowFailures,
          totalOk,
        });
        lastTick = now;
        window.reset();
        windowOk = 0;
        windowFailures = 0;
      }, o.intervalMs ?? 5000)
    : undefined;

  function stop(): void {
    if (stopping) return;
    stopping = true;
    measureEnd = performance.now();
    clearTimeout(warmTimer);
    clearTimeout(endTimer);
    clearInterval(tick);
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      const start = performance.now();
      try {
        const n = await o.op();
        const rtUs = (performance.now() - start) * 1000;
        totalOk += n;
        windowOk += n;
        window.recordUs(rtUs);
        // An operation that ends after stop() belongs to no measured second.
        if (measuring && !stopping) {
          measuredOk += n;
          measured.recordUs(rtUs);
        }
      } catch (err) {
        failures++;
        windowFailures++;
        if (measuring && !stopping) measuredFailures++;
        if (failures <= 5) o.onFailure?.(err);
      }
    }
  }

  const done = Promise.all(Array.from({ length: o.concurrency }, loop)).then((): LoadResult => {
    const measuredSeconds = Number.isFinite(measureStart) ? (measureEnd - measureStart) / 1000 : 0;
    return {
      tps: measuredSeconds > 0 ? measuredOk / measuredSeconds : 0,
      measuredSeconds,
      rt: measured,
      failures: measuredFailures,
      totalOk,
    };
  });
  return { done, stop };
}
