package dev.orbit.interop;

import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Messages with two keys each; the consumer sees the keys, the broker's index finds messages by key
 * (QUERY_MESSAGE), by offset msgId (VIEW_MESSAGE_BY_ID) and by unique msgId (QUERY_MESSAGE, uniq-key flag).
 */
public class KeysAndQuery implements Scenario {
    static final int N = 10;

    public static void main(String[] args) {
        Scenario.runMain(new KeysAndQuery());
    }

    @Override
    public String name() {
        return "keys";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        DefaultMQProducer producer = ctx.producer();
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Message msg = new Message(ctx.topic, "TagK", Ctx.bytes("keys-body-" + i));
            msg.setKeys(List.of("order-" + i, "shared-" + ctx.group));
            results.add(producer.send(msg));
        }

        Received got = new Received();
        DefaultMQPushConsumer consumer = ctx.pushConsumer(ctx.group);
        consumer.subscribe(ctx.topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, c) -> {
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        got.await("messages with keys", N, ctx.waitSeconds);
        for (int i = 0; i < N; i++) {
            Mismatch.equal("order-" + i + " shared-" + ctx.group, got.get("keys-body-" + i).getKeys(),
                "KEYS property of message " + i);
        }

        // The index is built asynchronously by the broker's dispatcher: poll a little.
        String key = "order-3";
        long deadline = System.currentTimeMillis() + 8000;
        QueryResult q;
        while (true) {
            q = producer.queryMessage(ctx.topic, key, 32, 0, Long.MAX_VALUE);
            if (!q.getMessageList().isEmpty() || System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        Mismatch.equal(1, q.getMessageList().size(), "messages found by key " + key);
        Mismatch.equal("keys-body-3", Ctx.str(q.getMessageList().get(0).getBody()), "body of message found by key");

        QueryResult shared = producer.queryMessage(ctx.topic, "shared-" + ctx.group, 32, 0, Long.MAX_VALUE);
        Mismatch.equal(N, shared.getMessageList().size(), "messages found by the key they all share");

        MessageExt byOffsetId = producer.viewMessage(results.get(5).getOffsetMsgId());
        Mismatch.equal("keys-body-5", Ctx.str(byOffsetId.getBody()), "body of message viewed by offset msgId");

        MessageExt byUniqId = producer.viewMessage(ctx.topic, results.get(7).getMsgId());
        Mismatch.equal("keys-body-7", Ctx.str(byUniqId.getBody()), "body of message viewed by unique msgId");
    }
}
