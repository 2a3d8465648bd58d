/**
 * A name server plus one broker whose process the benchmark may SIGKILL and restart on the same store:
 * Orbit (`node bin/orbit.js namesrv|broker`) or Apache RocketMQ 4.9.7 (the jars and JVM flags of the
 * interop launcher), started through interop/support/server-process.ts, which can restart a broker.
 *
 *   interop/.cache/runs/kill-<target>-XXX/  broker.conf, store/, logs/
 */
import fs from 'node:fs';
import path from 'node:path';
import { APACHE_BROKER_NAME, APACHE_CLUSTER_NAME, type FlushDiskType } from '../../interop/apache/apache-cluster';
import { runsDir } from '../../interop/support/paths';
import { findFreeBrokerPort, findFreePort, LOOPBACK } from '../../interop/support/ports';
import { APACHE_LOADED_MACHINE_CONF, loopbackBrokerConf } from '../../interop/support/broker-conf';
import { prepareApacheHome, startableBroker, startableNamesrv } from '../../interop/support/server-process';

export type KillTarget = 'orbit' | 'apache';

export interface KillableCluster {
  namesrvAddr: string;
  brokerAddr: string;
  dir: string;
  /** Starts the broker (again) on the same store; resolves with the ms from spawn to its ready line. */
  startBroker(): Promise<number>;
  /** SIGKILL, resolves once the process is gone. */
  killBroker(): Promise<void>;
  /** SIGTERM (a clean shutdown), SIGKILL after `graceMs`; resolves once the process is gone. */
  stopBroker(graceMs?: number): Promise<void>;
  brokerPid(): number | undefined;
  output(lines?: number): string;
  stop(keep?: boolean): Promise<void>;
}

export async function startKillableCluster(target: KillTarget, flush: FlushDiskType): Promise<KillableCluster> {
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, `kill-${target}-`));
  const store = path.join(dir, 'store');
  const namesrvPort = await findFreePort();
  const brokerPort = await findFreeBrokerPort();
  const namesrvAddr = `${LOOPBACK}:${namesrvPort}`;
  // The Apache name server and broker share one ROCKETMQ_HOME (logs/namesrv.log, logs/broker.log).
  if (target === 'apache') prepareApacheHome(dir);
  const namesrv = await startableNamesrv(target, { dir, port: namesrvPort });
  const broker = await startableBroker(target, {
    dir,
    conf: {
      ...loopbackBrokerConf({
        clusterName: target === 'orbit' ? 'DefaultCluster' : APACHE_CLUSTER_NAME,
        brokerName: target === 'orbit' ? 'broker-a' : APACHE_BROKER_NAME,
        namesrvAddr,
        brokerPort,
        store,
        flush,
      }),
      // Small segments: rounds cross segment boundaries.
      mappedFileSizeCommitLog: 16 * 1024 * 1024,
      ...(target === 'apache' ? APACHE_LOADED_MACHINE_CONF : {}),
    },
  });
  const stop = async (keep = false): Promise<void> => {
    await broker.stop(3000);
    await namesrv.stop(3000);
    if (!keep && process.env.ORBIT_INTEROP_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await namesrv.start(60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    namesrvAddr,
    brokerAddr: broker.addr,
    dir,
    startBroker: () => broker.start(120_000),
    killBroker: () => broker.kill(),
    stopBroker: (graceMs = 15_000) => broker.stop(graceMs),
    brokerPid: () => broker.pid(),
    output: (lines = 30) => [namesrv, broker].map((p) => p.output(lines)).join('\n'),
    stop,
  };
}
