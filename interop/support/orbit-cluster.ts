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
import { repoRoot, runsDir } from './paths';
import { spawnManaged, tail, waitForOutput, type ManagedProcess } from './process';
import { confText, escapeRegExp, loopbackBrokerConf } from './broker-conf';

export const ORBIT_BROKER_NAME = 'broker-a';
export const ORBIT_CLUSTER_NAME = 'DefaultCluster';
const ORBIT_BIN = path.join(repoRoot, 'bin', 'orbit.js');

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
  const logs = path.join(dir, 'logs');
  const store = path.join(dir, 'store');
  fs.mkdirSync(logs, { recursive: true });

  const namesrvPort = await findFreePort();
  const brokerPort = await findFreeBrokerPort();
  const namesrvAddr = `${LOOPBACK}:${namesrvPort}`;
  const brokerAddr = `${LOOPBACK}:${brokerPort}`;
  const flush = opts.flush ?? 'ASYNC_FLUSH';

  const brokerConf = path.join(dir, 'broker.conf');
  fs.writeFileSync(
    brokerConf,
    confText({
      ...loopbackBrokerConf({ clusterName: ORBIT_CLUSTER_NAME, brokerName: ORBIT_BROKER_NAME, namesrvAddr, brokerPort, store, flush }),
      // Small segments keep test stores small (the default is 1 GiB).
      mappedFileSizeCommitLog: 64 * 1024 * 1024,
      transactionCheckInterval: 5000,
      ...opts.brokerConf,
    }),
  );

  const env = {
    ...process.env,
    HOME: path.join(dir, 'home'),
    ORBIT_LOG_LEVEL: process.env.ORBIT_LOG_LEVEL ?? 'warn',
  };
  const readyMs = opts.readyTimeoutMs ?? 30_000;
  const started: ManagedProcess[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Broker first, so it does not spend its shutdown retrying an absent name server.
    for (const p of [...started].reverse()) await p.stop(5000);
    if (!(opts.keepFiles || process.env.ORBIT_INTEROP_KEEP === '1')) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const namesrv = spawnManaged(
      `orbit namesrv ${namesrvAddr}`,
      process.execPath,
      [ORBIT_BIN, 'namesrv', '--host', LOOPBACK, '--port', String(namesrvPort), '--data-dir', path.join(dir, 'namesrv')],
      { env, cwd: repoRoot, logFile: path.join(logs, 'namesrv.out') },
    );
    started.push(namesrv);
    await waitForOutput(namesrv, new RegExp(`orbit namesrv listening on ${escapeRegExp(namesrvAddr)}`), readyMs);
    const broker = spawnManaged(
      `orbit broker ${brokerAddr}`,
      process.execPath,
      [
        ORBIT_BIN,
        'broker',
        '--namesrv',
        namesrvAddr,
        '--host',
        LOOPBACK,
        '--port',
        String(brokerPort),
        '--store',
        store,
        '--name',
        ORBIT_BROKER_NAME,
        '--cluster',
        ORBIT_CLUSTER_NAME,
        '--flush',
        flush === 'SYNC_FLUSH' ? 'sync' : 'async',
        '-c',
        brokerConf,
      ],
      { env, cwd: repoRoot, logFile: path.join(logs, 'broker.out') },
    );
    started.push(broker);
    await waitForOutput(broker, new RegExp(`boot success.*listening on ${escapeRegExp(brokerAddr)}`), readyMs);
  } catch (err) {
    await stop();
    throw err;
  }
  const output = (lines = 30): string => started.map((p) => `--- ${p.name}:\n${tail(p.output(), lines)}`).join('\n');
  return { namesrvAddr, brokerAddr, stop, output };
}
