/**
 * Bounds what refused requests without a session may write to the audit log: anyone who reaches the
 * console can make those, as fast as they like. Per client address at most `perAddress` records a minute,
 * and at most `total` a minute over all addresses; what is over is counted, and the address's next refusal
 * after its minute is preceded by one `audit.suppressed` record saying how many were left out. (Rotation
 * bounds the disk in any case; this keeps a flood from pushing everything else out of the kept files.)
 */
export interface RefusalThrottleRule {
  perAddress: number;
  total: number;
  windowMs: number;
  /** Addresses tracked at once; beyond it the oldest windows are forgotten. */
  maxAddresses: number;
}

export const DEFAULT_REFUSAL_RULE: RefusalThrottleRule = { perAddress: 60, total: 600, windowMs: 60_000, maxAddresses: 10_000 };

interface Window {
  startedAt: number;
  written: number;
  suppressed: number;
}

export interface RefusalVerdict {
  write: boolean;
  /** Refusals from this address left out in its previous window (write a summary first). */
  suppressedBefore?: { count: number; since: number };
}

export class RefusalThrottle {
  private readonly windows = new Map<string, Window>();
  private total: Window = { startedAt: 0, written: 0, suppressed: 0 };

  constructor(
    private readonly rule: RefusalThrottleRule = DEFAULT_REFUSAL_RULE,
    private readonly now: () => number = Date.now,
  ) {}

  check(address: string): RefusalVerdict {
    const now = this.now();
    if (now - this.total.startedAt >= this.rule.windowMs) this.total = { startedAt: now, written: 0, suppressed: 0 };
    let w = this.windows.get(address);
    let suppressedBefore: RefusalVerdict['suppressedBefore'];
    if (!w || now - w.startedAt >= this.rule.windowMs) {
      if (w && w.suppressed > 0) suppressedBefore = { count: w.suppressed, since: w.startedAt };
      this.windows.delete(address);
      if (this.windows.size >= this.rule.maxAddresses) this.forgetOldest(now);
      w = { startedAt: now, written: 0, suppressed: 0 };
      this.windows.set(address, w);
    }
    if (w.written >= this.rule.perAddress || this.total.written >= this.rule.total) {
      w.suppressed++;
      this.total.suppressed++;
      return { write: false, suppressedBefore };
    }
    w.written++;
    this.total.written++;
    return { write: true, suppressedBefore };
  }

  private forgetOldest(now: number): void {
    for (const [k, w] of this.windows) if (now - w.startedAt >= this.rule.windowMs && w.suppressed === 0) this.windows.delete(k);
    // Still full: drop in insertion order (the oldest windows first).
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.rule.maxAddresses) break;
      this.windows.delete(k);
    }
  }
}
