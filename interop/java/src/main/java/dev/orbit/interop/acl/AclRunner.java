package dev.orbit.interop.acl;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * ACL checks with the Java client 4.9.2 and AclClientRPCHook (separate from Runner so ACL stays out of the
 * shared scenario context). Usage: AclRunner namesrv accessKey secretKey okTopic deniedTopic group
 *
 * Prints one line per check:
 *   ACL sendConsume OK <ms>              (signed send, then a signed push consumer receives it)
 *   ACL <check> REFUSED <code> <remark>  (the broker's response code and remark, from MQBrokerException)
 *   ACL <check> SENT                     (the send unexpectedly succeeded)
 *   ACL <check> ERROR <text>
 * Checks: sendConsume, wrongSecret, deniedTopic, noCredentials.
 */
public final class AclRunner {
    private static final AtomicInteger SEQ = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String namesrv = args[0];
        String ak = args[1];
        String sk = args[2];
        String okTopic = args[3];
        String deniedTopic = args[4];
        String group = args[5];
        RPCHook good = new AclClientRPCHook(new SessionCredentials(ak, sk));

        run("sendConsume", () -> sendConsume(namesrv, good, okTopic, group));
        run("wrongSecret", () -> sendOnce(namesrv, new AclClientRPCHook(new SessionCredentials(ak, sk + "-wrong")), okTopic));
        run("deniedTopic", () -> sendOnce(namesrv, good, deniedTopic));
        run("noCredentials", () -> sendOnce(namesrv, null, okTopic));
        System.out.flush();
        System.exit(0);
    }

    interface Check {
        String run() throws Exception;
    }

    private static void run(String name, Check check) {
        String line;
        try {
            line = check.run();
        } catch (Throwable t) {
            MQBrokerException broker = null;
            for (Throwable c = t; c != null && broker == null; c = c.getCause()) {
                if (c instanceof MQBrokerException) broker = (MQBrokerException) c;
            }
            line = broker != null
                ? "REFUSED " + broker.getResponseCode() + " " + oneLine(broker.getErrorMessage())
                : "ERROR " + oneLine(t.toString());
        }
        System.out.println("ACL " + name + " " + line);
        System.out.flush();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private static DefaultMQProducer producer(String namesrv, RPCHook hook) throws Exception {
        DefaultMQProducer p = hook == null ? new DefaultMQProducer("PID_acl") : new DefaultMQProducer("PID_acl", hook);
        p.setNamesrvAddr(namesrv);
        p.setInstanceName("acl-producer-" + SEQ.incrementAndGet());
        p.setSendMsgTimeout(5000);
        p.setRetryTimesWhenSendFailed(0);
        p.start();
        return p;
    }

    private static String sendOnce(String namesrv, RPCHook hook, String topic) throws Exception {
        DefaultMQProducer p = producer(namesrv, hook);
        try {
            SendResult r = p.send(new Message(topic, "TagA", "acl".getBytes(StandardCharsets.UTF_8)));
            return "SENT " + r.getSendStatus();
        } finally {
            p.shutdown();
        }
    }

    private static String sendConsume(String namesrv, RPCHook hook, String topic, String group) throws Exception {
        long t0 = System.currentTimeMillis();
        String body = "acl-" + Long.toString(System.nanoTime(), 36);
        DefaultMQProducer p = producer(namesrv, hook);
        try {
            SendResult r = p.send(new Message(topic, "TagA", body.getBytes(StandardCharsets.UTF_8)));
            if (r.getSendStatus() == null) throw new IllegalStateException("no send status");
        } finally {
            p.shutdown();
        }
        CountDownLatch got = new CountDownLatch(1);
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group, hook, new AllocateMessageQueueAveragely());
        c.setNamesrvAddr(namesrv);
        c.setInstanceName("acl-consumer-" + SEQ.incrementAndGet());
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                if (body.equals(new String(m.getBody(), StandardCharsets.UTF_8))) got.countDown();
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        try {
            if (!got.await(40, TimeUnit.SECONDS)) return "ERROR message not consumed in 40 s";
            return "OK " + (System.currentTimeMillis() - t0) + "ms";
        } finally {
            c.shutdown();
        }
    }
}
