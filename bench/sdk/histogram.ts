/**
 * Latency histogram for benchmarks: fixed memory whatever the count. Exact below 1 ms (1 µs buckets),
 * then buckets 1 % wide, so a reported percentile is within 1 % of the true value.
 */
const LINEAR_US = 1000;
const GROWTH = Math.log(1.01);
const LOG_BUCKETS = 1400; // 1 ms × 1.01^1400 ≈ 1,100 s

export class LatencyHistogram {
  private readonly counts = new Float64Array(LINEAR_US + LOG_BUCKETS + 1);
  count = 0;
  private sumUs = 0;
  maxUs = 0;

  /** Records one value in microseconds (negative values, e.g. from clock skew, count as 0). */
  recordUs(us: number): void {
    const v = us > 0 ? us : 0;
    this.counts[bucketOf(v)]++;
    this.count++;
    this.sumUs += v;
    if (v > this.maxUs) this.maxUs = v;
  }

  recordMs(ms: number): void {
    this.recordUs(ms * 1000);
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    this.count += other.count;
    this.sumUs += other.sumUs;
    if (other.maxUs > this.maxUs) this.maxUs = other.maxUs;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sumUs = 0;
    this.maxUs = 0;
  }

  meanMs(): number {
    return this.count ? this.sumUs / this.count / 1000 : NaN;
  }

  maxMs(): number {
    return this.count ? this.maxUs / 1000 : NaN;
  }

  /** The q-quantile (0 < q ≤ 1) in ms: the upper edge of the bucket holding it, capped at the max seen. */
  quantileMs(q: number): number {
    if (!this.count) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(upperEdgeUs(i), this.maxUs) / 1000;
    }
    return this.maxUs / 1000;
  }
}

function bucketOf(us: number): number {
  if (us < LINEAR_US) return Math.floor(us);
  const i = LINEAR_US + Math.floor(Math.log(us / LINEAR_US) / GROWTH);
  return Math.min(i, LINEAR_US + LOG_BUCKETS);
}

function upperEdgeUs(bucket: number): number {
  if (bucket < LINEAR_US) return bucket + 1;
  return LINEAR_US * Math.exp((bucket - LINEAR_US + 1) * GROWTH);
}
