/**
 * The 5.x (gRPC) endpoints a gRPC interop file runs against, named like the remoting targets
 * (ORBIT_INTEROP_TARGETS): `apache` = Apache RocketMQ 5.3.3, name server + broker with the proxy in Local
 * mode (apache5/apache5-cluster.ts); `orbit` = an Orbit cluster plus an `orbit proxy` process in front of it.
 *
 * The Orbit target needs the `orbit proxy` command; until the CLI lists it, {@link GrpcTarget.skipReason}
 * says so and the file skips that target.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { startApache5Cluster, type GrpcClusterHandle } from '../apache5/apache5-cluster';
import { startOrbitCluster } from './orbit-cluster';
import { repoRoot } from './paths';
import { findFreePort, LOOPBACK } from './ports';
import { spawnManaged, tail, waitForOutput } from './process';
import { createSubscriptionGroup, createTopic } from './remoting-admin';
import { targets as remotingTargets, type TargetName } from './targets';

export type { GrpcClusterHandle } from '../apache5/apache5-cluster';

export interface GrpcTargetStartOptions {
  /** Extra broker.conf keys, given to either broker (Orbit ignores keys it does not know). */
  brokerConf?: Record<string, string>;
}

export interface GrpcTarget {
  name: TargetName;
  /** Why this target cannot run here (undefined: it can). */
  skipReason(): Promise<string | undefined>;
  start(opts?: GrpcTargetStartOptions): Promise<GrpcClusterHandle>;
}

const ORBIT_BIN = path.join(repoRoot, 'bin', 'orbit.js');

/** The commands `orbit help` lists. */
function orbitCommands(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [ORBIT_BIN, 'help'], { cwd: repoRoot, timeout: 60_000 }, (err, stdout, stderr) => {
      const text = `${stdout}\n${stderr}`;
      const m = /Commands:\n([\s\S]*)$/.exec(text);
      if (!m) {
        reject(new Error(`orbit help printed no command list${err ? ` (${err.message})` : ''}:\n${tail(text, 20)}`));
        return;
      }
      resolve([...m[1].matchAll(/^\s{2}(\S+)/gm)].map((x) => x[1]));
    });
  });
}

/** Orbit name server + broker, then `orbit proxy --namesrv <addr> --port <port> --host 127.0.0.1`. */
async function startOrbitGrpc(opts: GrpcTargetStartOptions = {}): Promise<GrpcClusterHandle> {
  const cluster = await startOrbitCluster({ brokerConf: opts.brokerConf });
  const port = await findFreePort();
  const proxy = spawnManaged(
    `orbit proxy ${LOOPBACK}:${port}`,
    process.execPath,
    [ORBIT_BIN, 'proxy', '--namesrv', cluster.namesrvAddr, '--port', String(port), '--host', LOOPBACK],
    { cwd: repoRoot, env: { ...process.env, ORBIT_LOG_LEVEL: process.env.ORBIT_LOG_LEVEL ?? 'warn' } },
  );
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await proxy.stop(5000);
    await cluster.stop();
  };
  try {
    await waitForOutput(proxy, /listening on/, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    namesrvAddr: cluster.namesrvAddr,
    brokerAddr: cluster.brokerAddr,
    grpcEndpoint: `${LOOPBACK}:${port}`,
    createTopic: (topic, o) => createTopic(cluster.namesrvAddr, topic, o ?? {}),
    createGroup: (group, o) => createSubscriptionGroup(cluster.namesrvAddr, group, o),
    stop,
    output: (lines = 30) => `--- ${proxy.name}${proxy.running() ? '' : ' (exited)'}:\n${tail(proxy.output(), lines)}\n${cluster.output?.(lines) ?? ''}`,
  };
}

export const GRPC_TARGETS: Record<TargetName, GrpcTarget> = {
  apache: {
    name: 'apache',
    skipReason: async () => undefined,
    start: (opts = {}) => startApache5Cluster({ extraBrokerConf: opts.brokerConf }),
  },
  orbit: {
    name: 'orbit',
    async skipReason() {
      const commands = await orbitCommands();
      return commands.includes('proxy') ? undefined : `'orbit proxy' is not a command of this build (orbit help lists: ${commands.join(', ')})`;
    },
    start: startOrbitGrpc,
  },
};

/** ORBIT_INTEROP_TARGETS, as gRPC targets. */
export const grpcTargets: GrpcTarget[] = remotingTargets.map((t) => GRPC_TARGETS[t.name]);

/** {@link grpcTargets} with each one's skip reason and a suite title that shows it. */
export async function grpcTargetsWithSkips(): Promise<(GrpcTarget & { skip?: string; title: string })[]> {
  return Promise.all(
    grpcTargets.map(async (t) => {
      const skip = await t.skipReason();
      return { ...t, skip, title: skip ? `${t.name} (skipped: ${skip})` : t.name };
    }),
  );
}
