package dev.orbit.interop;

import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;

/** Two BROADCASTING consumers of one group (two client instances in one JVM): each gets every message. */
public class Broadcasting implements Scenario {
    static final int N = 20;

    public static void main(String[] args) {
        Scenario.runMain(new Broadcasting());
    }

    @Override
    public String name() {
        return "broadcasting";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        Received first = new Received();
        Received second = new Received();
        for (Received got : new Received[] {first, second}) {
            DefaultMQPushConsumer c = ctx.pushConsumer(ctx.group);
            c.setMessageModel(MessageModel.BROADCASTING);
            c.subscribe(ctx.topic, "*");
            c.registerMessageListener((MessageListenerConcurrently) (msgs, cc) -> {
                got.addAll(msgs);
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            c.start();
        }

        DefaultMQProducer producer = ctx.producer();
        for (int i = 0; i < N; i++) {
            producer.send(new Message(ctx.topic, "TagBc", Ctx.bytes("bc-body-" + i)));
        }
        first.await("first broadcasting consumer", N, ctx.waitSeconds);
        second.await("second broadcasting consumer", N, ctx.waitSeconds);
        Mismatch.check(first.duplicates.isEmpty() && second.duplicates.isEmpty(), "duplicates: %s / %s",
            first.duplicates, second.duplicates);
    }
}
