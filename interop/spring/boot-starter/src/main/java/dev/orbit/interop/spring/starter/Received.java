package dev.orbit.interop.spring.starter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.rocketmq.common.message.MessageExt;

/** What each listener received, with the local time of receipt. */
final class Received {
  record Delivery(MessageExt msg, long receivedAt) {
    String body() {
      return new String(msg.getBody(), StandardCharsets.UTF_8);
    }
  }

  private static final Map<String, List<Delivery>> BY_LISTENER = new ConcurrentHashMap<>();

  static void add(String listener, MessageExt msg) {
    BY_LISTENER.computeIfAbsent(listener, k -> new CopyOnWriteArrayList<>()).add(new Delivery(msg, System.currentTimeMillis()));
  }

  static List<Delivery> of(String listener) {
    return new ArrayList<>(BY_LISTENER.getOrDefault(listener, List.of()));
  }

  /** Waits until `done` holds for the listener's deliveries or the deadline passes; returns the last snapshot. */
  static List<Delivery> await(String listener, long deadline, Predicate<List<Delivery>> done) throws InterruptedException {
    while (true) {
      List<Delivery> now = of(listener);
      if (done.test(now) || System.currentTimeMillis() >= deadline) return now;
      Thread.sleep(50);
    }
  }

  private Received() {}
}
