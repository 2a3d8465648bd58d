/**
 * Apache's Node.js client (`rocketmq-client-nodejs` 1.0.8, gRPC) against each 5.x endpoint: the scenarios of
 * grpc-java5 (node5/node5-scenarios.ts, same checks and facts), three lanes in parallel in this process, one
 * test per scenario, facts printed as `[grpc-node]` lines. Plaintext only: the Node client verifies the
 * server certificate, and Apache's proxy has a self-signed one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDeadline } from './support/deadline';
import { GRPC_BROKER_CONF, GRPC_LANES, GRPC_SCENARIOS, prepareGrpcScenarios, type GrpcScenario } from './support/grpc-scenarios';
import { grpcTargetsWithSkips, type GrpcClusterHandle } from './support/grpc-targets';
import { CollectingLogger, playNodeScenario, type NodeScenarioResult } from './node5/node5-scenarios';

const SCENARIO_DEADLINE_MS = 150_000;

const targets = await grpcTargetsWithSkips();

describe.each(targets)('node client 1.0.8 (gRPC) against $title', (target) => {
  const { skip } = target;
  let cluster: GrpcClusterHandle | undefined;
  let startError: unknown;
  const logger = new CollectingLogger();
  const results = new Map<GrpcScenario, Promise<NodeScenarioResult>>();
  const laneDone: Promise<unknown>[] = [];

  beforeAll(async () => {
    if (skip) return;
    try {
      cluster = await target.start({ brokerConf: GRPC_BROKER_CONF });
      const prepared = await prepareGrpcScenarios(cluster, 'GN', target.name);
      for (let lane = 0; lane < GRPC_LANES; lane++) {
        let prev: Promise<unknown> = Promise.resolve();
        for (const s of prepared.filter((p) => p.lane === lane)) {
          const endpoint = cluster.grpcEndpoint;
          const r = prev.then(() => playNodeScenario(s.scenario, endpoint, s.args, logger));
          results.set(s.scenario, r);
          prev = r;
        }
        laneDone.push(prev.catch(() => undefined));
      }
    } catch (err) {
      startError = err;
    }
  });

  afterAll(async () => {
    await Promise.all(laneDone);
    await cluster?.stop();
  });

  it.skipIf(!!skip).each(GRPC_SCENARIOS.map((s) => s.scenario))('%s', async (name) => {
    if (startError) throw new Error(`${target.name} endpoint did not start: ${(startError as Error).message}`, { cause: startError });
    const result = results.get(name);
    if (!result || !cluster) throw new Error(`${target.name} endpoint did not start`);
    const context = (): string => `\n--- node client log (tail):\n${logger.tail(30)}\n--- ${target.name} server output (tail):\n${cluster?.output(20)}`;
    const r = await withDeadline(result, SCENARIO_DEADLINE_MS, () => `scenario ${name} on ${target.name}${context()}`);
    console.log(`[grpc-node] ${target.name} ${name} ${r.ok ? 'OK' : 'FAIL'} ${r.ms} ms facts ${JSON.stringify(r.facts)}`);
    expect(r.mismatches, `scenario ${name} on ${target.name} (facts ${JSON.stringify(r.facts)})${r.ok ? '' : context()}`).toEqual([]);
  });
});
