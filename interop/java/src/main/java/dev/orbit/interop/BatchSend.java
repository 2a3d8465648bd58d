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
import org.apache.rocketmq.common.message.MessageExt;

/** send(Collection): one SEND_BATCH_MESSAGE lands all messages in one queue at consecutive offsets. */
public class BatchSend implements Scenario {
    static final int N = 16;

    public static void main(String[] args) {
        Scenario.runMain(new BatchSend());
    }

    @Override
    public String name() {
        return "batchSend";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        DefaultMQProducer producer = ctx.producer();
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Message m = new Message(ctx.topic, "TagBatch", "bk-" + i, Ctx.bytes("batch-body-" + i));
            m.putUserProperty("idx", Integer.toString(i));
            batch.add(m);
        }
        SendResult r = producer.send(batch);
        Mismatch.equal(SendStatus.SEND_OK, r.getSendStatus(), "batch send status");
        String[] ids = r.getMsgId().split(",");
        Mismatch.equal(N, ids.length, "msgIds in the batch send result");

        Received got = new Received();
        DefaultMQPushConsumer consumer = ctx.pushConsumer(ctx.group);
        consumer.subscribe(ctx.topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, c) -> {
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        got.await("batched messages", N, ctx.waitSeconds);
        for (int i = 0; i < N; i++) {
            MessageExt m = got.get("batch-body-" + i);
            Mismatch.equal(r.getMessageQueue().getQueueId(), m.getQueueId(), "queueId of batch message " + i);
            Mismatch.equal(r.getQueueOffset() + i, m.getQueueOffset(), "queueOffset of batch message " + i);
            Mismatch.equal(ids[i], m.getMsgId(), "msgId of batch message " + i);
            Mismatch.equal("bk-" + i, m.getKeys(), "keys of batch message " + i);
            Mismatch.equal("TagBatch", m.getTags(), "tags of batch message " + i);
            Mismatch.equal(Integer.toString(i), m.getUserProperty("idx"), "user property of batch message " + i);
        }
    }
}
