/**
 * The reference cluster: one Apache RocketMQ 4.9.7 name server and one master broker, run from the Maven
 * Central jars on Java 17 (see /work/shared/ref/apache-reference.md for the facts this relies on).
 *
 *   interop/.cache/apache-lib/      jars (ensureApacheLib)
 *   interop/.cache/runs/apache-XXX/ one per start: home/conf (logback), *.conf, store/, user-home/ (logs)
 *
 * RocketMQ 4.9.7 cannot be told which address to listen on, so both JVMs run with the loopback agent from
 * interop/java (it rewrites the listen address to 127.0.0.1); brokerIP1=127.0.0.1 makes it advertise loopback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { apacheClasspath, ensureApacheLib, ensureJavaBuild } from '../support/maven';
import { findFreeBrokerPort, findFreePort, LOOPBACK } from '../support/ports';
import { spawnManaged, waitForOutput, type ManagedProcess } from '../support/process';
import { runsDir } from '../support/paths';
import { confText, loopbackBrokerConf } from '../support/broker-conf';

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

/** JVM flags for RocketMQ 4.9.7 on Java 17: G1 and the reflective access its mapped-file code needs. */
export const JAVA17_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:TieredStopAtLevel=1',
  '-Djava.net.preferIPv4Stack=true',
  ...[
    'java.base/java.nio',
    'java.base/sun.nio.ch',
    'java.base/java.lang',
    'java.base/java.lang.reflect',
    'java.base/java.util',
    'java.base/java.util.concurrent',
    'java.base/java.net',
    'java.base/jdk.internal.misc',
  ].flatMap((p) => ['--add-opens', `${p}=ALL-UNNAMED`]),
  ...['java.base/jdk.internal.ref', 'java.base/sun.nio.ch'].flatMap((p) => ['--add-exports', `${p}=ALL-UNNAMED`]),
];

const logbackXml = (file: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>${file}</file>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5p [%t] %c{0} - %m%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
`;


/** Starts a name server and a broker; resolves once the broker has registered ("boot success"). */
export async function startApacheCluster(opts: ApacheClusterOptions = {}): Promise<ClusterHandle> {
  await ensureApacheLib();
  const { agentJar } = await ensureJavaBuild();
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, 'apache-'));
  const home = path.join(dir, 'home');
  const userHome = path.join(dir, 'user-home');
  const logs = path.join(dir, 'logs');
  for (const d of [path.join(home, 'conf'), userHome, logs]) fs.mkdirSync(d, { recursive: true });
  for (const name of ['namesrv', 'broker', 'tools']) {
    fs.writeFileSync(path.join(home, 'conf', `logback_${name}.xml`), logbackXml(path.join(logs, `${name}.log`)));
  }
  for (const [rel, text] of Object.entries(opts.homeFiles ?? {})) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text);
  }

  const namesrvPort = opts.namesrvPort ?? (await findFreePort());
  const brokerPort = opts.brokerPort ?? (await findFreeBrokerPort());
  const namesrvAddr = `${LOOPBACK}:${namesrvPort}`;
  const brokerAddr = `${LOOPBACK}:${brokerPort}`;
  const store = path.join(dir, 'store');

  const namesrvConf = path.join(dir, 'namesrv.conf');
  fs.writeFileSync(namesrvConf, confText({ listenPort: namesrvPort, kvConfigPath: path.join(dir, 'namesrv', 'kvConfig.json') }));
  const brokerConf = path.join(dir, 'broker.conf');
  fs.writeFileSync(
    brokerConf,
    confText({
      ...loopbackBrokerConf({
        clusterName: APACHE_CLUSTER_NAME,
        brokerName: APACHE_BROKER_NAME,
        namesrvAddr,
        brokerPort,
        store,
        flush: opts.flush ?? 'ASYNC_FLUSH',
      }),
      mappedFileSizeCommitLog: 32 * 1024 * 1024,
      // A loaded 2-core machine must not turn sends into "broker busy" rejections.
      waitTimeMillsInSendQueue: 3000,
      osPageCacheBusyTimeOutMills: 5000,
      transactionCheckInterval: 5000,
      ...opts.extraBrokerConf,
    }),
  );

  const jvm = (heapMb: number, name: string): string[] => [
    `-Xms${Math.min(64, heapMb)}m`,
    `-Xmx${heapMb}m`,
    ...JAVA17_FLAGS,
    `-javaagent:${agentJar}=${LOOPBACK}`,
    `-Drocketmq.home.dir=${home}`,
    `-Duser.home=${userHome}`,
    `-Drocketmq.client.logRoot=${logs}`,
    // A nearly full CI disk must not make the broker refuse writes.
    '-Drocketmq.broker.diskSpaceWarningLevelRatio=0.99',
    '-Drocketmq.broker.diskSpaceCleanForciblyRatio=0.98',
    // TLS is "permissive" by default: building the self-signed SSLContext costs ~2 s per server.
    '-Dtls.server.mode=disabled',
    `-Dorbit.interop.process=${name}`,
    '-cp',
    apacheClasspath(),
  ];
  const env = { ...process.env, ROCKETMQ_HOME: home };
  const started: ManagedProcess[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Broker first, so it does not spend its shutdown retrying an absent name server.
    // Short grace: the store is thrown away, and a graceful 4.9.7 shutdown takes ~5 s.
    for (const p of [...started].reverse()) await p.stop(1000);
    if (!(opts.keepFiles || process.env.ORBIT_INTEROP_KEEP === '1')) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const namesrv = spawnManaged(
      `apache namesrv ${namesrvAddr}`,
      'java',
      [...jvm(128, 'namesrv'), 'org.apache.rocketmq.namesrv.NamesrvStartup', '-c', namesrvConf],
      { env, cwd: dir, logFile: path.join(logs, 'namesrv.out') },
    );
    started.push(namesrv);
    await waitForOutput(namesrv, /The Name Server boot success/, 60_000);
    const broker = spawnManaged(
      `apache broker ${brokerAddr}`,
      'java',
      [...jvm(opts.brokerHeapMb ?? 384, 'broker'), 'org.apache.rocketmq.broker.BrokerStartup', '-c', brokerConf],
      { env, cwd: dir, logFile: path.join(logs, 'broker.out') },
    );
    started.push(broker);
    await waitForOutput(broker, /The broker\[[^\]]*\] boot success/, 90_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { namesrvAddr, brokerAddr, stop };
}
