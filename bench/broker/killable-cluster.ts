/**
 * A name server plus one broker whose process the benchmark may SIGKILL and restart on the same store:
 * Orbit (`node bin/orbit.js namesrv|broker`) or Apache RocketMQ 4.9.7 (the jars and JVM flags of the
 * interop launcher). startApacheCluster/startOrbitCluster cannot restart a broker, hence this launcher.
 *
 *   interop/.cache/runs/kill-<target>-XXX/  broker.conf, store/, logs/
 */
import fs from 'node:fs';
import path from 'node:path';
import { APACHE_BROKER_NAME, APACHE_CLUSTER_NAME, JAVA17_FLAGS, type FlushDiskType } from '../../interop/apache/apache-cluster';
import { apacheClasspath, ensureApacheLib, ensureJavaBuild } from '../../interop/support/maven';
import { repoRoot, runsDir } from '../../interop/support/paths';
import { findFreeBrokerPort, findFreePort, LOOPBACK } from '../../interop/support/ports';
import { spawnManaged, tail, waitForOutput, type ManagedProcess } from '../../interop/support/process';
import { confText, escapeRegExp, loopbackBrokerConf } from '../../interop/support/broker-conf';

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



const logbackXml = (file: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>${file}</file>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5p [%t] %c{0} - %m%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
`;

export async function startKillableCluster(target: KillTarget, flush: FlushDiskType): Promise<KillableCluster> {
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, `kill-${target}-`));
  const logs = path.join(dir, 'logs');
  const store = path.join(dir, 'store');
  fs.mkdirSync(logs, { recursive: true });
  const namesrvPort = await findFreePort();
  const brokerPort = await findFreeBrokerPort();
  const namesrvAddr = `${LOOPBACK}:${namesrvPort}`;
  const brokerAddr = `${LOOPBACK}:${brokerPort}`;
  const brokerConf = path.join(dir, 'broker.conf');
  const common = {
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
  };

  let namesrvCmd: { command: string; args: string[]; ready: RegExp; env: NodeJS.ProcessEnv };
  let brokerCmd: { command: string; args: string[]; ready: RegExp; env: NodeJS.ProcessEnv };
  if (target === 'orbit') {
    fs.writeFileSync(brokerConf, confText(common));
    const bin = path.join(repoRoot, 'bin', 'orbit.js');
    const env = { ...process.env, HOME: path.join(dir, 'home'), ORBIT_LOG_LEVEL: process.env.ORBIT_LOG_LEVEL ?? 'warn' };
    namesrvCmd = {
      command: process.execPath,
      args: [bin, 'namesrv', '--host', LOOPBACK, '--port', String(namesrvPort), '--data-dir', path.join(dir, 'namesrv')],
      ready: new RegExp(`orbit namesrv listening on ${escapeRegExp(namesrvAddr)}`),
      env,
    };
    brokerCmd = {
      command: process.execPath,
      args: [
        bin,
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
        'broker-a',
        '--cluster',
        'DefaultCluster',
        '--flush',
        flush === 'SYNC_FLUSH' ? 'sync' : 'async',
        '-c',
        brokerConf,
      ],
      ready: new RegExp(`boot success.*listening on ${escapeRegExp(brokerAddr)}`),
      env,
    };
  } else {
    await ensureApacheLib();
    const { agentJar } = await ensureJavaBuild();
    const home = path.join(dir, 'home');
    const userHome = path.join(dir, 'user-home');
    for (const d of [path.join(home, 'conf'), userHome]) fs.mkdirSync(d, { recursive: true });
    for (const name of ['namesrv', 'broker', 'tools']) {
      fs.writeFileSync(path.join(home, 'conf', `logback_${name}.xml`), logbackXml(path.join(logs, `${name}.log`)));
    }
    const namesrvConf = path.join(dir, 'namesrv.conf');
    fs.writeFileSync(namesrvConf, confText({ listenPort: namesrvPort, kvConfigPath: path.join(dir, 'namesrv', 'kvConfig.json') }));
    fs.writeFileSync(brokerConf, confText({ ...common, waitTimeMillsInSendQueue: 3000, osPageCacheBusyTimeOutMills: 5000 }));
    const jvm = (heapMb: number): string[] => [
      `-Xms${Math.min(64, heapMb)}m`,
      `-Xmx${heapMb}m`,
      ...JAVA17_FLAGS,
      `-javaagent:${agentJar}=${LOOPBACK}`,
      `-Drocketmq.home.dir=${home}`,
      `-Duser.home=${userHome}`,
      '-Drocketmq.broker.diskSpaceWarningLevelRatio=0.99',
      '-Drocketmq.broker.diskSpaceCleanForciblyRatio=0.98',
      '-Dtls.server.mode=disabled',
      '-cp',
      apacheClasspath(),
    ];
    const env = { ...process.env, ROCKETMQ_HOME: home };
    namesrvCmd = {
      command: 'java',
      args: [...jvm(128), 'org.apache.rocketmq.namesrv.NamesrvStartup', '-c', namesrvConf],
      ready: /The Name Server boot success/,
      env,
    };
    brokerCmd = {
      command: 'java',
      args: [...jvm(384), 'org.apache.rocketmq.broker.BrokerStartup', '-c', brokerConf],
      ready: /The broker\[[^\]]*\] boot success/,
      env,
    };
  }

  const namesrv = spawnManaged(`${target} namesrv`, namesrvCmd.command, namesrvCmd.args, {
    env: namesrvCmd.env,
    cwd: target === 'orbit' ? repoRoot : dir,
    logFile: path.join(logs, 'namesrv.out'),
  });
  let broker: ManagedProcess | undefined;
  let starts = 0;
  const stop = async (keep = false): Promise<void> => {
    await broker?.stop(3000);
    await namesrv.stop(3000);
    if (!keep && process.env.ORBIT_INTEROP_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForOutput(namesrv, namesrvCmd.ready, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    namesrvAddr,
    brokerAddr,
    dir,
    async startBroker() {
      const t0 = performance.now();
      starts++;
      broker = spawnManaged(`${target} broker #${starts}`, brokerCmd.command, brokerCmd.args, {
        env: brokerCmd.env,
        cwd: target === 'orbit' ? repoRoot : dir,
        logFile: path.join(logs, 'broker.out'),
      });
      await waitForOutput(broker, brokerCmd.ready, 120_000);
      return performance.now() - t0;
    },
    async killBroker() {
      const b = broker;
      if (!b || b.child.exitCode !== null || b.child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => b.child.once('exit', () => resolve()));
      b.child.kill('SIGKILL');
      await exited;
    },
    async stopBroker(graceMs = 15_000) {
      await broker?.stop(graceMs);
    },
    brokerPid: () => broker?.child.pid,
    output: (lines = 30) => [namesrv, broker].filter((p): p is ManagedProcess => !!p).map((p) => `--- ${p.name}:\n${tail(p.output(), lines)}`).join('\n'),
    stop,
  };
}
