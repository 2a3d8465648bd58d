package dev.orbit.interop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * A concurrent listener that always answers RECONSUME_LATER, with maxReconsumeTimes 2: the client sends the
 * message back (CONSUMER_SEND_MSG_BACK, delay level 0 = broker's choice 3 + reconsumeTimes: 10 s, then 30 s
 * with the default table) and sees it with reconsumeTimes 0, 1, 2; the third failure puts it into
 * {@code %DLQ%<group>} queue 0, where a pull consumer (another group) reads it with body, keys, user property
 * and RETRY_TOPIC intact.
 */
public class RetryToDlq implements Scenario {
    public static void main(String[] args) {
        Scenario.runMain(new RetryToDlq());
    }

    @Override
    public String name() {
        return "retryToDlq";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<Long> attemptTimes = Collections.synchronizedList(new ArrayList<>());
        DefaultMQPushConsumer consumer = ctx.pushConsumer(ctx.group);
        consumer.subscribe(ctx.topic, "*");
        consumer.setMaxReconsumeTimes(2);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, c) -> {
            for (MessageExt m : msgs) {
                attempts.add(m.getReconsumeTimes());
                attemptTimes.add(System.currentTimeMillis());
                if (!"retry-me".equals(Ctx.str(m.getBody()))) {
                    problems.add("unexpected body '" + Ctx.str(m.getBody()) + "'");
                }
                // The client sets the topic back from RETRY_TOPIC for a message pulled from %RETRY%<group>.
                if (!ctx.topic.equals(m.getTopic())) {
                    problems.add("attempt " + m.getReconsumeTimes() + " delivered with topic " + m.getTopic());
                }
                if (!"blue".equals(m.getUserProperty("color"))) {
                    problems.add("attempt " + m.getReconsumeTimes() + " lost user property color: " + m.getProperties());
                }
            }
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        consumer.start();
        // The delay is what this measures, so the consumer must already own its retry queue: a client that learns
        // the %RETRY% route only at its next rebalance (every 20 s; Apache registers a heartbeat-created retry topic
        // with the name server in the background) would see retry 1 up to 20 s late whatever the broker did.
        String retryTopic = MixAll.getRetryTopic(ctx.group);
        Ctx.waitFor("the consumer to own a queue of " + retryTopic, 25 + ctx.waitSeconds, () ->
            consumer.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet().stream()
                .anyMatch(mq -> retryTopic.equals(mq.getTopic())));

        DefaultMQProducer producer = ctx.producer();
        Message msg = new Message(ctx.topic, "TagRetry", "retry-key", Ctx.bytes("retry-me"));
        msg.putUserProperty("color", "blue");
        SendResult sent = producer.send(msg);

        // Default delay table: retry 1 after 10 s (level 3), retry 2 after 30 s (level 4).
        try {
            Ctx.waitFor("three attempts (reconsumeTimes 0, 1, 2)", 40 + 2 * ctx.waitSeconds, () -> attempts.size() >= 3);
        } catch (Mismatch e) {
            throw new Mismatch(e.getMessage() + " (attempts so far: reconsumeTimes " + attempts + ")");
        }
        Mismatch.check(problems.isEmpty(), "%s", problems);
        Mismatch.equal(List.of(0, 1, 2), new ArrayList<>(attempts.subList(0, 3)), "reconsumeTimes of the attempts");
        long firstGap = attemptTimes.get(1) - attemptTimes.get(0);
        long secondGap = attemptTimes.get(2) - attemptTimes.get(1);
        Mismatch.check(firstGap >= 9_000 && firstGap <= 14_000, "retry 1 came %d ms after the first attempt, expected ~10 s (level 3)", firstGap);
        Mismatch.check(secondGap >= 29_000 && secondGap <= 34_000, "retry 2 came %d ms after retry 1, expected ~30 s (level 4)", secondGap);

        String dlq = MixAll.getDLQTopic(ctx.group);
        DefaultMQPullConsumer reader = ctx.pullConsumer(ctx.group + "_dlq_reader");
        List<MessageExt> found = new ArrayList<>();
        List<String> pulls = new ArrayList<>();
        Ctx.waitFor("the message in " + dlq + " queue 0", ctx.waitSeconds, () -> {
            try {
                Set<MessageQueue> mqs = reader.fetchSubscribeMessageQueues(dlq);
                if (mqs.size() != 1) {
                    pulls.add("queues " + mqs);
                    return false;
                }
                MessageQueue mq = mqs.iterator().next();
                PullResult r = reader.pull(mq, "*", 0, 32);
                pulls.add(r.getPullStatus().toString());
                if (r.getPullStatus() == PullStatus.FOUND) {
                    found.addAll(r.getMsgFoundList());
                    return true;
                }
            } catch (Exception e) {
                pulls.add(e.toString());
            }
            return false;
        });
        Mismatch.equal(1, found.size(), "messages in " + dlq);
        MessageExt d = found.get(0);
        Mismatch.equal(dlq, d.getTopic(), "topic of the DLQ message");
        Mismatch.equal(0, d.getQueueId(), "queueId of the DLQ message");
        Mismatch.equal(0L, d.getQueueOffset(), "queueOffset of the DLQ message");
        Mismatch.equal("retry-me", Ctx.str(d.getBody()), "body of the DLQ message");
        Mismatch.equal(ctx.topic, d.getProperty(MessageConst.PROPERTY_RETRY_TOPIC), "RETRY_TOPIC of the DLQ message");
        Mismatch.equal("TagRetry", d.getTags(), "tags of the DLQ message");
        Mismatch.equal("retry-key", d.getKeys(), "keys of the DLQ message");
        Mismatch.equal("blue", d.getUserProperty("color"), "user property of the DLQ message");
        Mismatch.equal(sent.getMsgId(), d.getMsgId(), "msgId (UNIQ_KEY) of the DLQ message");
        Mismatch.equal(3, d.getReconsumeTimes(), "reconsumeTimes of the DLQ message");
        Mismatch.equal(sent.getOffsetMsgId(), d.getProperty(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID), "ORIGIN_MESSAGE_ID of the DLQ message");

        Thread.sleep(1000);
        Mismatch.equal(3, attempts.size(), "attempts after the message went to the DLQ (reconsumeTimes " + attempts + ")");
    }
}
