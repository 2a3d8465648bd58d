/**
 * `npm run bench -- java [--seconds 20] [--warmup 5] [--threads 64] [--size 128] [--queues 8]
 *                        [--targets orbit,apache] [--flush async,sync] [--modes single,ha] [--repeat 1] [--async-send]
 *                        [--apache-c1] [--profile]`
 *
 * Orbit vs Apache RocketMQ 4.9.7 measured by the same Java client (rocketmq-client 4.9.2, bench/java):
 * for each flush mode and target, a fresh cluster and topic, ProducerBench (W threads, sync sends of S
 * bytes, warm-up then N measured seconds), then ConsumerBench draining what was sent. Runs are interleaved
 * (flush × repeat × target) so that machine noise hits both targets alike; with --repeat > 1 the table
 * shows the best run per target. --profile writes a V8 CPU profile of the Orbit broker and prints its
 * hottest functions. Broker and client CPU time over the producer phase are measured from
 * /proc, as CPU-µs per message. Results also go to bench/results/java-*.json.
 *
 * Modes: `single` is one broker (ASYNC_MASTER, no slave); `ha` is a SYNC_MASTER master plus a slave of the same
 * implementation (interop/support/ha-pair.ts), where a send returns SEND_OK only once the slave acknowledged
 * it. Every run counts the send statuses (SLAVE_NOT_AVAILABLE, FLUSH_SLAVE_TIMEOUT, exceptions …); an `ha` run
 * also checks that the slave's commit log reaches the master's after the producer phase. The `ha` rows carry
 * the goal Orbit/Apache ≥ 1.2× in send TPS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { JAVA17_FLAGS, startApacheCluster, type ClusterHandle, type FlushDiskType } from '../../interop/apache/apache-cluster';
import { startHaPair, type HaPair } from '../../interop/support/ha-pair';
import { startOrbitCluster } from '../../interop/support/orbit-cluster';
import { spawnManaged, type ManagedProcess } from '../../interop/support/process';
import { runsDir } from '../../interop/support/paths';
import { argGetter, benchDir, createTopic, quietClientLogs, ensureBenchJar, fmt, out, parseResultLine, resultsDir, table } from './common';
import { summarizeCpuProfile } from './cpu-profile';
import { cpuSeconds, pidListeningOn, rssMb } from './proc-stats';

export type Target = 'orbit' | 'apache';
/** `single`: one broker; `ha`: SYNC_MASTER + slave of the same implementation. */
export type Mode = 'single' | 'ha';
/** Send TPS Orbit/Apache the SYNC_MASTER rows aim for (issue 15). */
export const HA_TPS_GOAL = 1.2;

export interface JavaBenchArgs {
  seconds: number;
  warmup: number;
  threads: number;
  size: number;
  queues: number;
  targets: Target[];
  flush: FlushDiskType[];
  /** Default ['single', 'ha']. */
  modes?: Mode[];
  repeat: number;
  asyncSend: boolean;
  apacheC1: boolean;
  /** Directory for `node --cpu-prof` of the Orbit processes, or undefined. */
  profileDir?: string;
}

function parseArgs(argv: string[]): JavaBenchArgs {
  const get = argGetter(argv);
  const targets = get('targets', 'orbit,apache').split(',').filter(Boolean);
  for (const t of targets) if (t !== 'orbit' && t !== 'apache') throw new Error(`unknown target ${t}`);
  const flush = get('flush', 'async,sync')
    .split(',')
    .filter(Boolean)
    .map((f): FlushDiskType => {
      if (f === 'async') return 'ASYNC_FLUSH';
      if (f === 'sync') return 'SYNC_FLUSH';
      throw new Error(`unknown flush ${f} (async|sync)`);
    });
  const modes = get('modes', 'single,ha').split(',').filter(Boolean);
  for (const m of modes) if (m !== 'single' && m !== 'ha') throw new Error(`unknown mode ${m} (single|ha)`);
  return {
    modes: modes as Mode[],
    seconds: Number(get('seconds', '20')),
    warmup: Number(get('warmup', '5')),
    threads: Number(get('threads', '64')),
    size: Number(get('size', '128')),
    queues: Number(get('queues', '8')),
    targets: targets as Target[],
    flush,
    repeat: Number(get('repeat', '1')),
    asyncSend: argv.includes('--async-send'),
    apacheC1: argv.includes('--apache-c1'),
    profileDir: argv.includes('--profile') ? path.join(resultsDir, `profile-${Date.now().toString(36)}`) : undefined,
  };
}

export interface JavaRunResult {
  target: Target;
  flush: FlushDiskType;
  mode: Mode;
  run: number;
  sendTps: number;
  avgRtMs: number;
  p50RtMs: number;
  p99RtMs: number;
  maxRtMs: number;
  failures: number;
  consumeTps: number;
  consumed: number;
  expected: number;
  e2eAvgMs: number;
  born2storeMs: number;
  /** Broker CPU-µs per acknowledged message over the producer phase (warm-up included). */
  brokerCpuUsPerMsg: number;
  brokerCpuPct: number;
  clientCpuPct: number;
  brokerRssMb: number;
  perSecond: number[];
  /** Every send of the producer run (warm-up included) by SendStatus, plus EXCEPTION. */
  statuses: Record<string, number>;
  /** Sends that did not return SEND_OK (other statuses and exceptions). */
  notSendOk: number;
  /** `ha` only: slave CPU over the producer phase, % of one core. */
  slaveCpuPct?: number;
  /** `ha` only: commit-log bytes the slave was behind right after the producer phase, and ms until it was not. */
  slaveBehindBytes?: number;
  slaveCatchUpMs?: number;
}

/** `SEND_OK:12,SLAVE_NOT_AVAILABLE:3` → counts. */
export function parseStatuses(text: string | undefined): Record<string, number> {
  const res: Record<string, number> = {};
  if (!text || text === 'none') return res;
  for (const part of text.split(',')) {
    const i = part.lastIndexOf(':');
    if (i > 0) res[part.slice(0, i)] = Number(part.slice(i + 1));
  }
  return res;
}

export const statusText = (s: Record<string, number>): string =>
  Object.entries(s)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ') || 'none';

/** Starts one bench/java main in a fresh client home (removed by `cleanup`); rocketmq-client logs at WARN. */
export function spawnJavaMain(classpath: string, main: string, args: string[], label: string): { proc: ManagedProcess; cleanup(): void } {
  fs.mkdirSync(runsDir, { recursive: true });
  const home = fs.mkdtempSync(path.join(runsDir, 'bench-client-'));
  const proc = spawnManaged(
    label,
    'java',
    [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-Djava.net.preferIPv4Stack=true',
      `-Duser.home=${home}`,
      `-Drocketmq.client.logRoot=${path.join(home, 'logs')}`,
      '-Drocketmq.client.logLevel=WARN',
      '-cp',
      classpath,
      `dev.orbit.bench.${main}`,
      ...args,
    ],
    { cwd: home },
  );
  return { proc, cleanup: () => fs.rmSync(home, { recursive: true, force: true }) };
}

/** Runs one bench/java main to completion; returns its output. */
async function runJavaMain(classpath: string, main: string, args: string[], label: string, onStart?: (pid: number | undefined) => void): Promise<string> {
  const { proc, cleanup } = spawnJavaMain(classpath, main, args, label);
  onStart?.(proc.child.pid);
  const code = await new Promise<number | null>((resolve) => {
    proc.child.once('exit', (c) => resolve(c));
    proc.child.once('error', () => resolve(-1));
  });
  cleanup();
  if (code !== 0 || !parseResultLine(proc.output())) {
    throw new Error(`${label} failed (exit ${code}):\n${proc.output().split('\n').slice(-40).join('\n')}`);
  }
  return proc.output();
}

/** A cluster to bench: its name server and the broker the producer writes to; `ha` has the pair. */
export type BenchCluster = ClusterHandle & { ha?: HaPair };

export async function startTarget(target: Target, flush: FlushDiskType, profileDir?: string, mode: Mode = 'single'): Promise<BenchCluster> {
  if (target === 'orbit' && profileDir) return profiled(profileDir, () => startTarget(target, flush, undefined, mode));
  if (mode === 'ha') {
    const pair = await startHaPair({ master: target, slave: target, role: 'SYNC_MASTER', flush, brokerHeapMb: 1024, mappedFileSizeCommitLog: 64 * 1024 * 1024 });
    return { namesrvAddr: pair.namesrvAddr, brokerAddr: pair.master.addr, stop: () => pair.stop(), output: (lines) => pair.output(lines), ha: pair };
  }
  if (target === 'orbit') return startOrbitCluster({ flush });
  // 1 GiB heap for benchmarks (apache-reference.md).
  return startApacheCluster({ flush, brokerHeapMb: 1024 });
}

/**
 * Starts Orbit processes that inherit a preload writing a CPU profile into `dir` when they exit (SIGTERM → exit 0);
 * Node 20 does not accept --cpu-prof in NODE_OPTIONS.
 */
async function profiled<T>(dir: string, start: () => Promise<T>): Promise<T> {
  fs.mkdirSync(dir, { recursive: true });
  const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, ORBIT_BENCH_CPU_PROF_DIR: process.env.ORBIT_BENCH_CPU_PROF_DIR };
  process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ''} --import ${pathToFileURL(path.join(benchDir, 'broker', 'cpu-prof-preload.mjs')).href}`.trim();
  process.env.ORBIT_BENCH_CPU_PROF_DIR = dir;
  try {
    return await start();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function runJavaOne(classpath: string, a: JavaBenchArgs, target: Target, flush: FlushDiskType, run: number, mode: Mode = 'single'): Promise<JavaRunResult> {
  const label = `${target}/${mode === 'ha' ? 'sync_master+slave/' : ''}${flush === 'SYNC_FLUSH' ? 'sync' : 'async'}#${run}`;
  out(`\n== ${label}: starting ${mode === 'ha' ? 'name server, SYNC_MASTER master and slave' : 'cluster'}`);
  const cluster = await startTarget(target, flush, a.profileDir, mode);
  const slavePid = cluster.ha?.slave.pid();
  let brokerPid: number | undefined;
  try {
    const topic = `BenchTopic_${Date.now().toString(36)}`;
    await createTopic(cluster.namesrvAddr, topic, a.queues);
    brokerPid = pidListeningOn(Number(cluster.brokerAddr.split(':')[1]));

    let clientPid: number | undefined;
    const b0 = cpuSeconds(brokerPid);
    const s0 = cpuSeconds(slavePid);
    let c0 = NaN;
    const t0 = process.hrtime.bigint();
    const prodArgs = ['-n', cluster.namesrvAddr, '-t', topic, '-w', String(a.threads), '-s', String(a.size), '-d', String(a.seconds), '-W', String(a.warmup)];
    if (a.asyncSend) prodArgs.push('-a');
    let c1 = NaN;
    const prodOut = await runJavaMain(classpath, 'ProducerBench', prodArgs, `ProducerBench ${label}`, (pid) => {
      clientPid = pid;
      c0 = cpuSeconds(pid);
      // The JVM's own CPU time is read just before it exits: sample it every 500 ms.
      const timer = setInterval(() => {
        const v = cpuSeconds(clientPid);
        if (Number.isFinite(v)) c1 = v;
        else clearInterval(timer);
      }, 500);
      timer.unref();
    });
    const wallSecs = Number(process.hrtime.bigint() - t0) / 1e9;
    const b1 = cpuSeconds(brokerPid);
    const s1 = cpuSeconds(slavePid);
    const rss = rssMb(brokerPid);
    const p = parseResultLine(prodOut) ?? {};
    const perSecond = prodOut
      .split('\n')
      .filter((l) => l.startsWith('STAT '))
      .map((l) => Number(/send_tps=(\d+)/.exec(l)?.[1] ?? NaN));
    const totalOk = Number(p.total_ok);
    const statuses = parseStatuses(p.statuses);
    const notSendOk = Object.entries(statuses).reduce((n, [k, v]) => (k === 'SEND_OK' ? n : n + v), 0);
    out(`   send: ${fmt(Number(p.send_tps))} msg/s, avg ${p.avg_rt_ms} ms, p50 ${p.p50_rt_ms} ms, p99 ${p.p99_rt_ms} ms, max ${p.max_rt_ms} ms, failures ${p.failures}`);
    out(`   statuses (warm-up included): ${statusText(statuses)}${notSendOk ? `  <-- ${fmt(notSendOk)} not SEND_OK` : ''}`);
    out(`   per second: ${perSecond.map((n) => fmt(n)).join(' ')}`);
    let slaveBehindBytes: number | undefined;
    let slaveCatchUpMs: number | undefined;
    if (cluster.ha) {
      const lag = await cluster.ha.lag();
      slaveBehindBytes = lag.behindBytes;
      slaveCatchUpMs = await cluster.ha.waitForCatchUp(30_000);
      out(
        `   slave: ${fmt(lag.behindBytes)} B behind the master (${fmt(lag.master)}) right after the last send, caught up ${fmt(slaveCatchUpMs)} ms later; ` +
          `slave CPU ${fmt(((s1 - s0) / wallSecs) * 100)} % of one core`,
      );
    }

    const consOut = await runJavaMain(
      classpath,
      'ConsumerBench',
      ['-n', cluster.namesrvAddr, '-t', topic, '-e', String(totalOk), '-d', String(Math.max(60, a.seconds * 4)), '-i', '10'],
      `ConsumerBench ${label}`,
    );
    const c = parseResultLine(consOut) ?? {};
    out(`   consume: ${fmt(Number(c.consume_tps))} msg/s, ${c.consumed}/${totalOk} messages, first after ${c.first_msg_after_ms} ms`);
    const res: JavaRunResult = {
      target,
      flush,
      mode,
      run,
      sendTps: Number(p.send_tps),
      avgRtMs: Number(p.avg_rt_ms),
      p50RtMs: Number(p.p50_rt_ms),
      p99RtMs: Number(p.p99_rt_ms),
      maxRtMs: Number(p.max_rt_ms),
      failures: Number(p.failures),
      consumeTps: Number(c.consume_tps),
      consumed: Number(c.consumed),
      expected: totalOk,
      e2eAvgMs: Number(c.e2e_avg_ms),
      born2storeMs: Number(c.born2store_avg_ms),
      brokerCpuUsPerMsg: ((b1 - b0) * 1e6) / totalOk,
      brokerCpuPct: ((b1 - b0) / wallSecs) * 100,
      clientCpuPct: ((c1 - c0) / wallSecs) * 100,
      brokerRssMb: rss,
      perSecond,
      statuses,
      notSendOk,
      slaveCpuPct: cluster.ha ? ((s1 - s0) / wallSecs) * 100 : undefined,
      slaveBehindBytes,
      slaveCatchUpMs,
    };
    out(
      `   broker CPU ${fmt(res.brokerCpuPct)} % of one core (${fmt(res.brokerCpuUsPerMsg, 1)} CPU-µs/msg), client JVM CPU ${fmt(res.clientCpuPct)} %, broker RSS ${fmt(rss)} MiB`,
    );
    return res;
  } catch (err) {
    if (cluster.output) out(cluster.output(20));
    throw err;
  } finally {
    await cluster.stop();
    if (target === 'orbit' && a.profileDir && brokerPid) {
      const prof = fs.readdirSync(a.profileDir).find((f) => f.includes(`.${brokerPid}.`) && f.endsWith('.cpuprofile'));
      if (prof) out(summarizeCpuProfile(path.join(a.profileDir, prof)));
      else out(`   (no CPU profile of broker pid ${brokerPid} in ${a.profileDir})`);
    }
  }
}

/** Full JIT for the Apache broker unless asked otherwise; builds bench/java; returns its classpath. */
export async function prepareJavaBench(apacheC1 = false): Promise<string> {
  if (!apacheC1) {
    // The interop launcher caps the broker JVM at C1 (fast start for tests); a benchmark runs the broker
    // as production does, with the full JIT. This only changes the flag list of this bench process.
    const i = JAVA17_FLAGS.indexOf('-XX:TieredStopAtLevel=1');
    if (i >= 0) JAVA17_FLAGS.splice(i, 1);
  }
  return ensureBenchJar();
}

export const flushName = (f: FlushDiskType): string => (f === 'SYNC_FLUSH' ? 'sync' : 'async');

export async function runJavaBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const a = parseArgs(argv);
  const classpath = await prepareJavaBench(a.apacheC1);
  out(
    `java bench: ${a.threads} threads × ${a.asyncSend ? 'async' : 'sync'} send of ${a.size} B, ${a.queues} queues, ` +
      `${a.warmup} s warm-up + ${a.seconds} s measured; targets ${a.targets.join(',')}; flush ${a.flush.map(flushName).join(',')}; ` +
      `repeat ${a.repeat}; ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  );
  out('(client and brokers share the machine; on a busy 2-core box figures vary by 15 % or more between runs)');

  const modes = a.modes ?? ['single', 'ha'];
  const results: JavaRunResult[] = [];
  for (const mode of modes) {
    for (const flush of a.flush) {
      for (let run = 1; run <= a.repeat; run++) {
        // Alternate which target goes first, so neither always runs on a cooler (or hotter) machine.
        const order = run % 2 === 1 ? a.targets : [...a.targets].reverse();
        for (const target of order) results.push(await runJavaOne(classpath, a, target, flush, run, mode));
      }
    }
  }

  const best = (target: Target, flush: FlushDiskType, mode: Mode): JavaRunResult | undefined =>
    results.filter((r) => r.target === target && r.flush === flush && r.mode === mode).sort((x, y) => y.sendTps - x.sendTps)[0];
  const rows: string[][] = [
    ['target', 'mode', 'flush', 'send TPS', 'avg RT ms', 'p50 RT ms', 'p99 RT ms', 'max RT ms', 'not SEND_OK', 'consume TPS', 'consumed', 'broker CPU-µs/msg', 'broker CPU %', 'send ×', 'consume ×'],
  ];
  const goals: string[] = [];
  for (const mode of modes) {
    for (const flush of a.flush) {
      const apache = best('apache', flush, mode);
      for (const target of a.targets) {
        const r = best(target, flush, mode);
        if (!r) continue;
        const ratio = (x: number, y: number | undefined): string => (target === 'orbit' && y ? fmt(x / y, 2) : '');
        rows.push([
          target,
          mode === 'ha' ? 'sync_master+slave' : 'single',
          flushName(flush),
          fmt(r.sendTps),
          fmt(r.avgRtMs, 2),
          fmt(r.p50RtMs, 1),
          fmt(r.p99RtMs, 1),
          fmt(r.maxRtMs, 0),
          String(r.notSendOk),
          fmt(r.consumeTps),
          `${r.consumed}/${r.expected}`,
          fmt(r.brokerCpuUsPerMsg, 1),
          fmt(r.brokerCpuPct),
          ratio(r.sendTps, apache?.sendTps),
          ratio(r.consumeTps, apache?.consumeTps),
        ]);
        if (mode === 'ha' && target === 'orbit' && apache) {
          const x = r.sendTps / apache.sendTps;
          goals.push(
            `SYNC_MASTER ${flushName(flush)} flush: Orbit/Apache send TPS ${fmt(x, 2)}× (goal ≥ ${HA_TPS_GOAL}×): ${x >= HA_TPS_GOAL ? 'met' : 'not met'}` +
              `; p99 ${fmt(r.p99RtMs, 1)} vs ${fmt(apache.p99RtMs, 1)} ms` +
              (r.notSendOk + apache.notSendOk > 0 ? `; not SEND_OK: Orbit ${r.notSendOk}, Apache ${apache.notSendOk}` : '; every send SEND_OK'),
          );
        }
      }
    }
  }
  out(`\n${a.repeat > 1 ? 'best of ' + a.repeat + ' runs per target; ' : ''}× = Orbit / Apache`);
  out(table(rows));
  if (goals.length) out(`\n${goals.join('\n')}`);

  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `java-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ args: a, loadavg: os.loadavg(), results }, null, 2));
  out(`\nresults: ${path.relative(process.cwd(), file)}`);
}
