package dev.orbit.interop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * No admin call: the producer's first send to an unknown topic goes through the TBW102 route and the broker
 * creates the topic (autoCreateTopicEnable=true) with the producer's defaultTopicQueueNums (4) queues.
 */
public class AutoCreateTopic implements Scenario {
    public static void main(String[] args) {
        Scenario.runMain(new AutoCreateTopic());
    }

    @Override
    public String name() {
        return "autoCreateTopic";
    }

    @Override
    public boolean needsTopic() {
        return false;
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        DefaultMQProducer producer = ctx.producer();
        SendResult first = producer.send(new Message(ctx.topic, "TagAuto", Ctx.bytes("auto-body-0")));
        Mismatch.equal(SendStatus.SEND_OK, first.getSendStatus(), "status of the first send to a new topic");
        for (int i = 1; i < 8; i++) {
            producer.send(new Message(ctx.topic, "TagAuto", Ctx.bytes("auto-body-" + i)));
        }
        // The broker registers the new topic with the name server on its own schedule (Apache: right after
        // creating it, but asynchronously): wait for the route instead of reading it once.
        List<List<MessageQueue>> queues = new ArrayList<>();
        Ctx.waitFor("a route with 4 queues for the auto-created topic", ctx.waitSeconds, () -> {
            try {
                queues.add(0, producer.fetchPublishMessageQueues(ctx.topic));
                return queues.get(0).size() == 4;
            } catch (Exception e) {
                return false;
            }
        });

        DefaultMQPullConsumer consumer = ctx.pullConsumer();
        Received got = new Received();
        // The broker writes the ConsumeQueue behind the CommitLog: pull each queue again until all arrived.
        Map<MessageQueue, Long> next = new HashMap<>();
        for (MessageQueue mq : consumer.fetchSubscribeMessageQueues(ctx.topic)) {
            next.put(mq, 0L);
        }
        Map<MessageQueue, String> last = new HashMap<>();
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(ctx.waitSeconds);
        while (got.size() < 8 && System.currentTimeMillis() < deadline) {
            for (Map.Entry<MessageQueue, Long> e : next.entrySet()) {
                PullResult r = consumer.pull(e.getKey(), "*", e.getValue(), 32);
                last.put(e.getKey(), r.getPullStatus() + " next=" + r.getNextBeginOffset() + " max=" + r.getMaxOffset());
                if (r.getPullStatus() == PullStatus.FOUND) {
                    got.addAll(r.getMsgFoundList());
                    e.setValue(r.getNextBeginOffset());
                }
            }
            if (got.size() < 8) {
                Thread.sleep(100);
            }
        }
        Mismatch.check(got.size() == 8, "messages of the auto-created topic: got %d of 8; last pulls: %s", got.size(), last);
    }
}
