package dev.orbit.interop;

import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageId;

/** Sync send of messages with tag, keys, user property; a push consumer must see each one as sent. */
public class SyncSendPushConsume implements Scenario {
    static final int N = 20;

    public static void main(String[] args) {
        Scenario.runMain(new SyncSendPushConsume());
    }

    @Override
    public String name() {
        return "syncSend";
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
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Message msg = new Message(ctx.topic, "TagA", "key-" + i, Ctx.bytes("sync-body-" + i));
            msg.putUserProperty("seq", Integer.toString(i));
            SendResult r = producer.send(msg);
            Mismatch.equal(SendStatus.SEND_OK, r.getSendStatus(), "send status of message " + i);
            Mismatch.check(r.getMsgId() != null && !r.getMsgId().isEmpty(), "send result has no msgId");
            Mismatch.check(r.getOffsetMsgId() != null, "send result has no offsetMsgId");
            MessageId id = MessageDecoder.decodeMessageId(r.getOffsetMsgId());
            Mismatch.check(id.getAddress().toString().contains("127.0.0.1"),
                "offsetMsgId %s encodes store host %s, expected 127.0.0.1", r.getOffsetMsgId(), id.getAddress());
            Mismatch.check(r.getQueueOffset() >= 0, "negative queue offset %d", r.getQueueOffset());
            Mismatch.equal(ctx.topic, r.getMessageQueue().getTopic(), "send result topic");
            results.add(r);
        }

        got.await("push consumer to receive " + N + " messages", N, ctx.waitSeconds);
        for (int i = 0; i < N; i++) {
            MessageExt m = got.get("sync-body-" + i);
            SendResult r = results.get(i);
            Mismatch.equal(ctx.topic, m.getTopic(), "topic of message " + i);
            Mismatch.equal("TagA", m.getTags(), "tags of message " + i);
            Mismatch.equal("key-" + i, m.getKeys(), "keys of message " + i);
            Mismatch.equal(Integer.toString(i), m.getUserProperty("seq"), "user property 'seq' of message " + i);
            Mismatch.equal(r.getMsgId(), m.getMsgId(), "msgId (UNIQ_KEY) of message " + i);
            Mismatch.equal(r.getMessageQueue().getQueueId(), m.getQueueId(), "queueId of message " + i);
            Mismatch.equal(r.getQueueOffset(), m.getQueueOffset(), "queueOffset of message " + i);
            Mismatch.equal(0, m.getReconsumeTimes(), "reconsumeTimes of message " + i);
            Mismatch.check(m.getStoreTimestamp() >= m.getBornTimestamp() - 1000,
                "storeTimestamp %d before bornTimestamp %d", m.getStoreTimestamp(), m.getBornTimestamp());
            Mismatch.equal(r.getOffsetMsgId(), MessageDecoder.createMessageId(
                java.nio.ByteBuffer.allocate(16), m.getStoreHostBytes(), m.getCommitLogOffset()), "offset msgId of message " + i);
        }
        Mismatch.check(got.duplicates.isEmpty(), "duplicates delivered: %s", got.duplicates);
    }
}
