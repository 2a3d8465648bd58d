/**
 * The reference cluster: one Apache RocketMQ 4.9.7 name server and one master broker, run from the Maven
 * Central jars on Java 17 (see /work/shared/ref/apache-reference.md for the facts this relies on).
 *
 *   interop/.cache/apache-lib/      jars (ensureApacheLib)
 *   interop/.cache/runs/apache-XXX/ one per start: home/conf (logback), *.conf, store/, user-home/, logs/
 *
 * The processes themselves are launched by support/server-process.ts (shared with orbit-cluster and ha-pair).
 *
 * RocketMQ 4.9.7 cannot be told which address to listen on, so both JVMs run with the loopback agent from
 * interop/java (it rewrites the listen address to 127.0.0.1); brokerIP1=127.0.0.1 makes it advertise loopback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findFreeBrokerPort, findFreePort, LOOPBACK } from '../support/ports';
import { runsDir } from '../support/paths';
import { APACHE_LOADED_MACHINE_CONF, loopbackBrokerConf } from '../support/broker-conf';
import { apacheBroker, apacheNamesrv, prepareApacheHome, type ServerProcess } from '../support/server-process';

export { JAVA17_FLAGS } from '../support/server-process';

export type FlushDiskType = 'SYNC_FLUSH' | 'ASYNC_FLUSH';

export interface ApacheClusterOptions {
  namesrvPort?: number;
  brokerPort?: number;
  flush?: FlushDiskType;
  /** Extra broker.conf lines; they override the defaults below. */
  extraBrokerConf?: Record<string, string>;
  /** Max heap of the broker JVM in MiB (default 384; the name server gets 128). */
  brokerHeapMb?: number;
  /** Keep the run directory (logs, store) after stop(); also env ORBIT_INTEROP_KEEP=1. */
  keepFiles?: boolean;
  /** Files to write under ROCKETMQ_HOME before start, by relative path (e.g. `conf/plain_acl.yml`). */
  homeFiles?: Record<string, string>;
}

export interface ClusterHandle {
  namesrvAddr: string;
  brokerAddr: string;
  /** Kills both JVMs (SIGTERM, then SIGKILL) and removes the run directory. Safe to call twice. */
  stop(): Promise<void>;
  /** The tail of what the cluster's processes printed, for failure messages (when the launcher keeps it). */
  output?(lines?: number): string;
}

export const APACHE_BROKER_NAME = 'broker-a';
export const APACHE_CLUSTER_NAME = 'DefaultCluster';

/** Starts a name server and a broker; resolves once the broker has registered ("boot success"). */
export async function startApacheCluster(opts: ApacheClusterOptions = {}): Promise<ClusterHandle> {
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, 'apache-'));
  const home = prepareApacheHome(dir, opts.homeFiles);
  const namesrvPort = opts.namesrvPort ?? (await findFreePort());
  const brokerPort = opts.brokerPort ?? (await findFreeBrokerPort());
  const namesrvAddr = `${LOOPBACK}:${namesrvPort}`;
  const store = path.join(dir, 'store');

  const started: ServerProcess[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Broker first, so it does not spend its shutdown retrying an absent name server.
    for (const p of [...started].reverse()) await p.stop();
    if (!(opts.keepFiles || process.env.ORBIT_INTEROP_KEEP === '1')) fs.rmSync(dir, { recursive: true, force: true });
  };

  let broker: ServerProcess;
  try {
    const namesrv = await apacheNamesrv({ dir, home, port: namesrvPort });
    broker = await apacheBroker({
      dir,
      home,
      heapMb: opts.brokerHeapMb,
      conf: {
        ...loopbackBrokerConf({
          clusterName: APACHE_CLUSTER_NAME,
          brokerName: APACHE_BROKER_NAME,
          namesrvAddr,
          brokerPort,
          store,
          flush: opts.flush ?? 'ASYNC_FLUSH',
        }),
        mappedFileSizeCommitLog: 32 * 1024 * 1024,
        ...APACHE_LOADED_MACHINE_CONF,
        transactionCheckInterval: 5000,
        ...opts.extraBrokerConf,
      },
    });
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
