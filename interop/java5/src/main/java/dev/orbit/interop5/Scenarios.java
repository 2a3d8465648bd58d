package dev.orbit.interop5;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.PushConsumer;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;

/** The scenarios. Each one checks what a 5.x client must see and records what it saw as facts. */
final class Scenarios {
    private Scenarios() {
    }

    static final Duration INVISIBLE = Duration.ofSeconds(10);

    private static MessageBuilder msg(Ctx ctx, String topic, String body) {
        return ctx.provider.newMessageBuilder().setTopic(topic).setBody(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Receives (batch `max`) until `done` holds or `timeoutMs` passes; `each` sees every message (may ack). */
    interface Each {
        void accept(MessageView v, long at) throws ClientException;
    }

    private static void receiveUntil(SimpleConsumer c, int max, Duration invisible, long timeoutMs,
        java.util.function.BooleanSupplier done, Each each) throws ClientException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!done.getAsBoolean() && System.currentTimeMillis() < end) {
            List<MessageView> got = c.receive(max, invisible);
            long at = System.currentTimeMillis();
            for (MessageView v : got) {
                each.accept(v, at);
            }
        }
    }

    private static String err(Throwable e) {
        String s = e.getClass().getSimpleName() + ": " + e.getMessage();
        return s.length() > 300 ? s.substring(0, 300) : s;
    }

    // ------------------------------------------------------------------ sends of every type, no consumer

    static void send(Ctx ctx) throws Exception {
        String normalTopic = ctx.arg("normalTopic");
        String fifoTopic = ctx.arg("fifoTopic");
        String delayTopic = ctx.arg("delayTopic");
        String txTopic = ctx.arg("txTopic");
        Producer p = ctx.closeLater(ctx.provider.newProducerBuilder().setClientConfiguration(ctx.conf())
            .setTopics(normalTopic, fifoTopic, delayTopic, txTopic).setTransactionChecker(v -> TransactionResolution.COMMIT).build());
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("normal", p.send(msg(ctx, normalTopic, "s-normal").setTag("S").setKeys("ks").addProperty("a", "b").build())
            .getMessageId().toString());
        ids.put("fifo", p.send(msg(ctx, fifoTopic, "s-fifo").setMessageGroup("g1").build()).getMessageId().toString());
        ids.put("delay", p.send(msg(ctx, delayTopic, "s-delay").setDeliveryTimestamp(System.currentTimeMillis() + 1000).build())
            .getMessageId().toString());
        Transaction tx = p.beginTransaction();
        ids.put("transaction", p.send(msg(ctx, txTopic, "s-tx").build(), tx).getMessageId().toString());
        tx.commit();
        ctx.fact("messageIds", ids);
        for (Map.Entry<String, String> e : ids.entrySet()) {
            ctx.check(e.getValue().length() == 34 && e.getValue().startsWith("01"), e.getKey() + " message id is not v1: " + e.getValue());
        }
        ctx.eq("distinct message ids", ids.size(), new HashSet<>(ids.values()).size());
        // The client checks the message type against the route's accept_message_types before sending.
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("FIFO message to the NORMAL topic", tryErr(() -> p.send(msg(ctx, normalTopic, "x").setMessageGroup("g").build())));
        refused.put("NORMAL message to the FIFO topic", tryErr(() -> p.send(msg(ctx, fifoTopic, "x").build())));
        refused.put("DELAY message to the NORMAL topic", tryErr(() -> p.send(msg(ctx, normalTopic, "x")
            .setDeliveryTimestamp(System.currentTimeMillis() + 1000).build())));
        ctx.fact("refused", refused);
        for (Map.Entry<String, String> e : refused.entrySet()) {
            ctx.check(e.getValue() != null, e.getKey() + " was accepted");
        }
    }

    interface Action {
        void run() throws Exception;
    }

    /** null if `a` ran through, else the error text. */
    private static String tryErr(Action a) {
        try {
            a.run();
            return null;
        } catch (Exception e) {
            return err(e);
        }
    }

    // ------------------------------------------------------------------ producer NORMAL + simple consumer

    static void normal(Ctx ctx) throws Exception {
        String topic = ctx.topic();
        SimpleConsumer all = ctx.simple(ctx.group(), topic, null, 5);
        SimpleConsumer tagA = ctx.simple(ctx.arg("tagGroup"), topic, "TagA", 5);
        Producer p = ctx.producer(topic);
        String big = "big:" + "0123456789abcdef".repeat(400);
        List<Message> msgs = List.of(
            msg(ctx, topic, "normal-0 ünïcödé ✓").setTag("TagA").setKeys("k0a", "k0b").addProperty("color", "blue")
                .addProperty("emoji", "häh ✓").build(),
            msg(ctx, topic, "normal-1").setTag("TagB").setKeys("k1").addProperty("n", "1").build(),
            msg(ctx, topic, big).build());
        long sentAt = System.currentTimeMillis();
        Map<String, Message> byId = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (Message m : msgs) {
            SendReceipt r = p.send(m);
            ids.add(r.getMessageId().toString());
            byId.put(r.getMessageId().toString(), m);
        }
        ctx.fact("messageIds", ids);
        ctx.check(ids.stream().allMatch(id -> id.length() == 34 && id.startsWith("01")), "message ids are v1 (34 hex chars, 01...): " + ids);

        Map<String, Map<String, Object>> seen = new LinkedHashMap<>();
        receiveUntil(all, 16, Duration.ofSeconds(15), 30_000, () -> seen.size() >= 3, (v, at) -> {
            Map<String, Object> rec = Ctx.view(v);
            if (seen.put(v.getMessageId().toString(), rec) != null) {
                ctx.mismatches.add("received twice: " + rec);
            }
            all.ack(v);
        });
        ctx.fact("received", new ArrayList<>(seen.values()));
        ctx.eq("message ids received", new HashSet<>(ids), seen.keySet());
        for (Map.Entry<String, Message> e : byId.entrySet()) {
            Map<String, Object> got = seen.get(e.getKey());
            if (got == null) {
                continue;
            }
            Message m = e.getValue();
            String what = "message " + e.getKey() + " ";
            byte[] b = new byte[m.getBody().remaining()];
            m.getBody().duplicate().get(b);
            String body = new String(b, StandardCharsets.UTF_8);
            ctx.eq(what + "body", body.length() > 64 ? body.substring(0, 20) + "...(" + body.length() + " chars)" : body, got.get("body"));
            ctx.eq(what + "tag", m.getTag().orElse(null), got.get("tag"));
            List<String> keys = new ArrayList<>(m.getKeys());
            Collections.sort(keys);
            ctx.eq(what + "keys", keys, got.get("keys"));
            ctx.eq(what + "properties", new TreeMap<>(m.getProperties()), got.get("properties"));
            ctx.eq(what + "topic", topic, got.get("topic"));
            ctx.eq(what + "deliveryAttempt", 1, got.get("deliveryAttempt"));
            ctx.eq(what + "messageGroup", null, got.get("messageGroup"));
            ctx.eq(what + "deliveryTimestamp", null, got.get("deliveryTimestamp"));
            long born = (Long) got.get("bornTimestamp");
            ctx.check(born >= sentAt - 1000 && born <= System.currentTimeMillis(), what + "bornTimestamp " + born + " not at send time " + sentAt);
        }

        // The TagA subscription (another group) gets only the TagA message.
        List<String> tagged = new ArrayList<>();
        receiveUntil(tagA, 16, Duration.ofSeconds(15), 30_000, () -> !tagged.isEmpty(), (v, at) -> {
            tagged.add(Ctx.body(v));
            tagA.ack(v);
        });
        // One more poll: nothing else may come (TagB and untagged are filtered out).
        for (MessageView v : tagA.receive(16, Duration.ofSeconds(15))) {
            tagged.add(Ctx.body(v));
            tagA.ack(v);
        }
        ctx.eq("TagA subscription received", List.of("normal-0 ünïcödé ✓"), tagged);
        // Acked messages do not come back.
        List<MessageView> again = all.receive(16, Duration.ofSeconds(15));
        ctx.eq("redelivered after ack", 0, again.size());
    }

    // ------------------------------------------------------------------ DELAY

    static void delay(Ctx ctx) throws Exception {
        String topic = ctx.topic();
        long delayMs = Long.parseLong(ctx.args.getOrDefault("delayMs", "5000"));
        SimpleConsumer c = ctx.simple(ctx.group(), topic, null, 5);
        Producer p = ctx.producer(topic);
        long sentAt = System.currentTimeMillis();
        long deliverAt = sentAt + delayMs;
        SendReceipt r = p.send(msg(ctx, topic, "delayed").setTag("D").setKeys("kd").setDeliveryTimestamp(deliverAt).build());
        long[] receivedAt = {0};
        MessageView[] got = {null};
        receiveUntil(c, 16, Duration.ofSeconds(15), delayMs + 20_000, () -> got[0] != null, (v, at) -> {
            got[0] = v;
            receivedAt[0] = at;
            c.ack(v);
        });
        if (got[0] == null) {
            ctx.mismatches.add("delayed message never received");
            return;
        }
        ctx.fact("received", Ctx.view(got[0]));
        ctx.fact("delayMs", delayMs);
        ctx.fact("sendToReceiveMs", receivedAt[0] - sentAt);
        ctx.fact("lateMs", receivedAt[0] - deliverAt);
        ctx.eq("message id", r.getMessageId().toString(), got[0].getMessageId().toString());
        ctx.eq("deliveryTimestamp", deliverAt, got[0].getDeliveryTimestamp().orElse(null));
        ctx.eq("deliveryAttempt", 1, got[0].getDeliveryAttempt());
        ctx.check(receivedAt[0] >= deliverAt - 100, "received " + (deliverAt - receivedAt[0]) + " ms before the delivery time");
        ctx.check(receivedAt[0] <= deliverAt + 3000, "received " + (receivedAt[0] - deliverAt) + " ms after the delivery time (> 3 s)");
    }

    // ------------------------------------------------------------------ TRANSACTION

    static void transaction(Ctx ctx) throws Exception {
        String topic = ctx.topic();
        SimpleConsumer c = ctx.simple(ctx.group(), topic, null, 5);
        List<Map<String, Object>> checked = new CopyOnWriteArrayList<>();
        long[] checkedAt = {0};
        Producer p = ctx.txProducer(topic, v -> {
            Map<String, Object> rec = Ctx.view(v);
            checked.add(rec);
            checkedAt[0] = System.currentTimeMillis();
            return "check-commit".equals(v.getProperties().get("decision")) ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
        });
        Map<String, String> idOf = new HashMap<>();
        long t0 = System.currentTimeMillis();
        for (String decision : List.of("commit", "rollback", "check-commit")) {
            Transaction tx = p.beginTransaction();
            SendReceipt r = p.send(msg(ctx, topic, "tx-" + decision).setTag("TX").setKeys("k-" + decision)
                .addProperty("decision", decision).build(), tx);
            idOf.put(decision, r.getMessageId().toString());
            if (decision.equals("commit")) {
                tx.commit();
            } else if (decision.equals("rollback")) {
                tx.rollback();
            }
        }
        long sentAt = System.currentTimeMillis();
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        List<Map<String, Object>> received = new ArrayList<>();
        receiveUntil(c, 16, Duration.ofSeconds(15), 60_000,
            () -> receivedAt.containsKey("tx-commit") && receivedAt.containsKey("tx-check-commit"), (v, at) -> {
                received.add(Ctx.view(v));
                receivedAt.put(Ctx.body(v), at);
                c.ack(v);
            });
        // A rolled-back message must not show up later either.
        for (MessageView v : c.receive(16, Duration.ofSeconds(15))) {
            received.add(Ctx.view(v));
            receivedAt.put(Ctx.body(v), System.currentTimeMillis());
            c.ack(v);
        }
        ctx.fact("received", received);
        ctx.fact("checked", checked);
        ctx.fact("commitVisibleMs", receivedAt.containsKey("tx-commit") ? receivedAt.get("tx-commit") - t0 : null);
        ctx.fact("checkBackMs", checkedAt[0] > 0 ? checkedAt[0] - sentAt : null);
        ctx.fact("checkCommitVisibleMs", receivedAt.containsKey("tx-check-commit") ? receivedAt.get("tx-check-commit") - sentAt : null);
        ctx.check(receivedAt.containsKey("tx-commit"), "committed message not received");
        ctx.check(receivedAt.containsKey("tx-check-commit"), "message committed by the check-back not received");
        ctx.check(!receivedAt.containsKey("tx-rollback"), "rolled-back message received");
        ctx.eq("received bodies", Set.of("tx-commit", "tx-check-commit"), receivedAt.keySet());
        ctx.check(!checked.isEmpty(), "transaction checker never called");
        for (Map<String, Object> ch : checked) {
            ctx.eq("checked message body", "tx-check-commit", ch.get("body"));
            ctx.eq("checked message topic", topic, ch.get("topic"));
            ctx.eq("checked message id", idOf.get("check-commit"), ch.get("messageId"));
        }
        for (Map<String, Object> rec : received) {
            String decision = String.valueOf(rec.get("body")).substring(3);
            ctx.eq("received " + rec.get("body") + " id", idOf.get(decision), rec.get("messageId"));
            ctx.eq("received " + rec.get("body") + " tag", "TX", rec.get("tag"));
            @SuppressWarnings("unchecked")
            Map<String, String> props = (Map<String, String>) rec.get("properties");
            ctx.eq("received " + rec.get("body") + " user property decision", decision, props.get("decision"));
            // Apache 5.3.3 also hands out __transactionId__ (and TRANSACTION_CHECK_TIMES after a check-back) as
            // user properties: reported, not asserted.
            Set<String> extra = new TreeSet<>(props.keySet());
            extra.remove("decision");
            ctx.fact("extraUserProperties " + rec.get("body"), extra);
        }
    }

    // ------------------------------------------------------------------ PushConsumer

    static void push(Ctx ctx) throws Exception {
        String topic = ctx.topic();
        int n = 6;
        Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
        Map<String, List<Long>> times = new ConcurrentHashMap<>();
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        PushConsumer pc = ctx.closeLater(ctx.provider.newPushConsumerBuilder().setClientConfiguration(ctx.conf())
            .setConsumerGroup(ctx.group()).setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL))
            .setMessageListener(v -> {
                String body = Ctx.body(v);
                attempts.computeIfAbsent(body, k -> new CopyOnWriteArrayList<>()).add(v.getDeliveryAttempt());
                times.computeIfAbsent(body, k -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
                if (body.equals("push-fail-once") && v.getDeliveryAttempt() == 1) {
                    return ConsumeResult.FAILURE;
                }
                succeeded.add(body);
                return ConsumeResult.SUCCESS;
            }).build());
        Producer p = ctx.producer(topic);
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String body = i == 2 ? "push-fail-once" : "push-" + i;
            bodies.add(body);
            p.send(msg(ctx, topic, body).setTag("P").setKeys("kp" + i).build());
        }
        long end = System.currentTimeMillis() + 45_000;
        while (succeeded.size() < n && System.currentTimeMillis() < end) {
            Ctx.sleep(200);
        }
        Ctx.sleep(1000);
        ctx.fact("attempts", new TreeMap<>(attempts));
        List<Long> ft = times.get("push-fail-once");
        ctx.fact("retryAfterMs", ft != null && ft.size() >= 2 ? ft.get(1) - ft.get(0) : null);
        ctx.eq("consumed successfully", bodies, new HashSet<>(succeeded));
        ctx.eq("attempts of the failed message", List.of(1, 2), attempts.get("push-fail-once"));
        for (String b : bodies) {
            if (!b.equals("push-fail-once")) {
                ctx.eq("attempts of " + b, List.of(1), attempts.get(b));
            }
        }
        pc.close();
    }

    // ------------------------------------------------------------------ invisible duration, redelivery

    static void invisible(Ctx ctx) throws Exception {
        String topic = ctx.topic();
        SimpleConsumer c = ctx.simple(ctx.group(), topic, null, 5);
        Producer p = ctx.producer(topic);
        SendReceipt r = p.send(msg(ctx, topic, "invisible").setTag("I").setKeys("ki").addProperty("x", "1").build());
        String id = r.getMessageId().toString();
        Predicate<MessageView> ours = v -> v.getMessageId().toString().equals(id);

        MessageView[] first = {null};
        receiveUntil(c, 16, INVISIBLE, 30_000, () -> first[0] != null, (v, at) -> first[0] = ours.test(v) ? v : first[0]);
        if (first[0] == null) {
            ctx.mismatches.add("message never received");
            return;
        }
        ctx.eq("first delivery attempt", 1, first[0].getDeliveryAttempt());

        // changeInvisibleDuration to 2 s: back after ~2 s, attempt 2.
        long changedAt = System.currentTimeMillis();
        c.changeInvisibleDuration(first[0], Duration.ofSeconds(2));
        MessageView[] second = {null};
        long[] secondAt = {0};
        receiveUntil(c, 16, INVISIBLE, 30_000, () -> second[0] != null, (v, at) -> {
            if (ours.test(v)) {
                second[0] = v;
                secondAt[0] = at;
            }
        });
        if (second[0] == null) {
            ctx.mismatches.add("message not redelivered after changeInvisibleDuration(2 s)");
            return;
        }
        ctx.fact("afterChange", Ctx.view(second[0]));
        ctx.fact("redeliveredAfterChangeMs", secondAt[0] - changedAt);
        ctx.eq("delivery attempt after changeInvisibleDuration", 2, second[0].getDeliveryAttempt());
        ctx.check(secondAt[0] - changedAt >= 1500, "redelivered " + (secondAt[0] - changedAt) + " ms after changeInvisibleDuration(2 s)");
        ctx.eq("body after redelivery", "invisible", Ctx.body(second[0]));
        ctx.eq("tag after redelivery", "I", second[0].getTag().orElse(null));
        ctx.eq("topic after redelivery", topic, second[0].getTopic());
        ctx.eq("properties after redelivery", Map.of("x", "1"), second[0].getProperties());

        // Not acked: back after the 10 s invisible time, attempt 3.
        MessageView[] third = {null};
        long[] thirdAt = {0};
        receiveUntil(c, 16, INVISIBLE, 40_000, () -> third[0] != null, (v, at) -> {
            if (ours.test(v)) {
                third[0] = v;
                thirdAt[0] = at;
            }
        });
        if (third[0] == null) {
            ctx.mismatches.add("message not redelivered after its invisible time ran out");
            return;
        }
        ctx.fact("afterTimeout", Ctx.view(third[0]));
        ctx.fact("redeliveredAfterTimeoutMs", thirdAt[0] - secondAt[0]);
        ctx.eq("delivery attempt after the invisible time", 3, third[0].getDeliveryAttempt());
        ctx.check(thirdAt[0] - secondAt[0] >= 9500, "redelivered " + (thirdAt[0] - secondAt[0]) + " ms after a 10 s receive");

        // The handle of the expired delivery is refused; the current one is accepted.
        try {
            c.ack(second[0]);
            ctx.fact("staleAck", "accepted");
        } catch (ClientException e) {
            ctx.fact("staleAck", err(e));
        }
        c.ack(third[0]);
        List<MessageView> again = c.receive(16, INVISIBLE);
        ctx.eq("messages after the ack", 0, again.size());
    }

    // ------------------------------------------------------------------ DLQ after max attempts

    static void dlq(Ctx ctx) throws Exception {
        String topic = ctx.topic();
        String group = ctx.group();
        int maxAttempts = Integer.parseInt(ctx.arg("maxAttempts"));
        SimpleConsumer c = ctx.simple(group, topic, null, 5);
        Producer p = ctx.producer(topic);
        SendReceipt r = p.send(msg(ctx, topic, "to-dlq").setTag("Q").setKeys("kq").addProperty("y", "2").build());
        String id = r.getMessageId().toString();
        List<Integer> attempts = new ArrayList<>();
        long t0 = System.currentTimeMillis();
        // Each delivery is "nacked" at once (changeInvisibleDuration 1 s, as a push consumer does).
        long end = t0 + 60_000;
        int emptyAfterLast = 0;
        while (System.currentTimeMillis() < end && emptyAfterLast < 2) {
            List<MessageView> got = c.receive(16, INVISIBLE);
            if (got.isEmpty() && attempts.size() >= maxAttempts) {
                emptyAfterLast++;
            }
            for (MessageView v : got) {
                if (!v.getMessageId().toString().equals(id)) {
                    continue;
                }
                attempts.add(v.getDeliveryAttempt());
                c.changeInvisibleDuration(v, Duration.ofSeconds(1));
            }
        }
        ctx.fact("attempts", attempts);
        ctx.fact("attemptsDoneMs", System.currentTimeMillis() - t0);
        List<Integer> want = new ArrayList<>();
        for (int i = 1; i <= maxAttempts; i++) {
            want.add(i);
        }
        ctx.eq("delivery attempts", want, attempts);

        String dlqTopic = "%DLQ%" + group;
        ctx.fact("dlqTopic", dlqTopic);
        SimpleConsumer d = null;
        long dEnd = System.currentTimeMillis() + 20_000;
        String lastErr = null;
        while (d == null && System.currentTimeMillis() < dEnd) {
            try {
                d = ctx.simple(ctx.arg("dlqGroup"), dlqTopic, null, 5);
            } catch (ClientException e) {
                lastErr = err(e);
                Ctx.sleep(1000);
            }
        }
        if (d == null) {
            ctx.mismatches.add("no simple consumer on " + dlqTopic + ": " + lastErr);
            return;
        }
        SimpleConsumer dc = d;
        MessageView[] dead = {null};
        receiveUntil(dc, 16, INVISIBLE, 30_000, () -> dead[0] != null, (v, at) -> {
            dead[0] = v;
            dc.ack(v);
        });
        if (dead[0] == null) {
            ctx.mismatches.add("nothing in " + dlqTopic);
            return;
        }
        Map<String, Object> v = Ctx.view(dead[0]);
        ctx.fact("dlqMessage", v);
        ctx.fact("dlqMs", System.currentTimeMillis() - t0);
        ctx.eq("DLQ message body", "to-dlq", v.get("body"));
        ctx.eq("DLQ message id", id, v.get("messageId"));
        ctx.eq("DLQ message topic", dlqTopic, v.get("topic"));
        ctx.eq("DLQ message tag", "Q", v.get("tag"));
        ctx.eq("DLQ message keys", List.of("kq"), v.get("keys"));
    }

    // ------------------------------------------------------------------ FIFO

    static void fifo(Ctx ctx) throws Exception {
        String topic = ctx.topic();
        SimpleConsumer c = ctx.simple(ctx.group(), topic, null, 5);
        Producer p = ctx.producer(topic);
        List<String> groups = List.of("gA", "gB", "gC");
        int perGroup = 3;
        Map<String, String> queueOf = new TreeMap<>();
        for (int i = 0; i < perGroup; i++) {
            for (String g : groups) {
                p.send(msg(ctx, topic, g + "-" + i).setTag("F").setKeys(g + "k" + i).setMessageGroup(g).build());
            }
        }
        // Part 1: hold every received message until a receive comes back empty; nothing of a held message's
        // group may be delivered meanwhile; then ack all and go on. Per group the order must be 0, 1, 2.
        Map<String, List<String>> order = new TreeMap<>();
        List<Integer> roundSizes = new ArrayList<>();
        long end = System.currentTimeMillis() + 90_000;
        int total = 0;
        while (total < groups.size() * perGroup && System.currentTimeMillis() < end) {
            Map<String, MessageView> held = new LinkedHashMap<>();
            for (;;) {
                List<MessageView> got = c.receive(1, INVISIBLE);
                if (got.isEmpty()) {
                    break;
                }
                MessageView v = got.get(0);
                String g = v.getMessageGroup().orElse(null);
                String body = Ctx.body(v);
                ctx.check(body.startsWith(g + "-"), "message " + body + " has message group " + g);
                ctx.eq(body + " delivery attempt", 1, v.getDeliveryAttempt());
                if (held.containsKey(g)) {
                    ctx.mismatches.add("received " + body + " while " + Ctx.body(held.get(g)) + " of the same group was neither acked nor expired");
                }
                held.put(g + "#" + body, v);
                held.put(g, v);
                order.computeIfAbsent(g, k -> new ArrayList<>()).add(body);
                total++;
            }
            int n = 0;
            for (Map.Entry<String, MessageView> e : held.entrySet()) {
                if (e.getKey().contains("#")) {
                    c.ack(e.getValue());
                    n++;
                }
            }
            roundSizes.add(n);
            if (n == 0) {
                break;
            }
        }
        ctx.fact("order", order);
        ctx.fact("roundSizes", roundSizes);
        for (String g : groups) {
            List<String> want = new ArrayList<>();
            for (int i = 0; i < perGroup; i++) {
                want.add(g + "-" + i);
            }
            ctx.eq("order of " + g, want, order.get(g));
        }

        // Part 2: a message not acked blocks its group until its invisible time ends; then the same message
        // comes again (attempt 2) before the next one of the group.
        p.send(msg(ctx, topic, "gX-0").setMessageGroup("gX").build());
        p.send(msg(ctx, topic, "gX-1").setMessageGroup("gX").build());
        List<MessageView> got = new ArrayList<>();
        long until = System.currentTimeMillis() + 20_000;
        while (got.isEmpty() && System.currentTimeMillis() < until) {
            got = c.receive(1, INVISIBLE);
        }
        if (got.isEmpty()) {
            ctx.mismatches.add("gX-0 never received");
            return;
        }
        long firstAt = System.currentTimeMillis();
        ctx.eq("first of gX", "gX-0", Ctx.body(got.get(0)));
        List<String> sequence = new ArrayList<>();
        List<Integer> attempts = new ArrayList<>();
        MessageView again = null;
        long againAt = 0;
        long stop = firstAt + 30_000;
        while (again == null && System.currentTimeMillis() < stop) {
            for (MessageView v : c.receive(1, INVISIBLE)) {
                sequence.add(Ctx.body(v));
                attempts.add(v.getDeliveryAttempt());
                if (Ctx.body(v).equals("gX-0")) {
                    again = v;
                    againAt = System.currentTimeMillis();
                } else {
                    c.ack(v);
                }
            }
        }
        ctx.fact("blockedSequence", sequence);
        ctx.fact("blockedAttempts", attempts);
        if (again == null) {
            ctx.mismatches.add("gX-0 not redelivered after its invisible time");
            return;
        }
        ctx.fact("redeliveredAfterMs", againAt - firstAt);
        ctx.eq("what came while gX-0 was invisible, then", List.of("gX-0"), sequence);
        ctx.eq("attempt of the redelivered gX-0", List.of(2), attempts);
        ctx.check(againAt - firstAt >= 9500, "gX-0 came back " + (againAt - firstAt) + " ms after a 10 s receive");
        c.ack(again);
        List<MessageView> next = new ArrayList<>();
        long nEnd = System.currentTimeMillis() + 20_000;
        while (next.isEmpty() && System.currentTimeMillis() < nEnd) {
            next = c.receive(1, INVISIBLE);
        }
        ctx.eq("after acking gX-0", "gX-1", next.isEmpty() ? null : Ctx.body(next.get(0)));
        ctx.eq("attempt of gX-1", 1, next.isEmpty() ? null : next.get(0).getDeliveryAttempt());
        for (MessageView v : next) {
            c.ack(v);
        }
    }
}
