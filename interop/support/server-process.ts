/**
 * One name server or broker process of either implementation, started from its own directory and conf and
 * restartable on the same files: the building block of apache-cluster.ts, orbit-cluster.ts and ha-pair.ts.
 *
 *   <dir>/broker.conf | namesrv.conf   the conf it was started with
 *   <dir>/logs/<kind>.out              stdout + stderr of every run, appended
 *   <dir>/logs/<kind>.log              Apache only: its logback file (broker.log also holds the store/HA lines)
 *   <dir>/home/, <dir>/user-home/      Apache only: ROCKETMQ_HOME (conf/logback_*.xml) and user.home
 *
 * Apache's processes print almost nothing on stdout, so {@link ServerProcess.output} appends the tail of the
 * logback file: that is where a failed HA attach or a refused request shows up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { apacheClasspath, ensureApacheLib, ensureJavaBuild } from './maven';
import { repoRoot } from './paths';
import { LOOPBACK } from './ports';
import { spawnManaged, tail, waitForOutput, type ManagedProcess } from './process';
import { confText, escapeRegExp, type BrokerConfEntries } from './broker-conf';

export type Impl = 'orbit' | 'apache';
export type ServerKind = 'namesrv' | 'broker';

export const IMPLS: readonly Impl[] = ['orbit', 'apache'];

/** A server process that can be started, crashed and started again on the same store. */
export interface ServerProcess {
  readonly impl: Impl;
  readonly kind: ServerKind;
  readonly name: string;
  /** host:port of its remoting listener. */
  readonly addr: string;
  readonly dir: string;
  /** Spawns it (again, same conf and store); resolves with the ms from spawn to its ready line. */
  start(readyTimeoutMs?: number): Promise<number>;
  /** SIGKILL (kill -9); resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  running(): boolean;
  pid(): number | undefined;
  /** How many times it was spawned. */
  starts(): number;
  /** Tail of what the current (or last) run printed, plus the logback tail for Apache. */
  output(lines?: number): string;
}

interface LaunchSpec {
  impl: Impl;
  kind: ServerKind;
  name: string;
  addr: string;
  dir: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  ready: RegExp;
  readyTimeoutMs: number;
  /** Grace of stop() when the caller names none. */
  graceMs: number;
  /** Log files whose tail output() adds. */
  logFiles?: string[];
}

function fileTail(file: string, lines: number): string {
  try {
    return tail(fs.readFileSync(file, 'utf8').trimEnd(), lines);
  } catch {
    return '(none)';
  }
}

function restartable(spec: LaunchSpec): ServerProcess {
  const logs = path.join(spec.dir, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  let proc: ManagedProcess | undefined;
  let count = 0;
  return {
    impl: spec.impl,
    kind: spec.kind,
    name: spec.name,
    addr: spec.addr,
    dir: spec.dir,
    async start(readyTimeoutMs = spec.readyTimeoutMs) {
      if (proc?.running()) throw new Error(`${spec.name} is already running (pid ${proc.child.pid})`);
      count++;
      const t0 = performance.now();
      proc = spawnManaged(`${spec.name}${count > 1 ? ` (start #${count})` : ''}`, spec.command, spec.args, {
        env: spec.env,
        cwd: spec.cwd,
        logFile: path.join(logs, `${spec.kind}.out`),
      });
      await waitForOutput(proc, spec.ready, readyTimeoutMs);
      return performance.now() - t0;
    },
    kill: async () => proc?.kill(),
    stop: async (graceMs = spec.graceMs) => proc?.stop(graceMs),
    running: () => proc?.running() ?? false,
    pid: () => proc?.child.pid,
    starts: () => count,
    output(lines = 30) {
      const parts = [`--- ${proc?.name ?? spec.name}${proc ? (proc.running() ? '' : ' (exited)') : ' (never started)'}:\n${tail(proc?.output() ?? '', lines)}`];
      for (const f of spec.logFiles ?? []) parts.push(`--- ${spec.name} ${path.relative(spec.dir, f)}:\n${fileTail(f, lines)}`);
      return parts.join('\n');
    },
  };
}

const addrOf = (conf: BrokerConfEntries): string => `${conf.brokerIP1 ?? LOOPBACK}:${conf.listenPort}`;

function writeConf(dir: string, file: string, conf: BrokerConfEntries): string {
  fs.mkdirSync(dir, { recursive: true });
  const p = path.join(dir, file);
  fs.writeFileSync(p, confText(conf));
  return p;
}

// ------------------------------------------------------------------ Orbit

const ORBIT_BIN = path.join(repoRoot, 'bin', 'orbit.js');

function orbitEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, HOME: path.join(dir, 'home'), ORBIT_LOG_LEVEL: process.env.ORBIT_LOG_LEVEL ?? 'warn' };
}

/** `orbit namesrv` on `port`, its KV config under `<dir>/namesrv`. */
export function orbitNamesrv(opts: { dir: string; port: number; readyTimeoutMs?: number }): ServerProcess {
  const addr = `${LOOPBACK}:${opts.port}`;
  return restartable({
    impl: 'orbit',
    kind: 'namesrv',
    name: `orbit namesrv ${addr}`,
    addr,
    dir: opts.dir,
    command: process.execPath,
    args: [ORBIT_BIN, 'namesrv', '--host', LOOPBACK, '--port', String(opts.port), '--data-dir', path.join(opts.dir, 'namesrv')],
    env: orbitEnv(opts.dir),
    cwd: repoRoot,
    ready: new RegExp(`orbit namesrv listening on ${escapeRegExp(addr)}`),
    readyTimeoutMs: opts.readyTimeoutMs ?? 30_000,
    graceMs: 5000,
  });
}

/**
 * `orbit broker -c <dir>/broker.conf`, with the address, store, names and flush type also given as flags,
 * exactly as an operator (and the rest of the interop suite) runs it.
 */
export function orbitBroker(opts: { dir: string; conf: BrokerConfEntries; readyTimeoutMs?: number }): ServerProcess {
  const { conf } = opts;
  const addr = addrOf(conf);
  const file = writeConf(opts.dir, 'broker.conf', conf);
  const flag = (name: string, key: string): string[] => (conf[key] === undefined ? [] : [name, String(conf[key])]);
  return restartable({
    impl: 'orbit',
    kind: 'broker',
    name: `orbit broker ${addr}`,
    addr,
    dir: opts.dir,
    command: process.execPath,
    args: [
      ORBIT_BIN,
      'broker',
      ...flag('--namesrv', 'namesrvAddr'),
      '--host',
      LOOPBACK,
      ...flag('--port', 'listenPort'),
      ...flag('--store', 'storePathRootDir'),
      ...flag('--name', 'brokerName'),
      ...flag('--cluster', 'brokerClusterName'),
      '--flush',
      conf.flushDiskType === 'SYNC_FLUSH' ? 'sync' : 'async',
      '-c',
      file,
    ],
    env: orbitEnv(opts.dir),
    cwd: repoRoot,
    ready: new RegExp(`boot success.*listening on ${escapeRegExp(addr)}`),
    readyTimeoutMs: opts.readyTimeoutMs ?? 30_000,
    graceMs: 5000,
  });
}

// ------------------------------------------------------------------ Apache RocketMQ 4.9.7

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

export interface ApacheHome {
  home: string;
  userHome: string;
  logs: string;
}

/**
 * ROCKETMQ_HOME with logback confs writing to `<dir>/logs/<name>.log`, a user.home, and `homeFiles` (by path
 * relative to the home, e.g. `conf/plain_acl.yml`). Processes sharing a dir share the home.
 */
export function prepareApacheHome(dir: string, homeFiles: Record<string, string> = {}): ApacheHome {
  const home = path.join(dir, 'home');
  const userHome = path.join(dir, 'user-home');
  const logs = path.join(dir, 'logs');
  for (const d of [path.join(home, 'conf'), userHome, logs]) fs.mkdirSync(d, { recursive: true });
  for (const name of ['namesrv', 'broker', 'tools']) {
    fs.writeFileSync(path.join(home, 'conf', `logback_${name}.xml`), logbackXml(path.join(logs, `${name}.log`)));
  }
  for (const [rel, text] of Object.entries(homeFiles)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text);
  }
  return { home, userHome, logs };
}

/**
 * RocketMQ 4.9.7 cannot be told which address to listen on: the loopback agent from interop/java rewrites
 * the listen address of the remoting, VIP and HA listeners to 127.0.0.1.
 */
async function apacheJvm(home: ApacheHome, heapMb: number, name: string): Promise<string[]> {
  await ensureApacheLib();
  const { agentJar } = await ensureJavaBuild();
  return [
    `-Xms${Math.min(64, heapMb)}m`,
    `-Xmx${heapMb}m`,
    ...JAVA17_FLAGS,
    `-javaagent:${agentJar}=${LOOPBACK}`,
    `-Drocketmq.home.dir=${home.home}`,
    `-Duser.home=${home.userHome}`,
    `-Drocketmq.client.logRoot=${home.logs}`,
    // A nearly full CI disk must not make the broker refuse writes.
    '-Drocketmq.broker.diskSpaceWarningLevelRatio=0.99',
    '-Drocketmq.broker.diskSpaceCleanForciblyRatio=0.98',
    // TLS is "permissive" by default: building the self-signed SSLContext costs ~2 s per server.
    '-Dtls.server.mode=disabled',
    `-Dorbit.interop.process=${name}`,
    '-cp',
    apacheClasspath(),
  ];
}

export interface ApacheProcessOptions {
  dir: string;
  /** Share a home prepared by the caller (default: one in `dir`). */
  home?: ApacheHome;
  heapMb?: number;
  readyTimeoutMs?: number;
}

/** Apache's NamesrvStartup on `port` (128 MiB heap). */
export async function apacheNamesrv(opts: ApacheProcessOptions & { port: number }): Promise<ServerProcess> {
  const home = opts.home ?? prepareApacheHome(opts.dir);
  const addr = `${LOOPBACK}:${opts.port}`;
  const conf = writeConf(opts.dir, 'namesrv.conf', { listenPort: opts.port, kvConfigPath: path.join(opts.dir, 'namesrv', 'kvConfig.json') });
  return restartable({
    impl: 'apache',
    kind: 'namesrv',
    name: `apache namesrv ${addr}`,
    addr,
    dir: opts.dir,
    command: 'java',
    args: [...(await apacheJvm(home, opts.heapMb ?? 128, 'namesrv')), 'org.apache.rocketmq.namesrv.NamesrvStartup', '-c', conf],
    env: { ...process.env, ROCKETMQ_HOME: home.home },
    cwd: opts.dir,
    ready: /The Name Server boot success/,
    readyTimeoutMs: opts.readyTimeoutMs ?? 60_000,
    // Short grace: test stores are thrown away, and a graceful 4.9.7 shutdown takes ~5 s.
    graceMs: 1000,
    logFiles: [path.join(home.logs, 'namesrv.log')],
  });
}

/** Apache's BrokerStartup with `<dir>/broker.conf` = `conf` (384 MiB heap unless told). */
export async function apacheBroker(opts: ApacheProcessOptions & { conf: BrokerConfEntries }): Promise<ServerProcess> {
  const home = opts.home ?? prepareApacheHome(opts.dir);
  const addr = addrOf(opts.conf);
  const conf = writeConf(opts.dir, 'broker.conf', opts.conf);
  return restartable({
    impl: 'apache',
    kind: 'broker',
    name: `apache broker ${addr}`,
    addr,
    dir: opts.dir,
    command: 'java',
    args: [...(await apacheJvm(home, opts.heapMb ?? 384, 'broker')), 'org.apache.rocketmq.broker.BrokerStartup', '-c', conf],
    env: { ...process.env, ROCKETMQ_HOME: home.home },
    cwd: opts.dir,
    ready: /The broker\[[^\]]*\] boot success/,
    readyTimeoutMs: opts.readyTimeoutMs ?? 90_000,
    graceMs: 1000,
    logFiles: [path.join(home.logs, 'broker.log')],
  });
}

/** A name server of `impl` in `dir` on `port`. */
export function startableNamesrv(impl: Impl, opts: { dir: string; port: number }): Promise<ServerProcess> {
  return impl === 'apache' ? apacheNamesrv(opts) : Promise.resolve(orbitNamesrv(opts));
}

/** A broker of `impl` in `dir` with `conf` (its own home and logs for Apache). */
export function startableBroker(impl: Impl, opts: { dir: string; conf: BrokerConfEntries; heapMb?: number }): Promise<ServerProcess> {
  return impl === 'apache' ? apacheBroker(opts) : Promise.resolve(orbitBroker(opts));
}
