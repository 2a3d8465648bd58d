package dev.orbit.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.impl.consumer.ProcessQueue;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * "A client killed mid-consume loses nothing": two push consumers of one group, the survivor in this JVM and
 * a victim in a child JVM that consumes slowly (commits offsets every second). After both own two of the four
 * queues, N messages are sent; once the victim consumed a few, its JVM is killed (SIGKILL, no shutdown, no
 * UNREGISTER_CLIENT). The broker sees the channel close and notifies the survivor (NOTIFY_CONSUMER_IDS_CHANGED),
 * which takes all four queues and resumes the victim's from the committed offsets: every message must be
 * consumed at least once (duplicates are allowed).
 */
public class ConsumerKilled implements Scenario {
    static final int N = 40;
    static final int VICTIM_CONSUMES_BEFORE_KILL = 3;
    /** Broker channel close → notify → rebalance, or at worst the client's 20 s periodic rebalance. */
    static final long TAKEOVER_SECONDS = 45;

    @Override
    public String name() {
        return "consumerKilled";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        Set<String> bySurvivor = ConcurrentHashMap.newKeySet();
        Set<String> byVictim = ConcurrentHashMap.newKeySet();
        List<String> victimLines = Collections.synchronizedList(new ArrayList<>());
        int[] victimQueues = {-1};

        DefaultMQPushConsumer survivor = ctx.pushConsumer(ctx.group);
        survivor.subscribe(ctx.topic, "*");
        survivor.registerMessageListener((MessageListenerConcurrently) (msgs, c) -> {
            for (MessageExt m : msgs) {
                bySurvivor.add(Ctx.str(m.getBody()));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        survivor.start();
        Ctx.waitFor("the survivor to own the 4 queues", ctx.waitSeconds, () -> ownedQueues(survivor, ctx.topic) == 4);

        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms16m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Djava.net.preferIPv4Stack=true", "-Duser.home=" + System.getProperty("user.home"),
            "-Drocketmq.client.logLevel=WARN", "-Dnamesrv=" + ctx.namesrv, "-Dtopic=" + ctx.topic, "-Dgroup=" + ctx.group));
        String logRoot = System.getProperty("rocketmq.client.logRoot");
        if (logRoot != null) {
            cmd.add("-Drocketmq.client.logRoot=" + logRoot + File.separator + "victim");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Victim.class.getName()));
        Process victim = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ctx.onClose(victim::destroyForcibly);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    victimLines.add(line);
                    if (line.startsWith("CONSUMED ")) {
                        byVictim.add(line.substring("CONSUMED ".length()));
                    } else if (line.startsWith("QUEUES ")) {
                        victimQueues[0] = Integer.parseInt(line.substring("QUEUES ".length()));
                    }
                }
            } catch (Exception e) {
                victimLines.add("reader: " + e);
            }
        }, "victim-reader");
        reader.setDaemon(true);
        reader.start();

        try {
            Ctx.waitFor("the victim JVM and the survivor to own 2 queues each", 30,
                () -> victimQueues[0] == 2 && ownedQueues(survivor, ctx.topic) == 2);
        } catch (Mismatch e) {
            throw new Mismatch(e.getMessage() + " (survivor owns " + ownedQueues(survivor, ctx.topic) + ", victim " + victimQueues[0]
                + "; victim output: " + tailOf(victimLines) + ")");
        }

        DefaultMQProducer producer = ctx.producer();
        Set<String> sent = new TreeSet<>();
        for (int i = 0; i < N; i++) {
            String body = "killed-" + i;
            producer.send(new Message(ctx.topic, "TagKill", Ctx.bytes(body)));
            sent.add(body);
        }

        Ctx.waitFor("the victim to consume " + VICTIM_CONSUMES_BEFORE_KILL + " messages", ctx.waitSeconds,
            () -> byVictim.size() >= VICTIM_CONSUMES_BEFORE_KILL);
        victim.destroyForcibly();
        Mismatch.check(victim.waitFor(10, TimeUnit.SECONDS), "the victim JVM did not die");
        reader.join(2000);
        int victimCount = byVictim.size();
        Mismatch.check(victimCount < N / 2, "the victim consumed all of its %d messages before it was killed; too fast to test", victimCount);

        Set<String> missing = new TreeSet<>();
        try {
            Ctx.waitFor("the survivor to consume what the killed consumer left", TAKEOVER_SECONDS, () -> {
                missing.clear();
                for (String body : sent) {
                    if (!bySurvivor.contains(body) && !byVictim.contains(body)) {
                        missing.add(body);
                    }
                }
                return missing.isEmpty();
            });
        } catch (Mismatch e) {
            throw new Mismatch(e.getMessage() + ": " + missing.size() + " never consumed " + missing + "; survivor owns "
                + ownedQueues(survivor, ctx.topic) + " queues, consumed " + bySurvivor.size() + "; the victim consumed " + victimCount);
        }
        Mismatch.equal(4, ownedQueues(survivor, ctx.topic), "queues the survivor owns after the takeover");
    }

    /** Queues of the scenario's topic (not of {@code %RETRY%<group>}) the consumer holds. */
    static int ownedQueues(DefaultMQPushConsumer c, String topic) {
        int n = 0;
        for (java.util.Map.Entry<MessageQueue, ProcessQueue> e
            : c.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().entrySet()) {
            if (e.getKey().getTopic().equals(topic) && !e.getValue().isDropped()) {
                n++;
            }
        }
        return n;
    }

    static String tailOf(List<String> lines) {
        synchronized (lines) {
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        }
    }

    /** The consumer that gets killed: slow (one message at a time, 300 ms each), offsets committed every second. */
    public static final class Victim {
        public static void main(String[] args) throws Exception {
            DefaultMQPushConsumer c = new DefaultMQPushConsumer(Ctx.required("group"));
            c.setNamesrvAddr(Ctx.required("namesrv"));
            c.setInstanceName("interop-victim-" + ProcessHandle.current().pid());
            c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            c.setConsumeThreadMin(1);
            c.setConsumeThreadMax(1);
            c.setConsumeMessageBatchMaxSize(1);
            c.setPersistConsumerOffsetInterval(1000);
            String topic = Ctx.required("topic");
            c.subscribe(topic, "*");
            c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (MessageExt m : msgs) {
                    System.out.println("CONSUMED " + Ctx.str(m.getBody()));
                }
                System.out.flush();
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            c.start();
            int last = -1;
            while (true) {
                int owned = ownedQueues(c, topic);
                if (owned != last) {
                    System.out.println("QUEUES " + owned);
                    System.out.flush();
                    last = owned;
                }
                Thread.sleep(100);
            }
        }
    }
}
