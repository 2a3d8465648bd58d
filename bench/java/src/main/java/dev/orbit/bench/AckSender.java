package dev.orbit.bench;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;

/**
 * Sync senders that report every outcome, for the HA kill benchmark: W threads each send messages with a
 * unique key {@code <prefix>-<thread>-<seq>} and a body derived from the key ({@link #body}), until the stop
 * file exists or -d seconds passed, and print one line per outcome:
 *
 * <pre>
 * AckSender -n 127.0.0.1:9876 -t Topic -x /path/stop-file [-w 8] [-s 128] [-d 900] [-T 3000] [-p prefix]
 * ACK &lt;key&gt; &lt;SendStatus&gt; &lt;queueId&gt; &lt;queueOffset&gt; &lt;epochMs&gt;     a send that returned (any status)
 * ERR &lt;thread&gt; &lt;epochMs&gt; &lt;exception&gt;                             a send that threw
 * RESULT sent=... statuses=SEND_OK:n,...,EXCEPTION:k
 * </pre>
 *
 * Each thread has at most one send in flight, so once every thread printed an ERR stamped after a broker was
 * killed, no later ACK can come from that broker. No retries (each line is one attempt); the route is polled
 * every second so that a restarted master is used again at once.
 */
public final class AckSender {
    private AckSender() {
    }

    /** The body of the message with this key: the key and ':' repeated to {@code size} bytes (UTF-8, ASCII keys). */
    static byte[] body(String key, int size) {
        byte[] unit = (key + ":").getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = unit[i % unit.length];
        }
        return b;
    }

    public static void main(String[] argv) throws Exception {
        Opts o = new Opts(argv, Set.of());
        String namesrv = o.required("n");
        String topic = o.required("t");
        String stopFile = o.required("x");
        int threads = o.integer("w", 8);
        int size = o.integer("s", 128);
        int maxSeconds = o.integer("d", 900);
        int timeout = o.integer("T", 3000);
        String prefix = o.str("p", Long.toString(System.currentTimeMillis(), 36));

        DefaultMQProducer producer = new DefaultMQProducer("PID_HA_KILL_" + prefix);
        producer.setNamesrvAddr(namesrv);
        producer.setInstanceName("ha-kill-sender-" + ProcessHandle.current().pid());
        producer.setSendMsgTimeout(timeout);
        producer.setRetryTimesWhenSendFailed(0);
        producer.setPollNameServerInterval(1000);
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        producer.start();

        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder sent = new LongAdder();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            Thread th = new Thread(() -> {
                long seq = 0;
                try {
                    while (running.get()) {
                        String key = prefix + "-" + thread + "-" + (seq++);
                        Message msg = new Message(topic, "HA", key, body(key, size));
                        sent.increment();
                        try {
                            SendResult r = producer.send(msg, timeout);
                            statuses.computeIfAbsent(r.getSendStatus().name(), k -> new LongAdder()).increment();
                            out.printf(Locale.ROOT, "ACK %s %s %d %d %d%n", key, r.getSendStatus().name(), r.getMessageQueue().getQueueId(),
                                r.getQueueOffset(), System.currentTimeMillis());
                        } catch (Exception e) {
                            statuses.computeIfAbsent("EXCEPTION", k -> new LongAdder()).increment();
                            String text = String.valueOf(e).replace('\n', ' ');
                            out.printf(Locale.ROOT, "ERR %d %d %s%n", thread, System.currentTimeMillis(), text.length() > 160 ? text.substring(0, 160) : text);
                            // The broker is down: do not spin.
                            TimeUnit.MILLISECONDS.sleep(50);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "ha-kill-send-" + t);
            th.setDaemon(true);
            th.start();
        }

        File stop = new File(stopFile);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (!stop.exists() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        running.set(false);
        done.await(timeout + 5000L, TimeUnit.MILLISECONDS);
        producer.shutdown();
        StringBuilder st = new StringBuilder();
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(statuses).entrySet()) {
            st.append(st.length() == 0 ? "" : ",").append(e.getKey()).append(':').append(e.getValue().sum());
        }
        out.printf(Locale.ROOT, "RESULT sent=%d statuses=%s%n", sent.sum(), st.length() == 0 ? "none" : st);
        System.exit(0);
    }
}
