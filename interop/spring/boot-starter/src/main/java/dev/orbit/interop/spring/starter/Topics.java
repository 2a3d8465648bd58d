package dev.orbit.interop.spring.starter;

import java.util.List;

/** Topic and group names (each run gets a fresh cluster, so fixed names do not collide). */
final class Topics {
  static final String PLAIN = "spring-plain";
  static final String ORDERLY = "spring-orderly";
  static final String DELAY = "spring-delay";
  static final String TX = "spring-tx";
  static final String RPC = "spring-rpc";
  static final String PULL = "spring-pull";
  static final String SQL = "spring-sql";
  static final List<String> ALL = List.of(PLAIN, ORDERLY, DELAY, TX, RPC, PULL, SQL);

  private Topics() {}
}
