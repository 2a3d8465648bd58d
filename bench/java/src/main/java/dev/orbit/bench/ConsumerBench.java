package dev.orbit.bench;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Consumer throughput: a push consumer (new group, from the first offset) counts deliveries until it has
 * seen -e messages, or nothing arrived for -i seconds, or -d seconds passed. consume_tps is measured from
 * the first to the last delivery; e2e is now - bornTimestamp (when draining a backlog it includes the time
 * the message waited in the broker), born2store is storeTimestamp - bornTimestamp.
 *
 * <pre>
 * ConsumerBench -n 127.0.0.1:9876 -t BenchTopic [-g GROUP] [-e expected] [-d 120] [-i 5] [-c 20] [-b 32]
 * RESULT consume_tps=... e2e_avg_ms=... e2e_max_ms=... born2store_avg_ms=... consumed=... secs=...
 * </pre>
 */
public final class ConsumerBench {
    private ConsumerBench() {
    }

    public static void main(String[] argv) throws Exception {
        Opts o = new Opts(argv, Set.of());
        String namesrv = o.required("n");
        String topic = o.str("t", "BenchTopic");
        String group = o.str("g", "GID_BENCH_" + Long.toString(System.nanoTime(), 36));
        long expected = o.longValue("e", 0);
        int maxSeconds = o.integer("d", 120);
        int idleSeconds = o.integer("i", 5);
        int consumeThreads = o.integer("c", 20);
        int pullBatch = o.integer("b", 32);

        LatencyHistogram e2e = new LatencyHistogram();
        LatencyHistogram born2store = new LatencyHistogram();
        AtomicLong firstNanos = new AtomicLong();
        AtomicLong lastNanos = new AtomicLong();

        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrv);
        consumer.setInstanceName("bench-consumer-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(consumeThreads);
        consumer.setConsumeThreadMax(consumeThreads);
        consumer.setPullBatchSize(pullBatch);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            long nowMs = System.currentTimeMillis();
            long nowNanos = System.nanoTime();
            firstNanos.compareAndSet(0, nowNanos);
            for (MessageExt m : msgs) {
                e2e.record(TimeUnit.MILLISECONDS.toNanos(Math.max(0, nowMs - m.getBornTimestamp())));
                born2store.record(TimeUnit.MILLISECONDS.toNanos(Math.max(0, m.getStoreTimestamp() - m.getBornTimestamp())));
            }
            lastNanos.accumulateAndGet(nowNanos, Math::max);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        long t0 = System.nanoTime();
        consumer.start();

        long prev = 0;
        for (int sec = 1; sec <= maxSeconds; sec++) {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, t0 + TimeUnit.SECONDS.toNanos(sec) - System.nanoTime()));
            long n = e2e.count.sum();
            System.out.printf(Locale.ROOT, "STAT second=%d consume_tps=%d consumed=%d%n", sec, n - prev, n);
            prev = n;
            if (expected > 0 && n >= expected) {
                break;
            }
            long last = lastNanos.get() != 0 ? lastNanos.get() : t0;
            if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(idleSeconds) && (n > 0 || sec >= 3 * idleSeconds)) {
                break;
            }
        }
        long n = e2e.count.sum();
        double secs = n == 0 ? 0 : Math.max(1e-3, (lastNanos.get() - firstNanos.get()) / 1e9);
        consumer.shutdown();
        System.out.printf(Locale.ROOT,
            "RESULT consume_tps=%.0f e2e_avg_ms=%.1f e2e_max_ms=%.1f born2store_avg_ms=%.2f consumed=%d expected=%d secs=%.2f first_msg_after_ms=%.0f%n",
            secs == 0 ? 0 : n / secs, e2e.avgMs(), e2e.maxMs(), born2store.avgMs(), n, expected, secs,
            firstNanos.get() == 0 ? -1 : (firstNanos.get() - t0) / 1e6);
        System.exit(0);
    }
}
