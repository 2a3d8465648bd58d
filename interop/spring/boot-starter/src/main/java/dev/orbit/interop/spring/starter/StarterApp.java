package dev.orbit.interop.spring.starter;

import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * RocketMQTemplate and @RocketMQMessageListener (rocketmq-spring-boot-starter 2.3.0, rocketmq-client 5.2.0)
 * against the name server given with -Drocketmq.name-server=HOST:PORT. Prints one line per scenario,
 * `SCENARIO name OK|FAIL detail`, and exits 0 when every scenario passed, 1 otherwise.
 *
 * The topics are created before Spring starts: a push consumer that starts before its topic has a route
 * only finds it at its next name-server poll (30 s).
 */
@SpringBootApplication
public class StarterApp {
  public static void main(String[] args) throws Exception {
    String namesrv = System.getProperty("rocketmq.name-server");
    if (namesrv == null || namesrv.isEmpty()) {
      System.err.println("set -Drocketmq.name-server=HOST:PORT");
      System.exit(2);
    }
    createTopics(namesrv);
    if (Scenarios.PULL) {
      // The template's DefaultLitePullConsumer (RocketMQTemplate.receive) exists only with these two.
      System.setProperty("rocketmq.pull-consumer.group", "spring-pull-cg");
      System.setProperty("rocketmq.pull-consumer.topic", Topics.PULL);
    }
    SpringApplication app = new SpringApplication(StarterApp.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    int code;
    try (ConfigurableApplicationContext ctx = app.run(args)) {
      code = ctx.getBean(Scenarios.class).exitCode();
    } catch (Throwable t) {
      t.printStackTrace(System.out);
      code = 1;
    }
    System.out.flush();
    // Client threads (netty, timers) may linger after the context closed.
    Runtime.getRuntime().halt(code);
  }

  /** UPDATE_AND_CREATE_TOPIC (17) on every master that serves TBW102, as MQAdmin.createTopic does it. */
  static void createTopics(String namesrv) throws Exception {
    DefaultMQProducer p = new DefaultMQProducer("spring-admin-pg");
    p.setNamesrvAddr(namesrv);
    p.setInstanceName("admin");
    p.start();
    try {
      for (String topic : Topics.ALL) p.createTopic("TBW102", topic, 4, java.util.Map.of());
    } finally {
      p.shutdown();
    }
    // The broker registers new topics with the name server right away, but asynchronously.
    Thread.sleep(1000);
  }

  @Bean
  CommandLineRunner runScenarios(Scenarios scenarios) {
    return args -> scenarios.runAll();
  }

}
