package dev.orbit.interop;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;

/**
 * A selector that does not compile: the broker refuses it when the consumer starts (checkClientInBroker), with
 * SUBSCRIPTION_PARSE_FAILED (23) and the parser's reason, so start() throws instead of consuming nothing.
 */
public class SqlRefused implements Scenario {
    public static void main(String[] args) {
        Scenario.runMain(new SqlRefused());
    }

    @Override
    public String name() {
        return "sqlRefused";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        refuse(ctx, "a > AND b = 1", "ParseException: Encountered \" \"AND\" \"AND \"\" at line 1, column 5.");
        refuse(ctx, "region > 'eu'", "java.lang.RuntimeException: Value ''eu'' cannot be compared.");
    }

    private static void refuse(Ctx ctx, String sql, String reason) throws Exception {
        DefaultMQPushConsumer consumer = ctx.pushConsumer(ctx.group + "_" + Math.abs(sql.hashCode()));
        consumer.subscribe(ctx.topic, MessageSelector.bySql(sql));
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, c) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        try {
            consumer.start();
        } catch (MQClientException e) {
            Mismatch.equal(23, e.getResponseCode(), "response code refusing " + sql);
            Mismatch.check(String.valueOf(e.getErrorMessage()).contains(reason), "refusal of %s says %s, expected it to contain %s", sql, e.getErrorMessage(), reason);
            return;
        } finally {
            consumer.shutdown();
        }
        throw new Mismatch("consumer with selector " + sql + " started; the broker should have refused it");
    }
}
