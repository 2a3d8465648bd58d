package dev.orbit.interop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.protocol.body.ClusterInfo;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * What a scenario needs: the name server, its own topic and group, and factories for clients that all get
 * a distinct instanceName (clients in one JVM must not share an MQClientInstance across scenarios).
 * Every client made here is shut down by {@link #close()}.
 */
public final class Ctx implements AutoCloseable {
    private static final AtomicInteger INSTANCE_SEQ = new AtomicInteger();

    public final String namesrv;
    public final String topic;
    public final String group;
    /** Seconds a scenario waits for its messages before failing. */
    public final long waitSeconds;
    private final List<Runnable> closers = new ArrayList<>();

    public Ctx(String namesrv, String topic, String group, long waitSeconds) {
        this.namesrv = namesrv;
        this.topic = topic;
        this.group = group;
        this.waitSeconds = waitSeconds;
    }

    static Ctx fromSystemProperties(String scenario) {
        String namesrv = required("namesrv");
        String run = System.getProperty("run", Long.toString(System.currentTimeMillis(), 36));
        String topic = System.getProperty("topic", "IT_" + scenario + "_" + run);
        String group = System.getProperty("group", "GID_" + scenario + "_" + run);
        return new Ctx(namesrv, topic, group, Long.getLong("waitSeconds", 15));
    }

    static String required(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing -D" + key + "=...");
        }
        return v;
    }

    private String instance(String role) {
        return "interop-" + role + "-" + INSTANCE_SEQ.incrementAndGet();
    }

    public DefaultMQProducer producer() throws Exception {
        DefaultMQProducer p = new DefaultMQProducer("PID_" + group);
        p.setNamesrvAddr(namesrv);
        p.setInstanceName(instance("producer"));
        p.setSendMsgTimeout(5000);
        p.start();
        closers.add(p::shutdown);
        return p;
    }

    /** A started transactional producer of group {@code PID_<group>}. */
    public TransactionMQProducer transactionProducer(TransactionListener listener) throws Exception {
        TransactionMQProducer p = new TransactionMQProducer("PID_" + group);
        p.setNamesrvAddr(namesrv);
        p.setInstanceName(instance("txproducer"));
        p.setSendMsgTimeout(5000);
        p.setTransactionListener(listener);
        p.start();
        closers.add(p::shutdown);
        return p;
    }

    /** Runs {@code closer} when the scenario ends (before the clients made earlier are shut down). */
    public void onClose(Runnable closer) {
        closers.add(closer);
    }

    /** A push consumer, not started; consumes from the first offset. */
    public DefaultMQPushConsumer pushConsumer(String consumerGroup) {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(consumerGroup);
        c.setNamesrvAddr(namesrv);
        c.setInstanceName(instance("push"));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        closers.add(c::shutdown);
        return c;
    }

    public DefaultMQPullConsumer pullConsumer() throws Exception {
        return pullConsumer(group);
    }

    /** A started pull consumer of {@code consumerGroup} (another group than a push consumer's, not to share its queues). */
    public DefaultMQPullConsumer pullConsumer(String consumerGroup) throws Exception {
        DefaultMQPullConsumer c = new DefaultMQPullConsumer(consumerGroup);
        c.setNamesrvAddr(namesrv);
        c.setInstanceName(instance("pull"));
        c.start();
        closers.add(c::shutdown);
        return c;
    }

    /** A lite pull consumer, not started; consumes from the first offset. */
    public DefaultLitePullConsumer litePullConsumer() {
        DefaultLitePullConsumer c = new DefaultLitePullConsumer(group);
        c.setNamesrvAddr(namesrv);
        c.setInstanceName(instance("lite"));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        closers.add(c::shutdown);
        return c;
    }

    public DefaultMQAdminExt admin() throws Exception {
        DefaultMQAdminExt a = new DefaultMQAdminExt(5000);
        a.setNamesrvAddr(namesrv);
        a.setInstanceName(instance("admin"));
        a.start();
        closers.add(a::shutdown);
        return a;
    }

    /**
     * Creates {@link #topic} on every master the way {@code mqadmin updateTopic -c CLUSTER} does
     * (GET_BROKER_CLUSTER_INFO, then UPDATE_AND_CREATE_TOPIC per master), then waits until the name server
     * routes it.
     */
    public void createTopic(int queues) throws Exception {
        DefaultMQAdminExt admin = admin();
        ClusterInfo cluster = admin.examineBrokerClusterInfo();
        Mismatch.check(cluster.getBrokerAddrTable() != null && !cluster.getBrokerAddrTable().isEmpty(),
            "cluster info lists no broker");
        int masters = 0;
        for (BrokerData bd : cluster.getBrokerAddrTable().values()) {
            String master = bd.getBrokerAddrs().get(MixAll.MASTER_ID);
            if (master == null) {
                continue;
            }
            TopicConfig tc = new TopicConfig(topic, queues, queues, 6);
            admin.createAndUpdateTopicConfig(master, tc);
            masters++;
        }
        Mismatch.check(masters > 0, "cluster info lists no master (brokerId 0)");
        final int expectedMasters = masters;
        waitFor("route of " + topic, 10, () -> {
            try {
                TopicRouteData route = admin.examineTopicRouteInfo(topic);
                return route.getQueueDatas().size() >= expectedMasters;
            } catch (Exception e) {
                return false;
            }
        });
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    public static void waitFor(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new Mismatch("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        for (int i = closers.size() - 1; i >= 0; i--) {
            try {
                closers.get(i).run();
            } catch (RuntimeException e) {
                System.err.println("shutdown: " + e);
            }
        }
        closers.clear();
    }
}
