package dev.orbit.interop;

import java.util.List;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/** DefaultLitePullConsumer in subscribe mode: poll() returns every message produced. */
public class LitePullConsumer implements Scenario {
    static final int N = 24;

    public static void main(String[] args) {
        Scenario.runMain(new LitePullConsumer());
    }

    @Override
    public String name() {
        return "litePullConsumer";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        DefaultLitePullConsumer consumer = ctx.litePullConsumer();
        consumer.subscribe(ctx.topic, "*");
        consumer.setAutoCommit(true);
        consumer.start();

        DefaultMQProducer producer = ctx.producer();
        for (int i = 0; i < N; i++) {
            producer.send(new Message(ctx.topic, "TagLite", "lk-" + i, Ctx.bytes("lite-body-" + i)));
        }

        Received got = new Received();
        long deadline = System.currentTimeMillis() + ctx.waitSeconds * 1000;
        while (got.size() < N && System.currentTimeMillis() < deadline) {
            List<MessageExt> batch = consumer.poll(1000);
            got.addAll(batch);
        }
        got.await("lite-pulled messages", N, 1);
        for (int i = 0; i < N; i++) {
            Mismatch.equal("lk-" + i, got.get("lite-body-" + i).getKeys(), "keys of lite-pulled message " + i);
        }
        Mismatch.check(got.duplicates.isEmpty(), "duplicates: %s", got.duplicates);
    }
}
