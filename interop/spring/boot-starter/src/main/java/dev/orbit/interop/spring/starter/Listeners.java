package dev.orbit.interop.spring.starter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.spring.annotation.ConsumeMode;
import org.apache.rocketmq.spring.annotation.RocketMQMessageListener;
import org.apache.rocketmq.spring.annotation.RocketMQTransactionListener;
import org.apache.rocketmq.spring.annotation.SelectorType;
import org.apache.rocketmq.spring.core.RocketMQListener;
import org.apache.rocketmq.spring.core.RocketMQLocalTransactionListener;
import org.apache.rocketmq.spring.core.RocketMQLocalTransactionState;
import org.apache.rocketmq.spring.core.RocketMQReplyListener;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/** The @RocketMQMessageListener beans; each records what it got in {@link Received}. */
final class Listeners {
  private Listeners() {}

  /** Every message of spring-plain. */
  @Component
  @RocketMQMessageListener(topic = Topics.PLAIN, consumerGroup = "spring-plain-cg")
  static class Plain implements RocketMQListener<MessageExt> {
    @Override
    public void onMessage(MessageExt msg) {
      Received.add("plain", msg);
    }
  }

  /** spring-plain again, another group, only tags tagA and tagB. */
  @Component
  @RocketMQMessageListener(topic = Topics.PLAIN, consumerGroup = "spring-tag-cg", selectorExpression = "tagA || tagB")
  static class Tagged implements RocketMQListener<MessageExt> {
    @Override
    public void onMessage(MessageExt msg) {
      Received.add("tagged", msg);
    }
  }

  /** SQL92 over the user properties (headers) and the tag: the broker needs enablePropertyFilter=true. */
  @Component
  @RocketMQMessageListener(topic = Topics.SQL, consumerGroup = "spring-sql-cg", selectorType = SelectorType.SQL92,
      selectorExpression = "region IN ('eu', 'us') AND amount > 5 OR TAGS = 'vip'")
  static class Sql92 implements RocketMQListener<MessageExt> {
    @Override
    public void onMessage(MessageExt msg) {
      Received.add("sql92", msg);
    }
  }

  /** A String listener: the starter converts the body. */
  @Component
  @RocketMQMessageListener(topic = Topics.PLAIN, consumerGroup = "spring-string-cg")
  static class Strings implements RocketMQListener<String> {
    @Override
    public void onMessage(String body) {
      MessageExt fake = new MessageExt();
      fake.setBody(body.getBytes(StandardCharsets.UTF_8));
      Received.add("strings", fake);
    }
  }

  @Component
  @RocketMQMessageListener(topic = Topics.ORDERLY, consumerGroup = "spring-orderly-cg", consumeMode = ConsumeMode.ORDERLY)
  static class Orderly implements RocketMQListener<MessageExt> {
    @Override
    public void onMessage(MessageExt msg) {
      Received.add("orderly", msg);
    }
  }

  @Component
  @RocketMQMessageListener(topic = Topics.DELAY, consumerGroup = "spring-delay-cg")
  static class Delay implements RocketMQListener<MessageExt> {
    @Override
    public void onMessage(MessageExt msg) {
      Received.add("delay", msg);
    }
  }

  @Component
  @RocketMQMessageListener(topic = Topics.TX, consumerGroup = "spring-tx-cg")
  static class Tx implements RocketMQListener<MessageExt> {
    @Override
    public void onMessage(MessageExt msg) {
      Received.add("tx", msg);
    }
  }

  /** Request-reply: answers `pong:<request>` (the broker pushes the reply to the requester, code 326). */
  @Component
  @RocketMQMessageListener(topic = Topics.RPC, consumerGroup = "spring-rpc-cg")
  static class Rpc implements RocketMQReplyListener<MessageExt, String> {
    @Override
    public String onMessage(MessageExt request) {
      // Kept so that a reply timeout says whether the request reached this listener (and when).
      Received.add("rpc", request);
      return "pong:" + new String(request.getBody(), StandardCharsets.UTF_8);
    }
  }

  /** Local transaction outcome by the send's argument; `unknown` is committed on check-back. */
  @RocketMQTransactionListener
  static class TxListener implements RocketMQLocalTransactionListener {
    static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    @Override
    public RocketMQLocalTransactionState executeLocalTransaction(Message msg, Object arg) {
      return switch (String.valueOf(arg)) {
        case "commit" -> RocketMQLocalTransactionState.COMMIT;
        case "rollback" -> RocketMQLocalTransactionState.ROLLBACK;
        default -> RocketMQLocalTransactionState.UNKNOWN;
      };
    }

    @Override
    public RocketMQLocalTransactionState checkLocalTransaction(Message msg) {
      Object payload = msg.getPayload();
      String body = payload instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(payload);
      CHECKED.add(body + "|topic=" + msg.getHeaders().get("rocketmq_TOPIC"));
      return RocketMQLocalTransactionState.COMMIT;
    }
  }
}
