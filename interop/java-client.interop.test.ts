/**
 * The Java client (rocketmq-client 4.9.2) against each target: one cluster and two JVMs per target, one
 * playing the slow, mostly waiting scenarios (JAVA_SLOW_SCENARIOS) and the other every other scenario of
 * interop/java in turn, in parallel; one test per scenario.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ClusterHandle } from './apache/apache-cluster';
import { withDeadline } from './support/deadline';
import { JAVA_BROKER_CONF, JAVA_SCENARIOS, JAVA_SLOW_SCENARIOS, startJavaScenarios, type JavaRun } from './support/java-runner';
import { tail } from './support/process';
import { targets } from './support/targets';

const SCENARIO_DEADLINE_MS = 90_000;
const slow = new Set<string>(JAVA_SLOW_SCENARIOS);
const fast = JAVA_SCENARIOS.filter((name) => !slow.has(name));

describe.each(targets)('java client 4.9.2 against $name', (target) => {
  let cluster: ClusterHandle | undefined;
  /** The JVM playing the fast scenarios, and the one playing the slow ones. */
  let run: JavaRun | undefined;
  let slowRun: JavaRun | undefined;
  /** Kept rather than thrown, so that every scenario is reported failed (vitest skips them otherwise). */
  let startError: unknown;

  beforeAll(async () => {
    try {
      cluster = await target.start({ brokerConf: JAVA_BROKER_CONF });
      slowRun = await startJavaScenarios(cluster.namesrvAddr, JAVA_SLOW_SCENARIOS, { waitSeconds: 15 });
      run = await startJavaScenarios(cluster.namesrvAddr, fast, { waitSeconds: 15 });
    } catch (err) {
      startError = err;
    }
  });

  afterAll(async () => {
    await run?.stop();
    await slowRun?.stop();
    await cluster?.stop();
  });

  it.each(JAVA_SCENARIOS)('%s', async (name) => {
    if (startError) throw new Error(`${target.name} cluster or JVM did not start: ${(startError as Error).message}`, { cause: startError });
    const javaRun = slow.has(name) ? slowRun : run;
    if (!javaRun || !cluster) throw new Error(`${target.name} cluster or JVM did not start`);
    const context = (): string =>
      `\n--- JVM output (tail):\n${tail(javaRun.output(), 40)}${cluster?.output ? `\n--- ${target.name} server output (tail):\n${cluster.output(20)}` : ''}`;
    // A scenario waits at most 15 s for messages (plus the delays it asserts); the deadline only catches a hung
    // client. Then its JVM is ended, so the scenarios after this one fail at once instead of each waiting out
    // its own deadline. The slow JVM started with the fast one, so its results are mostly in by their turn.
    const outcome = await withDeadline(javaRun.result(name), SCENARIO_DEADLINE_MS, () => `scenario ${name} on ${target.name}${context()}`).catch(
      async (err: unknown) => {
        await javaRun.stop();
        throw err;
      },
    );
    if (!outcome.ok) throw new Error(`scenario ${name} on ${target.name}: ${outcome.detail}${context()}`);
  });
});
