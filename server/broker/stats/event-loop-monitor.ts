/**
 * Event-loop delay of the broker process, in windows: the last complete window's p99 and max are what
 * GET_BROKER_RUNTIME_INFO reports (`eventLoopDelayP99Ms`, `eventLoopDelayMaxMs`, Orbit's own keys; Apache's
 * clients and consoles ignore keys they do not know). A delay here is latency every request on the broker pays.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const WINDOW_MS = 10_000;
const RESOLUTION_MS = 10;

export class EventLoopMonitor {
  private histogram: IntervalHistogram | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last = { p99Ms: 0, maxMs: 0, meanMs: 0 };

  start(): void {
    if (this.histogram) return;
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), WINDOW_MS);
    this.timer.unref();
  }

  private roll(): void {
    const h = this.histogram;
    if (!h) return;
    // The histogram holds whole timer intervals; the delay is what exceeds the resolution.
    const delay = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
    this.last = { p99Ms: delay(h.percentile(99)), maxMs: delay(h.max), meanMs: delay(h.mean) };
    h.reset();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.histogram?.disable();
    this.histogram = undefined;
  }

  runtimeEntries(): Record<string, string> {
    return {
      eventLoopDelayP99Ms: this.last.p99Ms.toFixed(2),
      eventLoopDelayMaxMs: this.last.maxMs.toFixed(2),
      eventLoopDelayMeanMs: this.last.meanMs.toFixed(2),
    };
  }
}
