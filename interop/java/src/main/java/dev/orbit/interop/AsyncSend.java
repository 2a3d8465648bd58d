package dev.orbit.interop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/** Async send with a SendCallback per message; every callback succeeds and every message is consumed. */
public class AsyncSend implements Scenario {
    static final int N = 32;

    public static void main(String[] args) {
        Scenario.runMain(new AsyncSend());
    }

    @Override
    public String name() {
        return "asyncSend";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        DefaultMQProducer producer = ctx.producer();
        producer.setRetryTimesWhenSendAsyncFailed(0);
        CountDownLatch done = new CountDownLatch(N);
        Map<Integer, Object> outcomes = new ConcurrentHashMap<>();
        for (int i = 0; i < N; i++) {
            final int idx = i;
            producer.send(new Message(ctx.topic, "TagAsync", Ctx.bytes("async-body-" + i)), new SendCallback() {
                @Override
                public void onSuccess(SendResult r) {
                    outcomes.put(idx, r);
                    done.countDown();
                }

                @Override
                public void onException(Throwable e) {
                    outcomes.put(idx, e);
                    done.countDown();
                }
            });
        }
        Mismatch.check(done.await(ctx.waitSeconds, TimeUnit.SECONDS), "only %d of %d async callbacks fired",
            N - done.getCount(), N);
        for (int i = 0; i < N; i++) {
            Object o = outcomes.get(i);
            Mismatch.check(o instanceof SendResult, "async send %d failed: %s", i, o);
            Mismatch.equal(SendStatus.SEND_OK, ((SendResult) o).getSendStatus(), "async send status " + i);
        }

        Received got = new Received();
        DefaultMQPushConsumer consumer = ctx.pushConsumer(ctx.group);
        consumer.subscribe(ctx.topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, c) -> {
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        got.await("messages sent async", N, ctx.waitSeconds);
        for (int i = 0; i < N; i++) {
            Mismatch.equal(((SendResult) outcomes.get(i)).getMsgId(), got.get("async-body-" + i).getMsgId(),
                "msgId of async message " + i);
        }
    }
}
