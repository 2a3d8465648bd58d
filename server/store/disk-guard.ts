/** Watches how full the store's disk is; above the configured ratio the store refuses writes. */
import fs from 'node:fs';
import { logger } from '../common/logger';

const log = logger.child({ module: 'store' });

/** Percent of the filesystem in use, as RocketMQ computes it: (total − free) / total. */
export async function statfsUsedRatio(dir: string): Promise<number> {
  const s = await fs.promises.statfs(dir);
  if (s.blocks === 0) return 0;
  return ((s.blocks - s.bfree) / s.blocks) * 100;
}

export type UsageProbe = () => number | Promise<number>;

export class DiskGuard {
  private readonly probe: UsageProbe;
  private readonly maxRatio: number;
  private timer: NodeJS.Timeout | undefined;
  /** Last measured percent. */
  ratio = 0;
  full = false;

  constructor(dir: string, maxRatio: number, probe?: UsageProbe) {
    this.maxRatio = maxRatio;
    this.probe = probe ?? (() => statfsUsedRatio(dir));
  }

  async check(): Promise<void> {
    try {
      this.ratio = await this.probe();
    } catch (e) {
      log.warn({ err: e }, 'disk usage check failed');
      return;
    }
    const full = this.ratio > this.maxRatio;
    if (full !== this.full) {
      if (full) log.error({ ratio: this.ratio, max: this.maxRatio }, 'disk full: refusing writes');
      else log.info({ ratio: this.ratio }, 'disk usage back under the limit: accepting writes');
    }
    this.full = full;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
