/**
 * The npm client ali-ons 3.12 against each target: one cluster per target, one test per scenario of
 * alions/alions-scenarios.ts (each on its own topic and group).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ClusterHandle } from './apache/apache-cluster';
import { ALIONS_SCENARIOS, clientLog, resetAliOns, runAliOnsScenario } from './alions/alions-scenarios';
import { withDeadline } from './support/deadline';
import { targets } from './support/targets';

const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;

describe.each(targets)('ali-ons 3.12 against $name', (target) => {
  let cluster: ClusterHandle | undefined;
  /** Kept rather than thrown, so that every scenario is reported failed (vitest skips them otherwise). */
  let startError: unknown;

  beforeAll(async () => {
    await resetAliOns();
    try {
      cluster = await target.start();
    } catch (err) {
      startError = err;
    }
  });

  afterAll(async () => {
    await resetAliOns();
    await cluster?.stop();
  });

  it.each(ALIONS_SCENARIOS)('%s', async (name) => {
    if (startError) throw new Error(`${target.name} cluster did not start: ${(startError as Error).message}`, { cause: startError });
    if (!cluster) throw new Error(`${target.name} cluster did not start`);
    clientLog.length = 0;
    try {
      // A scenario waits at most 15 s for messages; the deadline only catches a hung client (ready() never resolving).
      await withDeadline(
        runAliOnsScenario(name, {
          namesrvAddr: cluster.namesrvAddr,
          topic: `ONS_${name}_${target.name}_${runId}`,
          group: `GID_ons_${name}_${target.name}_${runId}`,
          waitMs: 15_000,
        }),
        45_000,
        () => 'the scenario hung',
      );
    } catch (err) {
      const log = clientLog.slice(-10).join('\n');
      const serverOut = cluster.output ? `\n--- ${target.name} server output (tail):\n${cluster.output(20)}` : '';
      throw new Error(`ali-ons scenario ${name} on ${target.name}: ${(err as Error).message}${log ? `\n--- ali-ons log (tail):\n${log}` : ''}${serverOut}`, {
        cause: err,
      });
    }
  });
});
