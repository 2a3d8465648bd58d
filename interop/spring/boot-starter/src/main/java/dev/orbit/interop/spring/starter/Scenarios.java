package dev.orbit.interop.spring.starter;

import dev.orbit.interop.spring.starter.Received.Delivery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.spring.core.RocketMQTemplate;
import org.apache.rocketmq.spring.support.RocketMQHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * The RocketMQTemplate scenarios. Every scenario sends first (so the delay and the transaction check-back
 * run while the others are verified), then each is verified against what the listeners received, within
 * one shared deadline.
 */
@Component
class Scenarios {
  private static final long WAIT_MS = Long.getLong("waitSeconds", 30) * 1000;
  /** Delay level 2 of the default table is 5 s. */
  private static final int DELAY_LEVEL = 2;
  /**
   * RocketMQTemplate.receive() (the lite pull consumer of rocketmq-client 5.x) pulls with LITE_PULL_MESSAGE
   * (361), which 4.9.x brokers answer with REQUEST_CODE_NOT_SUPPORTED; off unless -DpullScenario=true.
   */
  static final boolean PULL = Boolean.getBoolean("pullScenario");
  /**
   * Longer than the client's 30 s heartbeat period. The reply listener's first rebalance (1 s after its start)
   * bumps its subscription version and sends a heartbeat only if it gets the client's heartbeat lock; when the
   * periodic heartbeat holds it at that moment (also 1 s after start) with the old version, every pull is answered
   * SUBSCRIPTION_NOT_LATEST until the next heartbeat, 30 s later — Apache's broker answers the same. Seen about
   * once in 20 runs on a loaded machine (rocketmq-client 5.2.0, "sendHeartbeatToAllBrokerWithLockV2 lock heartBeat,
   * but failed" in its log).
   */
  private static final long RPC_TIMEOUT_MS = 45_000;

  private final RocketMQTemplate template;
  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final Map<String, String> outcomes = new LinkedHashMap<>();
  private final Map<String, Long> sentAt = new HashMap<>();
  private final List<CompletableFuture<SendResult>> asyncResults = new ArrayList<>();
  private final Map<String, TransactionSendResult> txResults = new LinkedHashMap<>();
  private String rpcReply;
  private Throwable rpcError;

  Scenarios(RocketMQTemplate template) {
    this.template = template;
  }

  int exitCode() {
    return outcomes.values().stream().allMatch("OK"::equals) && !outcomes.isEmpty() ? 0 : 1;
  }

  private String id(String what) {
    return run + "-" + what;
  }

  private static Message<String> msg(String body, Map<String, Object> headers) {
    MessageBuilder<String> b = MessageBuilder.withPayload(body);
    headers.forEach(b::setHeader);
    return b.build();
  }

  private static void sendOk(String what, SendResult r) {
    if (r == null || r.getSendStatus() != SendStatus.SEND_OK) throw new IllegalStateException(what + ": send result " + r);
  }

  void runAll() throws Exception {
    // Delayed first: its 5 s run while the rest is sent and checked.
    step("delayLevel", () -> {
      sentAt.put("delay", System.currentTimeMillis());
      sendOk("delay", template.syncSend(Topics.DELAY, msg(id("delay"), Map.of("orbit-h", "delay")), 5000, DELAY_LEVEL));
    });
    step("transaction", () -> {
      for (String kind : List.of("commit", "rollback", "unknown")) {
        TransactionSendResult r = template.sendMessageInTransaction(Topics.TX, msg(id("tx-" + kind), Map.of("orbit-h", kind)), kind);
        txResults.put(kind, r);
      }
    });
    step("syncSend", () -> sendOk("syncSend", template.syncSend(Topics.PLAIN, msg(id("sync"), Map.of("orbit-h", "sync-v")))));
    step("asyncSend", () -> {
      CompletableFuture<SendResult> f = new CompletableFuture<>();
      asyncResults.add(f);
      template.asyncSend(Topics.PLAIN, msg(id("async"), Map.of("orbit-h", "async-v")), new SendCallback() {
        @Override
        public void onSuccess(SendResult r) {
          f.complete(r);
        }

        @Override
        public void onException(Throwable e) {
          f.completeExceptionally(e);
        }
      });
    });
    step("sendOneWay", () -> template.sendOneWay(Topics.PLAIN, msg(id("oneway"), Map.of("orbit-h", "oneway-v"))));
    step("keys", () -> sendOk("keys", template.syncSend(Topics.PLAIN, msg(id("keys"), Map.of(RocketMQHeaders.KEYS, "k1-" + run, "orbit-h", "keys-v")))));
    step("tags", () -> {
      for (String tag : List.of("tagA", "tagB", "tagC")) {
        sendOk("tag " + tag, template.syncSend(Topics.PLAIN + ":" + tag, msg(id("tag-" + tag), Map.of("orbit-h", tag))));
      }
    });
    step("batch", () -> {
      List<Message<String>> batch = new ArrayList<>();
      for (int i = 0; i < 3; i++) batch.add(msg(id("batch-" + i), Map.of("orbit-h", "batch-" + i)));
      sendOk("batch", template.syncSend(Topics.PLAIN, batch));
    });
    step("syncSendOrderly", () -> {
      for (int i = 0; i < 10; i++) {
        for (String key : List.of("a", "b", "c")) {
          sendOk("orderly", template.syncSendOrderly(Topics.ORDERLY, msg(id("ord-" + key + "-" + i), Map.of("orbit-seq", i)), key));
        }
      }
    });
    step("selectorSql92", () -> {
      // body -> headers; the listener's selector takes eu7, us9 and vip only.
      Map<String, Map<String, Object>> sql = new LinkedHashMap<>();
      sql.put("sql-eu7", Map.of("region", "eu", "amount", 7));
      sql.put("sql-us9", Map.of("region", "us", "amount", 9));
      sql.put("sql-eu5", Map.of("region", "eu", "amount", 5));
      sql.put("sql-ap8", Map.of("region", "ap", "amount", 8));
      sql.put("sql-noamount", Map.of("region", "eu"));
      sql.put("sql-text", Map.of("region", "us", "amount", "many"));
      for (Map.Entry<String, Map<String, Object>> e : sql.entrySet()) sendOk(e.getKey(), template.syncSend(Topics.SQL, msg(id(e.getKey()), e.getValue())));
      sendOk("sql-vip", template.syncSend(Topics.SQL + ":vip", msg(id("sql-vip"), Map.of())));
    });
    if (PULL) step("pullReceive", () -> {
      for (int i = 0; i < 3; i++) sendOk("pull", template.syncSend(Topics.PULL, id("pull-" + i)));
    });
    step("sendAndReceive", () -> {
      sentAt.put("rpc", System.currentTimeMillis());
      try {
        rpcReply = template.sendAndReceive(Topics.RPC, id("ping"), String.class, RPC_TIMEOUT_MS);
        System.out.println("RPC reply after " + (System.currentTimeMillis() - sentAt.get("rpc")) + " ms");
      } catch (Throwable t) {
        rpcError = t;
      }
    });

    long deadline = System.currentTimeMillis() + WAIT_MS;
    verify("syncSend", () -> expectPlain(deadline, "sync", "sync-v", null, ""));
    verify("asyncSend", () -> {
      SendResult r = asyncResults.get(0).get(10, TimeUnit.SECONDS);
      sendOk("asyncSend", r);
      return expectPlain(deadline, "async", "async-v", null, "");
    });
    verify("sendOneWay", () -> expectPlain(deadline, "oneway", "oneway-v", null, ""));
    verify("keys", () -> expectPlain(deadline, "keys", "keys-v", "k1-" + run, ""));
    verify("tags", () -> {
      for (String tag : List.of("tagA", "tagB", "tagC")) {
        String err = expectPlain(deadline, "tag-" + tag, tag, null, tag);
        if (err != null) return err;
      }
      return null;
    });
    verify("selectorExpression", () -> {
      Set<String> want = Set.of(id("tag-tagA"), id("tag-tagB"));
      List<Delivery> got = Received.await("tagged", deadline, ds -> bodies(ds).containsAll(want));
      if (!bodies(got).containsAll(want)) return "tag listener (tagA || tagB) got " + describe(got) + ", want " + want;
      // tagC and the untagged ones were sent before tagA/tagB's arrival was seen; give stragglers a moment.
      Thread.sleep(1000);
      got = Received.of("tagged");
      Set<String> extra = bodies(got).stream().filter(b -> !want.contains(b)).collect(Collectors.toSet());
      return extra.isEmpty() ? null : "tag listener (tagA || tagB) also got " + extra;
    });
    verify("selectorSql92", () -> {
      Set<String> want = Set.of(id("sql-eu7"), id("sql-us9"), id("sql-vip"));
      List<Delivery> got = Received.await("sql92", deadline, ds -> bodies(ds).containsAll(want));
      if (!bodies(got).containsAll(want)) return "SQL92 listener got " + describe(got) + ", want " + want;
      Thread.sleep(1000);
      Set<String> extra = bodies(Received.of("sql92")).stream().filter(b -> !want.contains(b)).collect(Collectors.toSet());
      return extra.isEmpty() ? null : "SQL92 listener also got " + extra;
    });
    verify("batch", () -> {
      for (int i = 0; i < 3; i++) {
        String err = expectPlain(deadline, "batch-" + i, "batch-" + i, null, "");
        if (err != null) return err;
      }
      return null;
    });
    verify("stringListener", () -> {
      Set<String> want = Set.of(id("sync"), id("keys"), id("tag-tagC"), id("batch-2"));
      List<Delivery> got = Received.await("strings", deadline, ds -> bodies(ds).containsAll(want));
      return bodies(got).containsAll(want) ? null : "String listener got " + bodies(got) + ", want at least " + want;
    });
    verify("syncSendOrderly", () -> {
      List<Delivery> got = Received.await("orderly", deadline, ds -> ds.size() >= 30);
      Map<String, List<Integer>> seqByKey = new LinkedHashMap<>();
      Map<String, Set<Integer>> queuesByKey = new LinkedHashMap<>();
      for (Delivery d : got) {
        String[] parts = d.body().substring(run.length() + 1).split("-"); // ord, key, i
        seqByKey.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(Integer.parseInt(parts[2]));
        queuesByKey.computeIfAbsent(parts[1], k -> new HashSet<>()).add(d.msg().getQueueId());
        if (!String.valueOf(parts[2]).equals(d.msg().getUserProperty("orbit-seq"))) return "orbit-seq header lost: " + d.msg();
      }
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < 10; i++) expected.add(i);
      for (String key : List.of("a", "b", "c")) {
        if (!expected.equals(seqByKey.get(key))) return "hashKey " + key + ": consumed " + seqByKey.get(key) + ", want " + expected;
        if (queuesByKey.get(key).size() != 1) return "hashKey " + key + " spread over queues " + queuesByKey.get(key);
      }
      return null;
    });
    verify("delayLevel", () -> {
      List<Delivery> got = Received.await("delay", deadline, ds -> !ds.isEmpty());
      if (got.size() != 1) return "delay listener got " + describe(got);
      Delivery d = got.get(0);
      long waited = d.receivedAt() - sentAt.get("delay");
      if (!id("delay").equals(d.body()) || !"delay".equals(d.msg().getUserProperty("orbit-h"))) return "wrong message " + d.msg();
      if (!Topics.DELAY.equals(d.msg().getTopic())) return "topic " + d.msg().getTopic();
      return waited >= 4500 && waited <= 9000 ? null : "delay level " + DELAY_LEVEL + " (5 s) delivered after " + waited + " ms";
    });
    verify("transaction", () -> {
      for (Map.Entry<String, TransactionSendResult> e : txResults.entrySet()) {
        TransactionSendResult r = e.getValue();
        LocalTransactionState want = switch (e.getKey()) {
          case "commit" -> LocalTransactionState.COMMIT_MESSAGE;
          case "rollback" -> LocalTransactionState.ROLLBACK_MESSAGE;
          default -> LocalTransactionState.UNKNOW;
        };
        if (r.getSendStatus() != SendStatus.SEND_OK || r.getLocalTransactionState() != want) return e.getKey() + ": " + r;
      }
      Set<String> want = Set.of(id("tx-commit"), id("tx-unknown"));
      List<Delivery> got = Received.await("tx", deadline, ds -> bodies(ds).containsAll(want));
      if (!bodies(got).containsAll(want)) return "tx listener got " + describe(got) + ", want " + want + " (checked back: " + Listeners.TxListener.CHECKED + ")";
      for (Delivery d : got) {
        String kind = d.body().substring(d.body().lastIndexOf('-') + 1);
        if (!kind.equals(d.msg().getUserProperty("orbit-h")) || !Topics.TX.equals(d.msg().getTopic())) return "wrong message " + d.msg();
      }
      String checked = id("tx-unknown") + "|topic=" + Topics.TX;
      if (!Listeners.TxListener.CHECKED.contains(checked)) return "check-back saw " + Listeners.TxListener.CHECKED + ", want " + checked;
      Thread.sleep(500);
      if (bodies(Received.of("tx")).contains(id("tx-rollback"))) return "rolled back message delivered";
      return null;
    });
    if (PULL) verify("pullReceive", () -> {
      Set<String> want = Set.of(id("pull-0"), id("pull-1"), id("pull-2"));
      Set<String> got = new HashSet<>();
      while (!got.containsAll(want) && System.currentTimeMillis() < deadline) got.addAll(template.receive(String.class, 1000));
      return got.containsAll(want) ? null : "receive() got " + got + ", want " + want;
    });
    verify("sendAndReceive", () -> {
      if (rpcError != null) {
        long sent = sentAt.get("rpc");
        String seen = Received.of("rpc").stream()
            .map(d -> d.body() + " queue " + d.msg().getQueueId() + " offset " + d.msg().getQueueOffset() + " +" + (d.receivedAt() - sent) + " ms")
            .collect(Collectors.joining(", "));
        return "sendAndReceive threw " + rpcError + " (the reply listener got: " + (seen.isEmpty() ? "nothing" : seen) + ")";
      }
      String want = "pong:" + id("ping");
      return want.equals(rpcReply) ? null : "reply " + rpcReply + ", want " + want;
    });
  }

  private String expectPlain(long deadline, String what, String header, String keys, String tags) throws InterruptedException {
    String body = id(what);
    List<Delivery> got = Received.await("plain", deadline, ds -> bodies(ds).contains(body));
    List<Delivery> mine = got.stream().filter(d -> body.equals(d.body())).toList();
    if (mine.isEmpty()) return "listener did not get " + body + " (got " + bodies(got) + ")";
    if (mine.size() > 1) return body + " delivered " + mine.size() + " times";
    MessageExt m = mine.get(0).msg();
    List<String> diffs = new ArrayList<>();
    if (!Topics.PLAIN.equals(m.getTopic())) diffs.add("topic " + m.getTopic());
    if (!header.equals(m.getUserProperty("orbit-h"))) diffs.add("orbit-h " + m.getUserProperty("orbit-h") + " != " + header);
    if (keys != null && !keys.equals(m.getKeys())) diffs.add("keys " + m.getKeys() + " != " + keys);
    if (!Objects.equals(tags, m.getTags() == null ? "" : m.getTags())) diffs.add("tags " + m.getTags() + " != " + tags);
    if (m.getMsgId() == null || m.getMsgId().isEmpty()) diffs.add("no msgId");
    return diffs.isEmpty() ? null : body + ": " + String.join(", ", diffs) + " in " + m;
  }

  private static Set<String> bodies(List<Delivery> ds) {
    return ds.stream().map(Delivery::body).collect(Collectors.toSet());
  }

  private static String describe(List<Delivery> ds) {
    return ds.stream().map(d -> d.body() + "(tags=" + d.msg().getTags() + ")").toList().toString();
  }

  interface Step {
    void run() throws Exception;
  }

  interface Check {
    /** null when fine, else the mismatch. */
    String run() throws Exception;
  }

  /** A send step that throws fails its scenario at once. */
  private void step(String name, Step s) {
    try {
      s.run();
    } catch (Throwable t) {
      outcomes.put(name, "FAIL send: " + oneLine(t));
    }
  }

  private void verify(String name, Check c) {
    long t0 = System.currentTimeMillis();
    String result;
    if (outcomes.containsKey(name)) {
      result = outcomes.get(name);
    } else {
      try {
        String err = c.run();
        result = err == null ? "OK" : "FAIL " + err;
      } catch (Throwable t) {
        result = "FAIL " + oneLine(t);
      }
      outcomes.put(name, result.equals("OK") ? "OK" : result);
    }
    System.out.println("SCENARIO " + name + " " + (result.equals("OK") ? "OK " + (System.currentTimeMillis() - t0) + "ms" : result));
    System.out.flush();
  }

  private static String oneLine(Throwable t) {
    StringBuilder sb = new StringBuilder(t.toString());
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) sb.append(" <- ").append(c);
    return sb.toString().replace('\n', ' ');
  }
}
