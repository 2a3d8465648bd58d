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
import { grpcTargets, type GrpcClusterHandle } from './support/grpc-targets';
import { startJava5Scenarios, type Java5Run, type Java5Spec } from './support/java5-runner';
import { ensureJava5Build } from './support/maven';
import { tail } from './support/process';
import type { TopicMessageType } from './support/remoting-admin';

/**
 * Check-backs of an unresolved transaction within ~3 s (both brokers read these, in ms). Apache 5.x writes the
 * commit/rollback op records in batches every `transactionOpBatchInterval` (3 s by default): with a time-out
 * below that it checks back (and commits a second time) transactions that were already ended.
 */
export const GRPC_BROKER_CONF: Record<string, string> = {
  transactionTimeOut: '2000',
  transactionCheckInterval: '1000',
  transactionOpBatchInterval: '100',
};

/** retryMaxTimes of the DLQ scenario's group: a 5.x consumer gets max attempts = retryMaxTimes + 1. */
const DLQ_RETRY_MAX_TIMES = 2;

interface ScenarioSetup {
  scenario: string;
  lane: number;
  messageType: TopicMessageType;
  /** Groups to create: argument name → options. */
  groups: Record<string, { orderly?: boolean; retryMaxTimes?: number }>;
  extra?: Record<string, string | number>;
}

const SCENARIOS: ScenarioSetup[] = [
  { scenario: 'normal', lane: 0, messageType: 'NORMAL', groups: { group: {}, tagGroup: {} } },
  { scenario: 'delay', lane: 0, messageType: 'DELAY', groups: { group: {} }, extra: { delayMs: 5000 } },
  { scenario: 'transaction', lane: 0, messageType: 'TRANSACTION', groups: { group: {} } },
  { scenario: 'push', lane: 0, messageType: 'NORMAL', groups: { group: {} } },
  { scenario: 'invisible', lane: 1, messageType: 'NORMAL', groups: { group: {} } },
  {
    scenario: 'dlq',
    lane: 1,
    messageType: 'NORMAL',
    groups: { group: { retryMaxTimes: DLQ_RETRY_MAX_TIMES }, dlqGroup: {} },
    extra: { maxAttempts: DLQ_RETRY_MAX_TIMES + 1 },
  },
  { scenario: 'fifo', lane: 2, messageType: 'FIFO', groups: { group: { orderly: true } } },
];
const LANES = 1 + Math.max(...SCENARIOS.map((s) => s.lane));

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
const SCENARIO_DEADLINE_MS = 150_000;

// Known before the suite is collected, so a target that cannot run shows as skipped with its reason.
const skipReasons = new Map(await Promise.all(grpcTargets.map(async (t) => [t.name, await t.skipReason()] as const)));

describe.each(grpcTargets.map((t) => ({ ...t, title: skipReasons.get(t.name) ? `${t.name} (skipped: ${skipReasons.get(t.name)})` : t.name })))(
  'java client 5.x (gRPC) against $title',
  (target) => {
    const skip = skipReasons.get(target.name);
    let cluster: GrpcClusterHandle | undefined;
    const lanes: Java5Run[] = [];
    const laneOf = new Map<string, Java5Run>();
    let startError: unknown;

    beforeAll(async () => {
      if (skip) return;
      try {
        await ensureJava5Build();
        cluster = await target.start({ brokerConf: GRPC_BROKER_CONF });
        const run = Date.now().toString(36);
        const specs: Java5Spec[][] = Array.from({ length: LANES }, () => []);
        for (const s of SCENARIOS) {
          const topic = `G5_${s.scenario}_${target.name}_${run}`;
          await cluster.createTopic(topic, { queues: 4, messageType: s.messageType });
          const args: Record<string, string | number> = { topic, ...s.extra };
          for (const [arg, opts] of Object.entries(s.groups)) {
            const group = `GID_G5_${s.scenario}_${arg}_${run}`;
            await cluster.createGroup(group, opts);
            args[arg] = group;
          }
          specs[s.lane].push({ scenario: s.scenario, args });
        }
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

    it.skipIf(!!skip).each(SCENARIOS.map((s) => s.scenario))('%s', async (name) => {
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
