package dev.orbit.interop;

import java.util.List;
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
        List<MessageQueue> queues = producer.fetchPublishMessageQueues(ctx.topic);
        Mismatch.equal(4, queues.size(), "queues of the auto-created topic");

        DefaultMQPullConsumer consumer = ctx.pullConsumer();
        Received got = new Received();
        for (MessageQueue mq : consumer.fetchSubscribeMessageQueues(ctx.topic)) {
            PullResult r = consumer.pull(mq, "*", 0, 32);
            if (r.getPullStatus() == PullStatus.FOUND) {
                got.addAll(r.getMsgFoundList());
            }
        }
        got.await("messages of the auto-created topic", 8, 1);
    }
}
