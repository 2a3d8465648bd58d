package dev.orbit.interop.spring.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Spring Cloud Stream with the RocketMQ binder (spring-cloud-starter-stream-rocketmq 2023.0.3.3,
 * rocketmq-client 5.3.1) against -Drocketmq.name-server=HOST:PORT: StreamBridge sends to `out-0`
 * (stream-topic), the functions `sink` (every message) and `tagged` (subscription tagA) consume it.
 * Prints `SCENARIO name OK|FAIL detail` lines; exits 0 when every scenario passed, 1 otherwise.
 */
@SpringBootApplication
public class StreamApp {
  static final String TOPIC = "stream-topic";
  static final long WAIT_MS = Long.getLong("waitSeconds", 30) * 1000;

  record Delivery(Message<String> msg, long receivedAt) {}

  static final List<Delivery> SINK = new CopyOnWriteArrayList<>();
  static final List<Delivery> TAGGED = new CopyOnWriteArrayList<>();

  @Bean
  Consumer<Message<String>> sink() {
    return m -> SINK.add(new Delivery(m, System.currentTimeMillis()));
  }

  @Bean
  Consumer<Message<String>> tagged() {
    return m -> TAGGED.add(new Delivery(m, System.currentTimeMillis()));
  }

  public static void main(String[] args) throws Exception {
    String namesrv = System.getProperty("rocketmq.name-server");
    if (namesrv == null || namesrv.isEmpty()) {
      System.err.println("set -Drocketmq.name-server=HOST:PORT");
      System.exit(2);
    }
    createTopic(namesrv);
    int code;
    try (ConfigurableApplicationContext ctx = SpringApplication.run(StreamApp.class, args)) {
      code = new StreamApp().scenarios(ctx.getBean(StreamBridge.class)) ? 0 : 1;
    } catch (Throwable t) {
      t.printStackTrace(System.out);
      code = 1;
    }
    System.out.flush();
    Runtime.getRuntime().halt(code);
  }

  /** A consumer whose topic has no route yet would only find it at its next name-server poll (30 s). */
  static void createTopic(String namesrv) throws Exception {
    DefaultMQProducer p = new DefaultMQProducer("stream-admin-pg");
    p.setNamesrvAddr(namesrv);
    p.setInstanceName("admin");
    p.start();
    try {
      p.createTopic("TBW102", TOPIC, 4, Map.of());
    } finally {
      p.shutdown();
    }
    Thread.sleep(1000);
  }

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final Map<String, String> outcomes = new LinkedHashMap<>();

  boolean scenarios(StreamBridge bridge) throws InterruptedException {
    String plain = run + "-plain";
    String tagged = run + "-tagA";
    String other = run + "-tagB";
    String delayed = run + "-delay";
    long delayedSentAt = System.currentTimeMillis();
    boolean sent = send(bridge, "send delayed", MessageBuilder.withPayload(delayed).setHeader("orbit-h", "delay").setHeader("DELAY", "1").build());
    sent &= send(bridge, "send plain", MessageBuilder.withPayload(plain).setHeader("orbit-h", "plain-v").build());
    sent &= send(bridge, "send tagA", MessageBuilder.withPayload(tagged).setHeader("orbit-h", "a-v").setHeader("TAGS", "tagA").setHeader("KEYS", "key-" + run).build());
    sent &= send(bridge, "send tagB", MessageBuilder.withPayload(other).setHeader("orbit-h", "b-v").setHeader("TAGS", "tagB").build());
    if (!sent) return false;

    long deadline = System.currentTimeMillis() + WAIT_MS;
    await(SINK, deadline, 4);
    report("roundTrip", check(SINK, plain, "plain-v", null, null));
    report("tagsAndKeys", check(SINK, tagged, "a-v", "tagA", "key-" + run));
    report("delayLevel", () -> {
      String err = check(SINK, delayed, "delay", null, null).get();
      if (err != null) return err;
      long waited = find(SINK, delayed).get(0).receivedAt() - delayedSentAt;
      return waited >= 800 && waited <= 5000 ? null : "delay level 1 (1 s) delivered after " + waited + " ms";
    });
    await(TAGGED, deadline, 1);
    Thread.sleep(1000); // tagB / untagged stragglers
    report("subscriptionTag", () -> {
      List<String> got = TAGGED.stream().map(d -> d.msg().getPayload()).toList();
      return got.equals(List.of(tagged)) ? null : "subscription tagA got " + got + ", want [" + tagged + "]";
    });
    return outcomes.values().stream().allMatch("OK"::equals);
  }

  interface Check {
    String get();
  }

  private boolean send(StreamBridge bridge, String what, Message<String> m) {
    try {
      if (bridge.send("out-0", m)) return true;
      report(what, () -> "StreamBridge.send returned false");
    } catch (Throwable t) {
      report(what, () -> "threw " + t);
    }
    return false;
  }

  private static void await(List<Delivery> list, long deadline, int n) throws InterruptedException {
    while (list.size() < n && System.currentTimeMillis() < deadline) Thread.sleep(50);
  }

  private static List<Delivery> find(List<Delivery> list, String body) {
    return list.stream().filter(d -> body.equals(d.msg().getPayload())).toList();
  }

  private Check check(List<Delivery> list, String body, String header, String tags, String keys) {
    return () -> {
      List<Delivery> mine = find(list, body);
      if (mine.size() != 1) return body + " delivered " + mine.size() + " times (all: " + list.stream().map(d -> d.msg().getPayload()).toList() + ")";
      Map<String, Object> h = mine.get(0).msg().getHeaders();
      List<String> diffs = new ArrayList<>();
      if (!header.equals(h.get("orbit-h"))) diffs.add("orbit-h=" + h.get("orbit-h"));
      if (!TOPIC.equals(h.get("ROCKET_MQ_TOPIC"))) diffs.add("ROCKET_MQ_TOPIC=" + h.get("ROCKET_MQ_TOPIC"));
      if (tags != null && !tags.equals(h.get("ROCKET_TAGS"))) diffs.add("ROCKET_TAGS=" + h.get("ROCKET_TAGS"));
      if (keys != null && !keys.equals(h.get("ROCKET_KEYS"))) diffs.add("ROCKET_KEYS=" + h.get("ROCKET_KEYS"));
      return diffs.isEmpty() ? null : body + ": " + String.join(", ", diffs) + " in headers " + h;
    };
  }

  private void report(String name, Check c) {
    String err;
    try {
      err = c.get();
    } catch (Throwable t) {
      err = t.toString();
    }
    outcomes.put(name, err == null ? "OK" : err);
    System.out.println("SCENARIO " + name + (err == null ? " OK" : " FAIL " + err.replace('\n', ' ')));
    System.out.flush();
  }
}
