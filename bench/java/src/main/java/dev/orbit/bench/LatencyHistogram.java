package dev.orbit.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lock-free latency recorder: count, sum and max, plus a histogram of 0.1 ms buckets up to 10 s (the last
 * bucket takes everything slower) for percentiles.
 */
final class LatencyHistogram {
    private static final int BUCKETS = 100_000;
    private static final long BUCKET_NANOS = 100_000L;

    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
    final LongAdder count = new LongAdder();
    final LongAdder sumNanos = new LongAdder();
    final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    void record(long nanos) {
        count.increment();
        sumNanos.add(nanos);
        maxNanos.accumulate(nanos);
        int b = (int) Math.min(BUCKETS - 1, Math.max(0, nanos / BUCKET_NANOS));
        buckets.incrementAndGet(b);
    }

    double avgMs() {
        long n = count.sum();
        return n == 0 ? 0 : sumNanos.sum() / 1e6 / n;
    }

    double maxMs() {
        return maxNanos.get() / 1e6;
    }

    /** Upper bound of the bucket holding the q-quantile, in ms. */
    double percentileMs(double q) {
        long n = count.sum();
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += buckets.get(i);
            if (seen >= rank) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return maxMs();
    }
}
