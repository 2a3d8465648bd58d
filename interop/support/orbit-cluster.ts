/**
 * The system under test: one Orbit name server and one broker, each its own `node bin/orbit.js` process
 * (as an operator would run them), on free loopback ports with a throw-away store:
 *
 *   interop/.cache/runs/orbit-XXX/  broker.conf, store/, namesrv/ (KV config), logs/*.out
 *
 * The handle has the same shape as startApacheCluster's, so a test can run against either.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterHandle, FlushDiskType } from '../apache/apache-cluster';
import { findFreeBrokerPort, findFreePort, LOOPBACK } from './ports';
import { runsDir } from './paths';
import { loopbackBrokerConf } from './broker-conf';
import { orbitBroker, orbitNamesrv, type ServerProcess } from './server-process';

export const ORBIT_BROKER_NAME = 'broker-a';
export const ORBIT_CLUSTER_NAME = 'DefaultCluster';

export interface OrbitClusterOptions {
  flush?: FlushDiskType;
  /** Extra broker.conf lines; they override the defaults below (the CLI flags still win for ports/paths). */
  brokerConf?: Record<string, string>;
  /** Keep the run directory (logs, store) after stop(); also env ORBIT_INTEROP_KEEP=1. */
  keepFiles?: boolean;
  /** How long to wait for each ready line (default 30 s). */
  readyTimeoutMs?: number;
}


/** Starts `orbit namesrv` and `orbit broker`; resolves once the broker printed its ready line (registered). */
export async function startOrbitCluster(opts: OrbitClusterOptions = {}): Promise<ClusterHandle> {
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, 'orbit-'));
  const namesrvPort = await findFreePort();
  const brokerPort = await findFreeBrokerPort();
  const namesrvAddr = `${LOOPBACK}:${namesrvPort}`;
  const store = path.join(dir, 'store');
  const flush = opts.flush ?? 'ASYNC_FLUSH';

  const namesrv = orbitNamesrv({ dir, port: namesrvPort, readyTimeoutMs: opts.readyTimeoutMs });
  const broker = orbitBroker({
    dir,
    readyTimeoutMs: opts.readyTimeoutMs,
    conf: {
      ...loopbackBrokerConf({ clusterName: ORBIT_CLUSTER_NAME, brokerName: ORBIT_BROKER_NAME, namesrvAddr, brokerPort, store, flush }),
      // Small segments keep test stores small (the default is 1 GiB).
      mappedFileSizeCommitLog: 64 * 1024 * 1024,
      transactionCheckInterval: 5000,
      ...opts.brokerConf,
    },
  });
  const started: ServerProcess[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Broker first, so it does not spend its shutdown retrying an absent name server.
    for (const p of [...started].reverse()) await p.stop(5000);
    if (!(opts.keepFiles || process.env.ORBIT_INTEROP_KEEP === '1')) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    started.push(namesrv);
    await namesrv.start();
    started.push(broker);
    await broker.start();
  } catch (err) {
    await stop();
    throw err;
  }
  const output = (lines = 30): string => started.map((p) => p.output(lines)).join('\n');
  return { namesrvAddr, brokerAddr: broker.addr, stop, output };
}
