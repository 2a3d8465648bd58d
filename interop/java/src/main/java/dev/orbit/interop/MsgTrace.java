package dev.orbit.interop;

import java.util.HashSet;
import java.util.Set;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.trace.TraceContext;
import org.apache.rocketmq.client.trace.TraceDataEncoder;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.topic.TopicValidator;

/**
 * Java's message trace ({@code enableMsgTrace=true} on a producer and a push consumer): the broker stores the trace
 * messages on RMQ_SYS_TRACE_TOPIC and its index finds them by the traced msgId, holding Pub, SubBefore and SubAfter
 * records (decoded with Java's own TraceDataEncoder). Prints {@code MSGTRACE <msgId> <topic> <producerGroup>
 * <consumerGroup>} so a console check can open that message's trace.
 */
public class MsgTrace implements Scenario {
    public static void main(String[] args) {
        Scenario.runMain(new MsgTrace());
    }

    @Override
    public String name() {
        return "msgTrace";
    }

    @Override
    public void run(Ctx ctx) throws Exception {
        String producerGroup = "PID_" + ctx.group;
        DefaultMQProducer producer = new DefaultMQProducer(producerGroup, true);
        producer.setNamesrvAddr(ctx.namesrv);
        producer.setInstanceName("interop-trace-producer-" + ctx.group);
        producer.setSendMsgTimeout(5000);
        producer.start();
        ctx.onClose(producer::shutdown);

        Received got = new Received();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(ctx.group, true);
        consumer.setNamesrvAddr(ctx.namesrv);
        consumer.setInstanceName("interop-trace-push-" + ctx.group);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(ctx.topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, c) -> {
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        ctx.onClose(consumer::shutdown);

        Message msg = new Message(ctx.topic, "TagTrace", Ctx.bytes("trace-body"));
        msg.setKeys("trace-" + ctx.group);
        SendResult sent = producer.send(msg);
        got.await("the traced message", 1, ctx.waitSeconds);

        String msgId = sent.getMsgId();
        Set<String> types = new HashSet<>();
        long deadline = System.currentTimeMillis() + ctx.waitSeconds * 1000;
        while (!types.containsAll(Set.of("Pub", "SubBefore", "SubAfter")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(300);
            types.clear();
            try {
                QueryResult q = producer.queryMessage(TopicValidator.RMQ_SYS_TRACE_TOPIC, msgId, 32, 0, Long.MAX_VALUE);
                for (MessageExt m : q.getMessageList()) {
                    for (TraceContext t : TraceDataEncoder.decoderFromTraceDataString(Ctx.str(m.getBody()))) {
                        if (msgId.equals(t.getTraceBeans().get(0).getMsgId())) {
                            types.add(t.getTraceType().name());
                        }
                    }
                }
            } catch (Exception e) {
                // not indexed yet
            }
        }
        Mismatch.check(types.containsAll(Set.of("Pub", "SubBefore", "SubAfter")), "trace records of %s found by key on the trace topic: %s", msgId, types);
        System.out.println("MSGTRACE " + msgId + " " + ctx.topic + " " + producerGroup + " " + ctx.group);
        System.out.flush();
    }
}
