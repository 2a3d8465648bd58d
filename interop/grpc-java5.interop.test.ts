/**
 * Apache's 5.x Java client (rocketmq-client-java, gRPC) against each 5.x endpoint: Apache RocketMQ 5.3.3
 * (broker + proxy in Local mode, the control) and Orbit behind `orbit proxy` (skipped while that command does
 * not exist). The scenarios of interop/java5 run in three JVMs in parallel (lanes), one test per scenario;
 * each scenario reports what it checked (mismatches) and what it saw (facts, printed as `[grpc-java5]` lines).
 *
 * Set-up the clients cannot do themselves, done over remoting before the JVMs start: topics with their
 * `message.type` (NORMAL / FIFO / DELAY / TRANSACTION), a FIFO group (consumeMessageOrderly) and a group with
 * retryMaxTimes 2 (max attempts 3) for the DLQ scenario.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDeadline } from './support/deadline';
import { GRPC_BROKER_CONF, GRPC_LANES, GRPC_SCENARIOS, prepareGrpcScenarios } from './support/grpc-scenarios';
import { grpcTargetsWithSkips, type GrpcClusterHandle } from './support/grpc-targets';
import { startJava5Scenarios, type Java5Run, type Java5Spec } from './support/java5-runner';
import { ensureJava5Build } from './support/maven';
import { tail } from './support/process';

const SCENARIO_DEADLINE_MS = 150_000;

/**
 * Which lanes talk TLS (ORBIT_INTEROP_GRPC_SSL): `mixed` (default: lane 1 TLS, the others plaintext; Apache's
 * proxy accepts both on one port, and the Java client's default is TLS), `true` (all) or `false` (none).
 */
function laneSsl(lane: number): boolean {
  const mode = process.env.ORBIT_INTEROP_GRPC_SSL ?? 'mixed';
  if (mode === 'true' || mode === 'false') return mode === 'true';
  if (mode !== 'mixed') throw new Error(`ORBIT_INTEROP_GRPC_SSL: '${mode}' is not true, false or mixed`);
  return lane === 1;
}

// Known before the suite is collected, so a target that cannot run shows as skipped with its reason.
const targets = await grpcTargetsWithSkips();

describe.each(targets)(
  'java client 5.x (gRPC) against $title',
  (target) => {
    const { skip } = target;
    let cluster: GrpcClusterHandle | undefined;
    const lanes: Java5Run[] = [];
    const laneOf = new Map<string, Java5Run>();
    let startError: unknown;

    beforeAll(async () => {
      if (skip) return;
      try {
        await ensureJava5Build();
        cluster = await target.start({ brokerConf: GRPC_BROKER_CONF });
        const specs: Java5Spec[][] = Array.from({ length: GRPC_LANES }, () => []);
        for (const s of await prepareGrpcScenarios(cluster, 'G5', target.name)) specs[s.lane].push({ scenario: s.scenario, args: s.args });
        for (const [i, laneSpecs] of specs.entries()) {
          const ssl = laneSsl(i);
          const r = await startJava5Scenarios(cluster.grpcEndpoint, laneSpecs, { ssl, name: `java5 lane ${i}${ssl ? ' (TLS)' : ''}` });
          lanes.push(r);
          for (const s of laneSpecs) laneOf.set(s.scenario, r);
        }
      } catch (err) {
        startError = err;
      }
    });

    afterAll(async () => {
      for (const l of lanes) await l.stop();
      await cluster?.stop();
    });

    it.skipIf(!!skip).each(GRPC_SCENARIOS.map((s) => s.scenario))('%s', async (name) => {
      if (startError) throw new Error(`${target.name} endpoint or JVM did not start: ${(startError as Error).message}`, { cause: startError });
      const lane = laneOf.get(name);
      if (!lane || !cluster) throw new Error(`${target.name} endpoint or JVM did not start`);
      const context = (): string => `\n--- JVM output (tail):\n${tail(lane.output(), 40)}\n--- ${target.name} server output (tail):\n${cluster?.output(20)}`;
      const r = await withDeadline(lane.result(name), SCENARIO_DEADLINE_MS, () => `scenario ${name} on ${target.name}${context()}`);
      console.log(`[grpc-java5] ${target.name} ${name} ${r.ok ? 'OK' : 'FAIL'} ${r.ms} ms facts ${JSON.stringify(r.facts)}`);
      expect(r.mismatches, `scenario ${name} on ${target.name} (facts ${JSON.stringify(r.facts)})${r.ok ? '' : context()}`).toEqual([]);
    });
  },
);
