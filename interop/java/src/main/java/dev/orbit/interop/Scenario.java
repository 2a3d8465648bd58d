package dev.orbit.interop;

/**
 * One interop scenario: drives the Apache RocketMQ Java client against a cluster (Apache or Orbit) and
 * throws {@link Mismatch} when the broker behaves differently from what the client expects.
 */
public interface Scenario {
    /** Short name, as printed in the {@code SCENARIO <name> OK} line. */
    String name();

    /** Whether the harness should create the topic (4 queues) through the admin API before {@link #run}. */
    default boolean needsTopic() {
        return true;
    }

    void run(Ctx ctx) throws Exception;

    /** Entry point shared by the per-scenario main classes: -Dnamesrv, -Dtopic, -Dgroup. */
    static void runMain(Scenario scenario) {
        Ctx ctx = Ctx.fromSystemProperties(scenario.name());
        boolean ok = Runner.runOne(scenario, ctx);
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }
}
