/**
 * The 5.x reference: Apache RocketMQ 5.3.3 from the Maven Central jars on Java 17, one name server and one
 * broker with the gRPC proxy in Local mode (`ProxyStartup -pm local`: proxy and broker in one JVM, the proxy
 * calling the broker's processors in-process), on free loopback ports.
 *
 *   interop/.cache/apache5-lib/      jars (ensureApache5Lib, interop/apache5/pom.xml)
 *   interop/.cache/runs/apache5-XXX/ one per start: namesrv.conf, broker.conf, rmq-proxy.json, store/,
 *                                    user-home/ (5.x logs go to user-home/logs/rocketmqlogs/), logs/*.out
 *
 * Name server and broker remoting listen on 127.0.0.1 (`bindAddress`, a 5.x setting); the proxy's gRPC and
 * remoting servers and the HA listener have no such setting in 5.3.3 and bind the wildcard address. Every
 * address the cluster advertises is 127.0.0.1 (brokerIP1; in Local mode the route's endpoints are the
 * broker host with grpcServerPort).
 */
import fs from 'node:fs';
import path from 'node:path';
import { JAVA17_FLAGS } from '../support/server-process';
import { ensureApache5Lib } from '../support/maven';
import { apache5LibDir, runsDir } from '../support/paths';
import { findFreeBrokerPort, findFreePort, LOOPBACK } from '../support/ports';
import { spawnManaged, tail, waitForOutput, type ManagedProcess } from '../support/process';
import { confText, type BrokerConfEntries } from '../support/broker-conf';
import {
  createSubscriptionGroup,
  createTopic,
  masterAddrs,
  type CreateTopicOptions,
  type SubscriptionGroupOptions,
} from '../support/remoting-admin';

export const APACHE5_VERSION = '5.3.3';
export const APACHE5_BROKER_NAME = 'broker-a';
export const APACHE5_CLUSTER_NAME = 'DefaultCluster';

export interface Apache5ClusterOptions {
  /** Extra broker.conf lines; they override the defaults below. */
  extraBrokerConf?: BrokerConfEntries;
  /** Extra rmq-proxy.json keys (ProxyConfig field names). */
  extraProxyConf?: Record<string, string | number | boolean>;
  /** Max heap of the broker+proxy JVM in MiB (default 512; the name server gets 128). */
  brokerHeapMb?: number;
  /** Keep the run directory (logs, store) after stop(); also env ORBIT_INTEROP_KEEP=1. */
  keepFiles?: boolean;
}

/** A running 5.x endpoint: what the gRPC tests need of either target. */
export interface GrpcClusterHandle {
  namesrvAddr: string;
  /** The broker's remoting address. */
  brokerAddr: string;
  /** host:port of the gRPC endpoint (the proxy). */
  grpcEndpoint: string;
  /** Creates a topic on every master (UPDATE_AND_CREATE_TOPIC, attribute `+message.type=...`) and waits for its route. */
  createTopic(topic: string, opts?: CreateTopicOptions): Promise<void>;
  /** Creates a subscription group on every master (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP). */
  createGroup(group: string, opts?: SubscriptionGroupOptions): Promise<void>;
  /** Ends every process (SIGTERM, SIGKILL after a grace) and removes the run directory. Safe to call twice. */
  stop(): Promise<void>;
  /** The tail of what the processes printed (and the proxy/broker log files), for failure messages. */
  output(lines?: number): string;
}

function fileTail(file: string, lines: number): string {
  try {
    return tail(fs.readFileSync(file, 'utf8').trimEnd(), lines);
  } catch {
    return '(none)';
  }
}

function jvmArgs(dir: string, heapMb: number, minHeapMb: number): string[] {
  return [
    `-Xms${minHeapMb}m`,
    `-Xmx${heapMb}m`,
    ...JAVA17_FLAGS,
    `-Duser.home=${path.join(dir, 'user-home')}`,
    `-Drocketmq.home.dir=${path.join(dir, 'home')}`,
    // A nearly full CI disk must not make the broker refuse writes.
    '-Drocketmq.broker.diskSpaceWarningLevelRatio=0.99',
    '-Drocketmq.broker.diskSpaceCleanForciblyRatio=0.98',
    '-cp',
    path.join(apache5LibDir, '*'),
  ];
}

/**
 * Starts the name server, then the broker+proxy JVM; resolves once the proxy printed
 * `rocketmq-proxy startup successfully` (printed after the broker, the gRPC and the remoting servers started)
 * and the name server lists the broker.
 */
export async function startApache5Cluster(opts: Apache5ClusterOptions = {}): Promise<GrpcClusterHandle> {
  await ensureApache5Lib();
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, 'apache5-'));
  for (const d of ['home', 'user-home', 'logs', 'store']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  const namesrvPort = await findFreePort();
  const brokerPort = await findFreeBrokerPort();
  const grpcPort = await findFreePort();
  const proxyRemotingPort = await findFreePort();
  const namesrvAddr = `${LOOPBACK}:${namesrvPort}`;
  const store = path.join(dir, 'store');

  const namesrvConf = path.join(dir, 'namesrv.conf');
  fs.writeFileSync(namesrvConf, confText({ listenPort: namesrvPort, bindAddress: LOOPBACK, kvConfigPath: path.join(dir, 'namesrv', 'kvConfig.json') }));
  const brokerConf = path.join(dir, 'broker.conf');
  fs.writeFileSync(
    brokerConf,
    confText({
      brokerClusterName: APACHE5_CLUSTER_NAME,
      brokerName: APACHE5_BROKER_NAME,
      brokerId: 0,
      brokerRole: 'ASYNC_MASTER',
      namesrvAddr,
      brokerIP1: LOOPBACK,
      brokerIP2: LOOPBACK,
      bindAddress: LOOPBACK,
      listenPort: brokerPort,
      haListenPort: brokerPort + 1,
      storePathRootDir: store,
      storePathCommitLog: path.join(store, 'commitlog'),
      flushDiskType: 'ASYNC_FLUSH',
      mappedFileSizeCommitLog: 32 * 1024 * 1024,
      autoCreateTopicEnable: 'true',
      autoCreateSubscriptionGroup: 'true',
      waitTimeMillsInSendQueue: 3000,
      osPageCacheBusyTimeOutMills: 5000,
      ...opts.extraBrokerConf,
    }),
  );
  const proxyConf = path.join(dir, 'rmq-proxy.json');
  fs.writeFileSync(
    proxyConf,
    JSON.stringify(
      {
        rocketMQClusterName: APACHE5_CLUSTER_NAME,
        proxyMode: 'local',
        namesrvAddr,
        grpcServerPort: grpcPort,
        remotingListenPort: proxyRemotingPort,
        // Fewer threads on a 2-core machine; the defaults are sized for production.
        grpcThreadPoolNums: 8,
        enablePrintJstack: false,
        grpcShutdownTimeSeconds: 1,
        ...opts.extraProxyConf,
      },
      null,
      2,
    ),
  );

  const env = { ...process.env, ROCKETMQ_HOME: path.join(dir, 'home'), RMQ_PROXY_HOME: path.join(dir, 'home') };
  const started: ManagedProcess[] = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Broker first, so it does not spend its shutdown retrying an absent name server. A graceful 5.x proxy
    // shutdown waits for its gRPC server (30 s by default): test stores are thrown away, so 2 s grace.
    for (const p of [...started].reverse()) await p.stop(2000);
    if (!(opts.keepFiles || process.env.ORBIT_INTEROP_KEEP === '1')) fs.rmSync(dir, { recursive: true, force: true });
  };
  const logsDir = path.join(dir, 'user-home', 'logs', 'rocketmqlogs');
  const output = (lines = 30): string =>
    [
      ...started.map((p) => `--- ${p.name}${p.running() ? '' : ' (exited)'}:\n${tail(p.output(), lines)}`),
      `--- proxy.log:\n${fileTail(path.join(logsDir, 'proxy.log'), lines)}`,
      `--- broker.log:\n${fileTail(path.join(logsDir, 'broker.log'), lines)}`,
    ].join('\n');

  try {
    const namesrv = spawnManaged(
      `apache ${APACHE5_VERSION} namesrv ${namesrvAddr}`,
      'java',
      [...jvmArgs(dir, 128, 64), 'org.apache.rocketmq.namesrv.NamesrvStartup', '-c', namesrvConf],
      { cwd: dir, env, logFile: path.join(dir, 'logs', 'namesrv.out') },
    );
    started.push(namesrv);
    await waitForOutput(namesrv, /The Name Server boot success/, 60_000);
    const broker = spawnManaged(
      `apache ${APACHE5_VERSION} broker+proxy ${LOOPBACK}:${brokerPort} grpc ${grpcPort}`,
      'java',
      [
        ...jvmArgs(dir, opts.brokerHeapMb ?? 512, 256),
        'org.apache.rocketmq.proxy.ProxyStartup',
        '-pm',
        'local',
        '-bc',
        brokerConf,
        '-pc',
        proxyConf,
      ],
      { cwd: dir, env, logFile: path.join(dir, 'logs', 'broker.out') },
    );
    started.push(broker);
    await waitForOutput(broker, /rocketmq-proxy startup successfully/, 120_000);
    const deadline = Date.now() + 30_000;
    while (!(await masterAddrs(namesrvAddr).catch((): string[] => [])).includes(`${LOOPBACK}:${brokerPort}`)) {
      if (Date.now() > deadline) throw new Error(`broker ${LOOPBACK}:${brokerPort} did not register with ${namesrvAddr}\n${output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    namesrvAddr,
    brokerAddr: `${LOOPBACK}:${brokerPort}`,
    grpcEndpoint: `${LOOPBACK}:${grpcPort}`,
    createTopic: (topic, o) => createTopic(namesrvAddr, topic, o ?? {}),
    createGroup: (group, o) => createSubscriptionGroup(namesrvAddr, group, o),
    stop,
    output,
  };
}
