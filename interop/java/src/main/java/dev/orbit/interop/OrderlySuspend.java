package dev.orbit.interop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * MessageListenerOrderly answering SUSPEND_CURRENT_QUEUE_A_MOMENT on the first attempt of every third step:
 * the client keeps the queue locked and redelivers the same message (reconsumeTimes 1) after the suspend
 * time, with no send-back; each sharding key's steps are still accepted in send order and nothing is lost.
 */
public class OrderlySuspend implements Scenario {
    static final int KEYS = 4;
    static final int STEPS = 9;

    public static void main(String[] args) {
        Scenario.runMain(new OrderlySuspend());
    }

    @Override
    public String name() {
        return "orderlySuspend";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        Map<Integer, List<Integer>> accepted = new ConcurrentHashMap<>();
        Set<String> suspendedOnce = ConcurrentHashMap.newKeySet();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger total = new AtomicInteger();
        AtomicInteger suspends = new AtomicInteger();
        DefaultMQPushConsumer consumer = ctx.pushConsumer(ctx.group);
        consumer.subscribe(ctx.topic, "*");
        consumer.setSuspendCurrentQueueTimeMillis(300);
        consumer.registerMessageListener((MessageListenerOrderly) (msgs, c) -> {
            if (msgs.size() != 1) {
                problems.add("orderly batch of " + msgs.size() + " messages (consumeMessageBatchMaxSize is 1)");
            }
            MessageExt m = msgs.get(0);
            String body = Ctx.str(m.getBody());
            int key = Integer.parseInt(m.getUserProperty("key"));
            int step = Integer.parseInt(m.getUserProperty("step"));
            if (step % 3 == 1 && suspendedOnce.add(body)) {
                if (m.getReconsumeTimes() != 0) {
                    problems.add(body + ": first attempt has reconsumeTimes " + m.getReconsumeTimes());
                }
                suspends.incrementAndGet();
                return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
            }
            if (step % 3 == 1 && m.getReconsumeTimes() != 1) {
                problems.add(body + ": redelivery after a suspend has reconsumeTimes " + m.getReconsumeTimes());
            }
            if (!ctx.topic.equals(m.getTopic())) {
                problems.add(body + ": topic " + m.getTopic());
            }
            accepted.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(step);
            total.incrementAndGet();
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();

        DefaultMQProducer producer = ctx.producer();
        MessageQueueSelector selector = (mqs, msg, arg) -> mqs.get((Integer) arg % mqs.size());
        for (int step = 0; step < STEPS; step++) {
            for (int key = 0; key < KEYS; key++) {
                Message m = new Message(ctx.topic, "TagSuspend", "key-" + key, Ctx.bytes("k" + key + "s" + step));
                m.putUserProperty("key", Integer.toString(key));
                m.putUserProperty("step", Integer.toString(step));
                producer.send(m, selector, key);
            }
        }
        try {
            Ctx.waitFor("all " + KEYS * STEPS + " messages accepted", ctx.waitSeconds, () -> total.get() >= KEYS * STEPS);
        } catch (Mismatch e) {
            throw new Mismatch(e.getMessage() + " (accepted " + total.get() + "; steps per key: " + accepted + ")");
        }
        Thread.sleep(500);
        Mismatch.check(problems.isEmpty(), "%s", problems);
        Mismatch.equal(KEYS * (STEPS / 3), suspends.get(), "suspended first attempts");
        List<Integer> expected = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            expected.add(s);
        }
        for (int key = 0; key < KEYS; key++) {
            List<Integer> steps = accepted.get(key);
            Mismatch.equal(expected, steps == null ? null : new ArrayList<>(steps), "steps of key " + key + " in accept order");
        }
        Mismatch.equal(KEYS * STEPS, total.get(), "messages accepted (a suspended message must not be accepted twice)");
    }
}
