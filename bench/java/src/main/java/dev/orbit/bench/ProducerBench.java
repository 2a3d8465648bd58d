package dev.orbit.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Producer throughput: W threads send fixed-size messages for a warm-up plus D seconds, sync (each thread
 * waits for its SEND_OK) or async (-a: the threads keep W sends in flight in total). Only the D measured
 * seconds count toward the RESULT line; per-second lines are printed throughout.
 *
 * <pre>
 * ProducerBench -n 127.0.0.1:9876 -t BenchTopic [-w 64] [-s 128] [-d 20] [-W 3] [-a] [-T 5000]
 * RESULT send_tps=... avg_rt_ms=... max_rt_ms=... failures=... p99_rt_ms=... sent_ok=... total_ok=... statuses=SEND_OK:n,...
 * </pre>
 * {@code statuses} counts every send of the run (warm-up included) by its SendStatus, and {@code EXCEPTION}
 * for sends that threw: a SYNC_MASTER answers SLAVE_NOT_AVAILABLE / FLUSH_SLAVE_TIMEOUT when no slave acknowledged.
 */
public final class ProducerBench {
    private ProducerBench() {
    }

    public static void main(String[] argv) throws Exception {
        Opts o = new Opts(argv, Set.of("a"));
        String namesrv = o.required("n");
        String topic = o.str("t", "BenchTopic");
        int threads = o.integer("w", 64);
        int size = o.integer("s", 128);
        int duration = o.integer("d", 20);
        int warmup = o.integer("W", 3);
        boolean async = o.flag("a");
        int timeout = o.integer("T", 5000);
        String tag = o.str("g", "TagA");

        byte[] body = new byte[size];
        new Random(42).nextBytes(body);

        DefaultMQProducer producer = new DefaultMQProducer("PID_BENCH_" + Long.toString(System.nanoTime(), 36));
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName("bench-producer-" + ProcessHandle.current().pid());
        producer.setSendMsgTimeout(timeout);
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        producer.start();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        LatencyHistogram measured = new LatencyHistogram();
        LongAdder measuredFailures = new LongAdder();
        LongAdder totalOk = new LongAdder();
        LongAdder totalFailures = new LongAdder();
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        LatencyHistogram[] window = {new LatencyHistogram()};
        Semaphore inflight = new Semaphore(threads);

        class Outcome {
            void status(String name) {
                statuses.computeIfAbsent(name, k -> new LongAdder()).increment();
            }

            void ok(long nanos) {
                totalOk.increment();
                window[0].record(nanos);
                if (measuring.get()) {
                    measured.record(nanos);
                }
            }

            void fail(Throwable e) {
                totalFailures.increment();
                if (measuring.get()) {
                    measuredFailures.increment();
                }
                if (totalFailures.sum() <= 5) {
                    System.err.println("send failed: " + e);
                }
            }
        }
        Outcome outcome = new Outcome();

        if (warmup == 0) {
            measuring.set(true);
        }
        int workers = async ? Math.min(threads, 4) : threads;
        CountDownLatch done = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (running.get()) {
                        Message msg = new Message(topic, tag, body);
                        long start = System.nanoTime();
                        if (async) {
                            if (!inflight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                                continue;
                            }
                            try {
                                producer.send(msg, new SendCallback() {
                                    @Override
                                    public void onSuccess(SendResult r) {
                                        inflight.release();
                                        outcome.status(r.getSendStatus().name());
                                        if (r.getSendStatus() == SendStatus.SEND_OK) {
                                            outcome.ok(System.nanoTime() - start);
                                        } else {
                                            outcome.fail(new IllegalStateException(r.getSendStatus().name()));
                                        }
                                    }

                                    @Override
                                    public void onException(Throwable e) {
                                        inflight.release();
                                        outcome.status("EXCEPTION");
                                        outcome.fail(e);
                                    }
                                }, timeout);
                            } catch (Exception e) {
                                inflight.release();
                                outcome.status("EXCEPTION");
                                outcome.fail(e);
                            }
                        } else {
                            try {
                                SendResult r = producer.send(msg, timeout);
                                outcome.status(r.getSendStatus().name());
                                if (r.getSendStatus() == SendStatus.SEND_OK) {
                                    outcome.ok(System.nanoTime() - start);
                                } else {
                                    outcome.fail(new IllegalStateException(r.getSendStatus().name()));
                                }
                            } catch (Exception e) {
                                outcome.status("EXCEPTION");
                                outcome.fail(e);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "bench-send-" + i);
            t.setDaemon(true);
            t.start();
        }

        long t0 = System.nanoTime();
        long measureStart = 0;
        for (int sec = 1; sec <= warmup + duration; sec++) {
            long target = t0 + TimeUnit.SECONDS.toNanos(sec);
            long now;
            while ((now = System.nanoTime()) < target) {
                TimeUnit.NANOSECONDS.sleep(target - now);
            }
            LatencyHistogram w = window[0];
            window[0] = new LatencyHistogram();
            System.out.printf(Locale.ROOT, "%s second=%d send_tps=%d avg_rt_ms=%.3f max_rt_ms=%.3f failures=%d%n",
                sec <= warmup ? "WARMUP" : "STAT", sec, w.count.sum(), w.avgMs(), w.maxMs(), totalFailures.sum());
            if (sec == warmup) {
                measureStart = System.nanoTime();
                measuring.set(true);
            }
        }
        if (warmup == 0) {
            measureStart = t0;
        }
        measuring.set(false);
        // measureStart was taken when the warm-up ended (or at t0).
        double secs = (System.nanoTime() - measureStart) / 1e9;
        running.set(false);
        done.await(timeout + 5000L, TimeUnit.MILLISECONDS);
        if (async) {
            inflight.tryAcquire(threads, timeout + 5000L, TimeUnit.MILLISECONDS);
        }
        producer.shutdown();
        StringBuilder st = new StringBuilder();
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(statuses).entrySet()) {
            st.append(st.length() == 0 ? "" : ",").append(e.getKey()).append(':').append(e.getValue().sum());
        }

        System.out.printf(Locale.ROOT,
            "RESULT send_tps=%.0f avg_rt_ms=%.3f max_rt_ms=%.3f failures=%d p50_rt_ms=%.1f p99_rt_ms=%.1f sent_ok=%d total_ok=%d total_failures=%d mode=%s threads=%d size=%d statuses=%s%n",
            measured.count.sum() / secs, measured.avgMs(), measured.maxMs(), measuredFailures.sum(),
            measured.percentileMs(0.50), measured.percentileMs(0.99), measured.count.sum(), totalOk.sum(),
            totalFailures.sum(), async ? "async" : "sync", threads, size, st.length() == 0 ? "none" : st);
        System.exit(0);
    }
}
