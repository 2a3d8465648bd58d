/**
 * A master/slave replication pair (RocketMQ 4.9 classic HA) for the interop suite and the benchmarks: one name
 * server, a master broker of one implementation and a slave of the same or the other one, same cluster and
 * brokerName, on loopback; each broker can be crashed (SIGKILL), stopped and started again on its own store.
 *
 *   interop/.cache/runs/ha-<master>-<slave>-XXX/
 *     namesrv/  master/  slave/       each as server-process.ts lays it out (conf, store/, logs/)
 *
 * The name server is Orbit's unless told otherwise (option `namesrv`, env ORBIT_HA_NAMESRV=apache): it boots
 * in well under a second where a third JVM costs seconds of a 2-core machine, and its only part in HA (the
 * master's `masterAddr`/`haServerAddr` in a slave's REGISTER_BROKER response) is covered by its own tests;
 * with `namesrv: 'apache'` the pairing runs against the reference name server instead.
 *
 * The harness talks to the brokers with support/remoting-admin.ts (JSON frames, no Orbit code), so that what
 * it measures (attach, catch-up) does not depend on the implementation under test.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FlushDiskType } from '../apache/apache-cluster';
import { APACHE_LOADED_MACHINE_CONF, loopbackBrokerConf, type BrokerConfEntries, type BrokerRole } from './broker-conf';
import { runsDir } from './paths';
import { findFreeBrokerPort, findFreePort, LOOPBACK } from './ports';
import { invoke, parseFastjson } from './remoting-admin';
import { startableBroker, startableNamesrv, type Impl, type ServerProcess } from './server-process';

export type HaMasterRole = 'ASYNC_MASTER' | 'SYNC_MASTER';

export const HA_CLUSTER_NAME = 'DefaultCluster';
export const HA_BROKER_NAME = 'broker-ha';
/** The topic of the harness's attach probes (one queue, created on the master). */
export const HA_PROBE_TOPIC = 'HA_PAIR_PROBE';

const Code = { UPDATE_AND_CREATE_TOPIC: 17, GET_ALL_TOPIC_CONFIG: 21, GET_BROKER_RUNTIME_INFO: 28, SEND_MESSAGE_V2: 310 } as const;

export interface HaPairOptions {
  master: Impl;
  slave: Impl;
  /** Default ASYNC_MASTER. */
  role?: HaMasterRole;
  /** Both brokers; default ASYNC_FLUSH. */
  flush?: FlushDiskType;
  /** Default env ORBIT_HA_NAMESRV, else 'orbit'. */
  namesrv?: Impl;
  /** Must be equal on both (HA offsets are global commit-log offsets); default 16 MiB. */
  mappedFileSizeCommitLog?: number;
  /** Extra broker.conf keys for both brokers; masterConf / slaveConf override them per broker. */
  conf?: BrokerConfEntries;
  masterConf?: BrokerConfEntries;
  slaveConf?: BrokerConfEntries;
  /**
   * Give the slave `haMasterAddress` (the master's brokerIP2:haListenPort) instead of letting it learn it from
   * its REGISTER_BROKER response. Apache then never updates it from the name server.
   */
  slaveHaMasterAddress?: boolean;
  /** Max heap of Apache broker JVMs in MiB (default 384). */
  brokerHeapMb?: number;
  /** Wait until the slave holds the master's commit log before resolving (default true). */
  waitForAttach?: boolean;
  attachTimeoutMs?: number;
  /** Keep the run directory after stop(); also env ORBIT_INTEROP_KEEP=1. */
  keepFiles?: boolean;
}

/** One broker of the pair: its process plus what a test needs to address it. */
export interface HaBroker extends ServerProcess {
  readonly side: 'master' | 'slave';
  readonly brokerRole: BrokerRole;
  /** brokerIP2:haListenPort (Apache 4.9.7 always listens on listenPort+1; the conf says the same). */
  readonly haAddr: string;
  /** listenPort − 2: Apache's VIP channel, where a slave fetches the topic config (GET_ALL_TOPIC_CONFIG). */
  readonly vipAddr: string;
  readonly store: string;
  readonly conf: Readonly<BrokerConfEntries>;
  /** performance.now() at its last ready line (undefined before the first start). */
  readyAt(): number | undefined;
}

export interface AttachResult {
  /** ms from the slave's ready line until it held the master's commit log up to the probe. */
  sinceSlaveReadyMs: number;
  /** ms this call waited. */
  waitedMs: number;
  /** Response code of the probe send (SYNC_MASTER before the slave attached: 11 SLAVE_NOT_AVAILABLE). */
  probeCode: number;
  probeRemark?: string;
  /** Both brokers' commitLogMaxOffset when the slave had caught up. */
  offset: number;
}

export interface ReplicationLag {
  master: number;
  slave: number;
  /** master − slave, in commit-log bytes. */
  behindBytes: number;
}

export interface HaPair {
  /** `apache→orbit`: master impl → slave impl. */
  readonly label: string;
  readonly dir: string;
  readonly namesrvAddr: string;
  readonly namesrv: ServerProcess;
  readonly master: HaBroker;
  readonly slave: HaBroker;
  readonly role: HaMasterRole;
  /** Start-up figures: ms from spawn to ready line of each process, and the first attach. */
  readonly startup: { namesrvMs: number; masterMs: number; slaveMs: number; attach?: AttachResult };
  /** GET_BROKER_RUNTIME_INFO (28) of one broker. */
  runtimeInfo(broker: HaBroker): Promise<Record<string, string>>;
  commitLogMaxOffset(broker: HaBroker): Promise<number>;
  /** Both max offsets, read master first. */
  lag(): Promise<ReplicationLag>;
  /** Writes a probe message to the master and waits until the slave's commit log reaches the master's. */
  waitForAttach(timeoutMs?: number): Promise<AttachResult>;
  /** Waits (without writing) until the slave's commitLogMaxOffset equals the master's; resolves with the ms waited. */
  waitForCatchUp(timeoutMs?: number): Promise<number>;
  /**
   * Waits until the slave has copied `topic` from the master (its 10 s config sync): a slave answers pulls of a
   * topic it does not know with TOPIC_NOT_EXIST. Resolves with the ms waited.
   */
  waitForSlaveTopic(topic: string, timeoutMs?: number): Promise<number>;
  /** Tails of all three processes (and the Apache logback files), for failure messages. */
  output(lines?: number): string;
  /** Stops slave, master, name server (SIGTERM, then SIGKILL) and removes the run directory. Safe to call twice. */
  stop(keep?: boolean): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const host = (addr: string) => addr.slice(0, addr.lastIndexOf(':'));
const port = (addr: string) => Number(addr.slice(addr.lastIndexOf(':') + 1));

function defaultNamesrv(): Impl {
  const v = process.env.ORBIT_HA_NAMESRV;
  if (v === undefined || v === '') return 'orbit';
  if (v !== 'orbit' && v !== 'apache') throw new Error(`ORBIT_HA_NAMESRV: expected orbit or apache, got '${v}'`);
  return v;
}

function haBroker(proc: ServerProcess, side: 'master' | 'slave', conf: BrokerConfEntries): HaBroker {
  let readyAt: number | undefined;
  return {
    ...proc,
    async start(readyTimeoutMs?: number) {
      const ms = await proc.start(readyTimeoutMs);
      readyAt = performance.now();
      return ms;
    },
    side,
    brokerRole: conf.brokerRole as BrokerRole,
    haAddr: `${conf.brokerIP2}:${conf.haListenPort}`,
    vipAddr: `${host(proc.addr)}:${port(proc.addr) - 2}`,
    store: String(conf.storePathRootDir),
    conf,
    readyAt: () => readyAt,
  };
}

/** Starts name server, master, slave (in that order: a slave started first would wait ≤ 30 s to learn its master). */
export async function startHaPair(opts: HaPairOptions): Promise<HaPair> {
  const role = opts.role ?? 'ASYNC_MASTER';
  const flush = opts.flush ?? 'ASYNC_FLUSH';
  const namesrvImpl = opts.namesrv ?? defaultNamesrv();
  const fileSize = opts.mappedFileSizeCommitLog ?? 16 * 1024 * 1024;
  const label = `${opts.master}→${opts.slave}`;
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, `ha-${opts.master}-${opts.slave}-`));

  const namesrvPort = await findFreePort();
  const masterPort = await findFreeBrokerPort();
  const slavePort = await findFreeBrokerPort();
  const namesrvAddr = `${LOOPBACK}:${namesrvPort}`;
  const brokerConf = (side: 'master' | 'slave', impl: Impl, brokerPort: number, brokerRole: BrokerRole, own?: BrokerConfEntries): BrokerConfEntries => ({
    ...loopbackBrokerConf({
      clusterName: HA_CLUSTER_NAME,
      brokerName: HA_BROKER_NAME,
      namesrvAddr,
      brokerPort,
      store: path.join(dir, side, 'store'),
      flush,
      role: brokerRole,
    }),
    mappedFileSizeCommitLog: fileSize,
    ...(impl === 'apache' ? APACHE_LOADED_MACHINE_CONF : {}),
    ...opts.conf,
    ...own,
  });
  const masterConf = brokerConf('master', opts.master, masterPort, role, opts.masterConf);
  const slaveConf = brokerConf('slave', opts.slave, slavePort, 'SLAVE', {
    ...(opts.slaveHaMasterAddress ? { haMasterAddress: `${masterConf.brokerIP2}:${masterConf.haListenPort}` } : {}),
    ...opts.slaveConf,
  });
  if (masterConf.mappedFileSizeCommitLog !== slaveConf.mappedFileSizeCommitLog) {
    throw new Error(`mappedFileSizeCommitLog must be equal on master and slave (${masterConf.mappedFileSizeCommitLog} vs ${slaveConf.mappedFileSizeCommitLog})`);
  }

  const namesrv = await startableNamesrv(namesrvImpl, { dir: path.join(dir, 'namesrv'), port: namesrvPort });
  const master = haBroker(await startableBroker(opts.master, { dir: path.join(dir, 'master'), conf: masterConf, heapMb: opts.brokerHeapMb }), 'master', masterConf);
  const slave = haBroker(await startableBroker(opts.slave, { dir: path.join(dir, 'slave'), conf: slaveConf, heapMb: opts.brokerHeapMb }), 'slave', slaveConf);

  const output = (lines = 30): string =>
    ([['name server', namesrv], ['master', master], ['slave', slave]] as const).map(([what, p]) => `=== ${what} (${p.impl}) ${p.addr}\n${p.output(lines)}`).join('\n');
  let stopped = false;
  const stop = async (keep = false): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Slave first: a slave outliving its master only logs reconnect attempts; a master outliving its
    // name server retries registration during its own shutdown.
    for (const p of [slave, master, namesrv]) await p.stop();
    if (!(keep || opts.keepFiles || process.env.ORBIT_INTEROP_KEEP === '1')) fs.rmSync(dir, { recursive: true, force: true });
  };

  const runtimeInfo = async (broker: HaBroker): Promise<Record<string, string>> => {
    let r = await invoke(broker.addr, Code.GET_BROKER_RUNTIME_INFO, {}, 3000);
    // Apache answers 1 SYSTEM_ERROR (NoSuchElementException from StoreStatsService's empty sample list) until
    // its stats thread took the first sample, 1 s after start: right after a restart, ask again.
    for (let i = 0; i < 30 && r.code === 1; i++) {
      await sleep(100);
      r = await invoke(broker.addr, Code.GET_BROKER_RUNTIME_INFO, {}, 3000);
    }
    if (r.code !== 0) throw new Error(`GET_BROKER_RUNTIME_INFO on ${broker.side} ${broker.addr}: code ${r.code} ${r.remark ?? ''}`);
    return parseFastjson(r.body.toString('utf8')).table ?? {};
  };
  const commitLogMaxOffset = async (broker: HaBroker): Promise<number> => {
    const v = (await runtimeInfo(broker)).commitLogMaxOffset;
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n)) throw new Error(`${broker.side} ${broker.addr}: runtime info has no commitLogMaxOffset (${v})`);
    return n;
  };
  const lag = async (): Promise<ReplicationLag> => {
    const m = await commitLogMaxOffset(master);
    const s = await commitLogMaxOffset(slave);
    return { master: m, slave: s, behindBytes: m - s };
  };

  const waitForCatchUp = async (timeoutMs = 30_000): Promise<number> => {
    const t0 = performance.now();
    let last: ReplicationLag | undefined;
    let lastErr: unknown;
    while (performance.now() - t0 < timeoutMs) {
      try {
        last = await lag();
        if (last.behindBytes === 0) return performance.now() - t0;
      } catch (err) {
        // A broker restarting or briefly busy: keep polling until the deadline.
        lastErr = err;
      }
      await sleep(50);
    }
    const state = last ? `master ${last.master}, slave ${last.slave}` : `no runtime info (${(lastErr as Error)?.message})`;
    throw new Error(`${label}: slave did not catch up with the master within ${Math.round(timeoutMs)} ms (${state}):\n${output(40)}`);
  };

  const waitForSlaveTopic = async (topic: string, timeoutMs = 30_000): Promise<number> => {
    const t0 = performance.now();
    while (performance.now() - t0 < timeoutMs) {
      const r = await invoke(slave.addr, Code.GET_ALL_TOPIC_CONFIG, {}, 3000).catch(() => undefined);
      // Apache answers 1 SYSTEM_ERROR "No topic in this broker" while the table is empty.
      if (r?.code === 0 && topic in (parseFastjson(r.body.toString('utf8')).topicConfigTable ?? {})) return performance.now() - t0;
      await sleep(200);
    }
    throw new Error(`${label}: the slave did not copy topic ${topic} from the master within ${Math.round(timeoutMs)} ms:\n${output(20)}`);
  };

  let probeTopicCreated = false;
  let probeSeq = 0;
  const waitForAttach = async (timeoutMs = opts.attachTimeoutMs ?? 60_000): Promise<AttachResult> => {
    const t0 = performance.now();
    if (!probeTopicCreated) {
      const r = await invoke(master.addr, Code.UPDATE_AND_CREATE_TOPIC, {
        topic: HA_PROBE_TOPIC,
        defaultTopic: 'TBW102',
        readQueueNums: '1',
        writeQueueNums: '1',
        perm: '6',
        topicFilterType: 'SINGLE_TAG',
        topicSysFlag: '0',
        order: 'false',
      });
      if (r.code !== 0) throw new Error(`${label}: creating ${HA_PROBE_TOPIC} on the master: code ${r.code} ${r.remark ?? ''}`);
      probeTopicCreated = true;
    }
    const body = `probe ${++probeSeq}`;
    // The send waits at most slaveTimeout (3 s) on a SYNC_MASTER; 11/12 still mean "stored on the master".
    const sent = await invoke(
      master.addr,
      Code.SEND_MESSAGE_V2,
      {
        a: 'HA_PAIR_PROBE_PRODUCER',
        b: HA_PROBE_TOPIC,
        c: 'TBW102',
        d: '1',
        e: '0',
        f: '0',
        g: String(Date.now()),
        h: '0',
        i: `WAIT\u0001true\u0002KEYS\u0001${body.replace(' ', '-')}\u0002`,
        j: '0',
        k: 'false',
        m: 'false',
      },
      10_000,
      Buffer.from(body),
    );
    if (![0, 10, 11, 12].includes(sent.code)) throw new Error(`${label}: probe send to the master: code ${sent.code} ${sent.remark ?? ''}`);
    await waitForCatchUp(Math.max(1, timeoutMs - (performance.now() - t0)));
    const done = performance.now();
    return {
      sinceSlaveReadyMs: done - (slave.readyAt() ?? t0),
      waitedMs: done - t0,
      probeCode: sent.code,
      probeRemark: sent.remark,
      offset: await commitLogMaxOffset(master),
    };
  };

  const startup: { namesrvMs: number; masterMs: number; slaveMs: number; attach?: AttachResult } = { namesrvMs: 0, masterMs: 0, slaveMs: 0 };
  try {
    startup.namesrvMs = await namesrv.start();
    startup.masterMs = await master.start();
    startup.slaveMs = await slave.start();
    if (opts.waitForAttach ?? true) startup.attach = await waitForAttach();
  } catch (err) {
    const message = `${label} pair did not start: ${(err as Error).message}\n${output(40)}`;
    await stop();
    throw new Error(message, { cause: err });
  }
  return { label, dir, namesrvAddr, namesrv, master, slave, role, startup, runtimeInfo, commitLogMaxOffset, lag, waitForAttach, waitForCatchUp, waitForSlaveTopic, output, stop };
}
