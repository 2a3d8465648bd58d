/**
 * The Java client (rocketmq-client 4.9.2) against each target: one cluster and one JVM per target, the JVM
 * playing every scenario of interop/java in turn; one test per scenario.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ClusterHandle } from './apache/apache-cluster';
import { withDeadline } from './support/deadline';
import { JAVA_SCENARIOS, startJavaScenarios, type JavaRun } from './support/java-runner';
import { tail } from './support/process';
import { targets } from './support/targets';

const SCENARIO_DEADLINE_MS = 90_000;

describe.each(targets)('java client 4.9.2 against $name', (target) => {
  let cluster: ClusterHandle | undefined;
  let run: JavaRun | undefined;
  /** Kept rather than thrown, so that every scenario is reported failed (vitest skips them otherwise). */
  let startError: unknown;

  beforeAll(async () => {
    try {
      cluster = await target.start();
      run = await startJavaScenarios(cluster.namesrvAddr, JAVA_SCENARIOS, { waitSeconds: 15 });
    } catch (err) {
      startError = err;
    }
  });

  afterAll(async () => {
    await run?.stop();
    await cluster?.stop();
  });

  it.each(JAVA_SCENARIOS)('%s', async (name) => {
    if (startError) throw new Error(`${target.name} cluster or JVM did not start: ${(startError as Error).message}`, { cause: startError });
    if (!run || !cluster) throw new Error(`${target.name} cluster or JVM did not start`);
    const javaRun = run;
    const context = (): string =>
      `\n--- JVM output (tail):\n${tail(javaRun.output(), 40)}${cluster?.output ? `\n--- ${target.name} server output (tail):\n${cluster.output(20)}` : ''}`;
    // A scenario waits at most 15 s for messages; the deadline only catches a hung client. Then the JVM is
    // ended, so the scenarios after this one fail at once instead of each waiting out its own deadline.
    const outcome = await withDeadline(run.result(name), SCENARIO_DEADLINE_MS, () => `scenario ${name} on ${target.name}${context()}`).catch(
      async (err: unknown) => {
        await javaRun.stop();
        throw err;
      },
    );
    if (!outcome.ok) throw new Error(`scenario ${name} on ${target.name}: ${outcome.detail}${context()}`);
  });
});
