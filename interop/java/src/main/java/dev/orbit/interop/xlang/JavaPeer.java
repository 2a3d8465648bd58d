package dev.orbit.interop.xlang;

import com.alibaba.fastjson.JSON;
import com.alibaba.fastjson.JSONArray;
import com.alibaba.fastjson.JSONObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;

/**
 * The Java side of interop/xlang.interop.test.ts (rocketmq-client 4.9.2), one role per JVM:
 *
 * <pre>
 *   JavaPeer produce  -Dnamesrv=.. -Dtopic=.. -Dgroup=.. -Dspec=file.json
 *       sends every message of the spec (JSON array of {body, tags, keys[], props{}}) synchronously, one by
 *       one or (-Dbatch=true) as one batch; prints {@code SENT {"msgId":..,"status":..}} per send, then
 *       {@code DONE}, and exits.
 *   JavaPeer consume  -Dnamesrv=.. -Dtopic=.. -Dgroup=.. [-Dseconds=120]
 *       push consumer from the first offset; prints {@code READY} once started and one
 *       {@code MSG {"body","tags","keys","props","reconsumeTimes","compressed","topic","msgId"}} line per delivery;
 *       a message with user property failOnce=1 gets RECONSUME_LATER on its first delivery.
 * </pre>
 *
 * {@code props} holds the user properties only (keys not in MessageConst.STRING_HASH_SET).
 */
public final class JavaPeer {
    private JavaPeer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: JavaPeer produce|consume");
        String namesrv = required("namesrv");
        String topic = required("topic");
        String group = required("group");
        switch (args[0]) {
            case "produce":
                produce(namesrv, topic, group, required("spec"));
                System.exit(0);
                break;
            case "consume":
                consume(namesrv, topic, group, Long.getLong("seconds", 120));
                System.exit(0);
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static String required(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("missing -D" + key + "=...");
        return v;
    }

    private static synchronized void emit(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static void produce(String namesrv, String topic, String group, String specFile) throws Exception {
        JSONArray spec = JSON.parseArray(new String(Files.readAllBytes(Paths.get(specFile)), StandardCharsets.UTF_8));
        DefaultMQProducer p = new DefaultMQProducer(group);
        p.setNamesrvAddr(namesrv);
        p.setInstanceName("xlang-producer-" + System.nanoTime());
        p.setSendMsgTimeout(5000);
        p.start();
        try {
            List<Message> msgs = new ArrayList<>();
            for (int i = 0; i < spec.size(); i++) msgs.add(toMessage(topic, spec.getJSONObject(i)));
            if (Boolean.getBoolean("batch")) {
                emitSent(p.send(msgs));
            } else {
                for (Message msg : msgs) emitSent(p.send(msg));
            }
            emit("DONE");
        } finally {
            p.shutdown();
        }
    }

    private static Message toMessage(String topic, JSONObject m) {
        Message msg = new Message(topic, m.getString("tags"), m.getString("body").getBytes(StandardCharsets.UTF_8));
        JSONArray keys = m.getJSONArray("keys");
        if (keys != null && !keys.isEmpty()) {
            List<String> list = new ArrayList<>();
            for (Object k : keys) list.add(String.valueOf(k));
            msg.setKeys(list);
        }
        JSONObject props = m.getJSONObject("props");
        if (props != null) {
            for (Map.Entry<String, Object> e : props.entrySet()) msg.putUserProperty(e.getKey(), String.valueOf(e.getValue()));
        }
        return msg;
    }

    private static void emitSent(SendResult r) {
        JSONObject out = new JSONObject(new LinkedHashMap<>());
        out.put("msgId", r.getMsgId());
        out.put("status", r.getSendStatus().name());
        emit("SENT " + out.toJSONString());
    }

    static void consume(String namesrv, String topic, String group, long seconds) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(namesrv);
        c.setInstanceName("xlang-consumer-" + System.nanoTime());
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        // The retry topic's route must be found soon after the first RECONSUME_LATER.
        c.setPollNameServerInterval(1000);
        c.subscribe(topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            ConsumeConcurrentlyStatus status = ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            for (MessageExt m : msgs) {
                emit("MSG " + describe(m).toJSONString());
                if ("1".equals(m.getUserProperty("failOnce")) && m.getReconsumeTimes() == 0) {
                    status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
            }
            return status;
        });
        c.start();
        emit("READY");
        try {
            Thread.sleep(seconds * 1000);
        } finally {
            c.shutdown();
        }
    }

    static JSONObject describe(MessageExt m) {
        JSONObject o = new JSONObject(new LinkedHashMap<>());
        o.put("body", new String(m.getBody(), StandardCharsets.UTF_8));
        o.put("tags", m.getTags());
        String keys = m.getKeys();
        o.put("keys", keys == null || keys.isEmpty() ? new ArrayList<String>() : Arrays.asList(keys.trim().split(" +")));
        Map<String, String> props = new TreeMap<>();
        for (Map.Entry<String, String> e : m.getProperties().entrySet()) {
            if (!MessageConst.STRING_HASH_SET.contains(e.getKey())) props.put(e.getKey(), e.getValue());
        }
        o.put("props", props);
        o.put("reconsumeTimes", m.getReconsumeTimes());
        o.put("compressed", (m.getSysFlag() & MessageSysFlag.COMPRESSED_FLAG) != 0);
        o.put("topic", m.getTopic());
        o.put("msgId", m.getMsgId());
        return o;
    }
}
