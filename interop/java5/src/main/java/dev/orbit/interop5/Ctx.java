package dev.orbit.interop5;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.ProducerBuilder;
import org.apache.rocketmq.client.apis.producer.TransactionChecker;

/**
 * What a scenario gets: the endpoint, its arguments (topic, group, ...), client factories, and the result it
 * fills: facts (observed values the TS side prints and may assert) and mismatches (empty = passed).
 */
final class Ctx {
    final String endpoint;
    final boolean ssl;
    final Map<String, String> args;
    final ClientServiceProvider provider = ClientServiceProvider.loadService();
    final Map<String, Object> facts = new LinkedHashMap<>();
    final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> closeables = new ArrayList<>();

    Ctx(String endpoint, boolean ssl, Map<String, String> args) {
        this.endpoint = endpoint;
        this.ssl = ssl;
        this.args = args;
    }

    String arg(String name) {
        String v = args.get(name);
        if (v == null) {
            throw new IllegalArgumentException("scenario argument '" + name + "' missing (have " + args.keySet() + ")");
        }
        return v;
    }

    String topic() {
        return arg("topic");
    }

    String group() {
        return arg("group");
    }

    ClientConfiguration conf() {
        return ClientConfiguration.newBuilder().setEndpoints(endpoint).enableSsl(ssl)
            .setRequestTimeout(Duration.ofSeconds(5)).build();
    }

    <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    Producer producer(String topic) throws ClientException {
        return closeLater(provider.newProducerBuilder().setClientConfiguration(conf()).setTopics(topic).build());
    }

    Producer txProducer(String topic, TransactionChecker checker) throws ClientException {
        ProducerBuilder b = provider.newProducerBuilder().setClientConfiguration(conf()).setTopics(topic)
            .setTransactionChecker(checker);
        return closeLater(b.build());
    }

    /** A simple consumer; `awaitSeconds` is its long-polling time (the proxy clamps it to 5..20 s). */
    SimpleConsumer simple(String group, String topic, String tag, int awaitSeconds) throws ClientException {
        FilterExpression f = tag == null ? FilterExpression.SUB_ALL : new FilterExpression(tag);
        return closeLater(provider.newSimpleConsumerBuilder().setClientConfiguration(conf()).setConsumerGroup(group)
            .setSubscriptionExpressions(Map.of(topic, f)).setAwaitDuration(Duration.ofSeconds(awaitSeconds)).build());
    }

    void closeAll() {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        closeables.clear();
    }

    void fact(String key, Object value) {
        facts.put(key, value);
    }

    void check(boolean ok, String what) {
        if (!ok) {
            mismatches.add(what);
        }
    }

    void eq(String what, Object want, Object got) {
        if (!Objects.equals(want, got)) {
            mismatches.add(what + ": want " + Json.write(want) + ", got " + Json.write(got));
        }
    }

    static String body(MessageView v) {
        ByteBuffer b = v.getBody().duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** What a received message looks like, for facts and comparisons (properties sorted). */
    static Map<String, Object> view(MessageView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("messageId", v.getMessageId().toString());
        m.put("topic", v.getTopic());
        String body = body(v);
        m.put("body", body.length() > 64 ? body.substring(0, 20) + "...(" + body.length() + " chars)" : body);
        m.put("tag", v.getTag().orElse(null));
        List<String> keys = new ArrayList<>(v.getKeys());
        Collections.sort(keys);
        m.put("keys", keys);
        m.put("properties", new TreeMap<>(v.getProperties()));
        m.put("messageGroup", v.getMessageGroup().orElse(null));
        m.put("deliveryTimestamp", v.getDeliveryTimestamp().orElse(null));
        m.put("deliveryAttempt", v.getDeliveryAttempt());
        m.put("bornHost", v.getBornHost());
        m.put("bornTimestamp", v.getBornTimestamp());
        return m;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }
}
