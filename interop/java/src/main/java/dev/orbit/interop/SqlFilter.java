package dev.orbit.interop;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;

/**
 * MessageSelector.bySql (the broker runs with enablePropertyFilter=true): the consumer receives exactly the messages
 * whose user properties match, with Java's typing rules ('6.5' is not an Integer, a missing property is NULL).
 */
public class SqlFilter implements Scenario {
    static final String SQL = "a > 5 AND region IN ('eu', 'us') OR TAGS = 'vip'";
    /** body, tag, a, region; the last field says whether SQL selects it. */
    static final String[][] MESSAGES = {
        {"eu7", "t", "7", "eu", "yes"},
        {"us9", "t", "9", "us", "yes"},
        {"eu5", "t", "5", "eu", "no"},
        {"ap8", "t", "8", "ap", "no"},
        {"noA", "t", null, "eu", "no"},
        {"text", "t", "many", "us", "no"},
        {"dec", "t", "6.5", "eu", "no"},
        {"big", "t", "2147483647", "us", "yes"},
        {"vip", "vip", null, null, "yes"},
        {"neg", "t", "-7", "eu", "no"},
    };

    public static void main(String[] args) {
        Scenario.runMain(new SqlFilter());
    }

    @Override
    public String name() {
        return "sqlFilter";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        Received got = new Received();
        DefaultMQPushConsumer consumer = ctx.pushConsumer(ctx.group);
        consumer.subscribe(ctx.topic, MessageSelector.bySql(SQL));
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, c) -> {
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();

        DefaultMQProducer producer = ctx.producer();
        TreeSet<String> expected = new TreeSet<>();
        for (int round = 0; round < 2; round++) {
            for (String[] m : MESSAGES) {
                String body = m[0] + "-" + round;
                Message msg = new Message(ctx.topic, m[1], Ctx.bytes(body));
                if (m[2] != null) msg.putUserProperty("a", m[2]);
                if (m[3] != null) msg.putUserProperty("region", m[3]);
                producer.send(msg);
                if (m[4].equals("yes")) expected.add(body);
            }
        }
        got.await("messages matching " + SQL, expected.size(), ctx.waitSeconds);
        // Every queue got later matching messages than the non-matching ones: a straggler would be here by now.
        Thread.sleep(1500);
        Mismatch.equal(expected, new TreeSet<>(got.byBody.keySet()), "bodies delivered to " + SQL);
        Mismatch.check(got.duplicates.isEmpty(), "duplicates: %s", got.duplicates);
        List<String> props = Arrays.asList(got.get("eu7-0").getUserProperty("a"), got.get("eu7-0").getUserProperty("region"));
        Mismatch.equal(Arrays.asList("7", "eu"), props, "user properties of eu7-0");
    }
}
