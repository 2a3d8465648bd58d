package dev.orbit.interop;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;

/** sendOneway: no response is awaited, yet every message must be stored and consumed. */
public class OnewaySend implements Scenario {
    static final int N = 20;

    public static void main(String[] args) {
        Scenario.runMain(new OnewaySend());
    }

    @Override
    public String name() {
        return "onewaySend";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        Received got = new Received();
        DefaultMQPushConsumer consumer = ctx.pushConsumer(ctx.group);
        consumer.subscribe(ctx.topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, c) -> {
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();

        DefaultMQProducer producer = ctx.producer();
        for (int i = 0; i < N; i++) {
            producer.sendOneway(new Message(ctx.topic, "TagOneway", "ow-" + i, Ctx.bytes("oneway-body-" + i)));
        }
        got.await("oneway messages", N, ctx.waitSeconds);
        for (int i = 0; i < N; i++) {
            Mismatch.equal("ow-" + i, got.get("oneway-body-" + i).getKeys(), "keys of oneway message " + i);
        }
    }
}
