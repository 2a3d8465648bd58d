package dev.orbit.interop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/** Subscription "tagA || tagB": the consumer gets every tagA and tagB message and nothing else. */
public class TagFilter implements Scenario {
    static final String[] TAGS = {"tagA", "tagB", "tagC", "tagD"};
    static final int PER_TAG = 8;

    public static void main(String[] args) {
        Scenario.runMain(new TagFilter());
    }

    @Override
    public String name() {
        return "tagFilter";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        Received got = new Received();
        Map<String, AtomicInteger> perTag = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = ctx.pushConsumer(ctx.group);
        consumer.subscribe(ctx.topic, "tagA || tagB");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, c) -> {
            for (MessageExt m : msgs) {
                perTag.computeIfAbsent(String.valueOf(m.getTags()), k -> new AtomicInteger()).incrementAndGet();
            }
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();

        DefaultMQProducer producer = ctx.producer();
        for (int i = 0; i < PER_TAG; i++) {
            for (String tag : TAGS) {
                producer.send(new Message(ctx.topic, tag, Ctx.bytes(tag + "-" + i)));
            }
        }
        // A final tagB marks the end: once it arrives, every earlier message of the same queue was filtered.
        producer.send(new Message(ctx.topic, "tagB", Ctx.bytes("tagB-last")));
        got.await("tagA/tagB messages", 2 * PER_TAG + 1, ctx.waitSeconds);
        Thread.sleep(1000);
        for (int i = 0; i < PER_TAG; i++) {
            Mismatch.equal("tagA", got.get("tagA-" + i).getTags(), "tag of tagA-" + i);
            Mismatch.equal("tagB", got.get("tagB-" + i).getTags(), "tag of tagB-" + i);
        }
        Mismatch.check(!perTag.containsKey("tagC") && !perTag.containsKey("tagD"),
            "consumer subscribed to 'tagA || tagB' received other tags: %s", perTag);
        Mismatch.equal(2 * PER_TAG + 1, got.size(), "messages delivered to 'tagA || tagB'");
    }
}
