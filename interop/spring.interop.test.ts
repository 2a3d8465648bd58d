/**
 * Spring clients against each target: one cluster per target, then the two apps of interop/spring run in
 * parallel against it — RocketMQTemplate / @RocketMQMessageListener (rocketmq-spring-boot-starter 2.3.0) and
 * Spring Cloud Stream with the RocketMQ binder (spring-cloud-starter-stream-rocketmq). One test per scenario;
 * a failure shows the scenario's mismatch, the app output tail and (Orbit) the server output tail.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ClusterHandle } from './apache/apache-cluster';
import { ensureSpringBuild, runSpringApp, scenarioFailure, SPRING_APPS, SPRING_BROKER_CONF, type SpringRunResult } from './support/spring-apps';
import { tail } from './support/process';
import { targets } from './support/targets';

/** Every scenario of every app, then each app's exit code (0 only when all its scenarios passed). */
const EXIT = 'exits 0';
const cases = SPRING_APPS.flatMap((app) => [...app.scenarios, EXIT].map((scenario) => ({ app, scenario, label: `${app.name} ${scenario}` })));

describe.each(targets)('spring clients against $name', (target) => {
  let cluster: ClusterHandle | undefined;
  const results = new Map<string, Promise<SpringRunResult>>();
  /** Kept rather than thrown, so that every scenario is reported failed (vitest skips them otherwise). */
  let startError: unknown;

  beforeAll(async () => {
    try {
      // Build before the cluster starts: a cold Maven build must not eat into the apps' waiting time.
      for (const app of SPRING_APPS) await ensureSpringBuild(app);
      cluster = await target.start({ brokerConf: SPRING_BROKER_CONF });
      for (const app of SPRING_APPS) {
        const p = runSpringApp(app, cluster.namesrvAddr);
        p.catch(() => undefined); // observed per scenario
        results.set(app.name, p);
      }
    } catch (err) {
      startError = err;
    }
  });

  afterAll(async () => {
    await Promise.allSettled(results.values());
    await cluster?.stop();
  });

  it.each(cases)('$label', async ({ app, scenario }) => {
    if (startError) throw new Error(`${target.name} cluster or build failed: ${(startError as Error).message}`, { cause: startError });
    const pending = results.get(app.name);
    if (!pending || !cluster) throw new Error(`${target.name}: ${app.name} did not start`);
    const result = await pending;
    const failure =
      scenario === EXIT
        ? result.code === 0
          ? undefined
          : `${app.name} exited with ${result.code}:\n${tail(result.output, 40)}`
        : scenarioFailure(app, result, scenario);
    if (failure) {
      const server = cluster.output ? `\n--- ${target.name} server output (tail):\n${cluster.output(20)}` : '';
      throw new Error(`${target.name}: ${failure}${server}`);
    }
  });
});
