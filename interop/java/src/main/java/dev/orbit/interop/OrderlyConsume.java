package dev.orbit.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * MessageQueueSelector (orderId % queues) + MessageListenerOrderly: each order's steps arrive in the order they
 * were sent, all from the selected queue. Orderly consumption needs LOCK_BATCH_MQ on the broker.
 */
public class OrderlyConsume implements Scenario {
    static final int ORDERS = 6;
    static final int STEPS = 10;

    public static void main(String[] args) {
        Scenario.runMain(new OrderlyConsume());
    }

    @Override
    public String name() {
        return "orderly";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<Integer, Integer> queueOfOrder = new ConcurrentHashMap<>();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger total = new AtomicInteger();
        DefaultMQPushConsumer consumer = ctx.pushConsumer(ctx.group);
        consumer.subscribe(ctx.topic, "*");
        consumer.registerMessageListener((MessageListenerOrderly) (msgs, c) -> {
            for (MessageExt m : msgs) {
                int order = Integer.parseInt(m.getUserProperty("order"));
                int step = Integer.parseInt(m.getUserProperty("step"));
                Integer q = queueOfOrder.putIfAbsent(order, m.getQueueId());
                if (q != null && q != m.getQueueId()) {
                    problems.add("order " + order + " came from queues " + q + " and " + m.getQueueId());
                }
                seen.computeIfAbsent(order, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(step);
                total.incrementAndGet();
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();

        DefaultMQProducer producer = ctx.producer();
        MessageQueueSelector selector = (mqs, msg, arg) -> mqs.get((Integer) arg % mqs.size());
        for (int step = 0; step < STEPS; step++) {
            for (int order = 0; order < ORDERS; order++) {
                Message m = new Message(ctx.topic, "TagOrder", "order-" + order, Ctx.bytes("o" + order + "s" + step));
                m.putUserProperty("order", Integer.toString(order));
                m.putUserProperty("step", Integer.toString(step));
                SendResult r = producer.send(m, selector, order);
                Mismatch.equal(order % 4, r.getMessageQueue().getQueueId(), "queue chosen by the selector for order " + order);
            }
        }
        try {
            Ctx.waitFor("all " + ORDERS * STEPS + " ordered messages", ctx.waitSeconds, () -> total.get() >= ORDERS * STEPS);
        } catch (Mismatch e) {
            throw new Mismatch(e.getMessage() + " (got " + total.get() + "; steps per order: " + seen + ")");
        }
        Mismatch.check(problems.isEmpty(), "%s", problems);
        for (int order = 0; order < ORDERS; order++) {
            List<Integer> steps = seen.get(order);
            List<Integer> expected = new ArrayList<>();
            for (int s = 0; s < STEPS; s++) {
                expected.add(s);
            }
            Mismatch.equal(expected, steps == null ? null : new ArrayList<>(steps), "steps of order " + order + " in consume order");
        }
    }
}
