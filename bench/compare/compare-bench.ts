/**
 * `npm run bench -- compare [--seconds 10] [--warmup 3] [--size 128] [--sections java,node]
 *                           [--systems orbit,nats,redis] [--ack async,sync] [--flush async,sync]
 *                           [--rate 10000] [--batch 64] [--docs]`
 *
 * One run, one machine, one table:
 * - java: the same Java benchmark driver (bench/java on rocketmq-client 4.9.2: 64 threads of sync sends of
 *   128 B, then a push consumer draining it) against Orbit and Apache RocketMQ 4.9.7, per flush mode;
 * - node: Orbit with its TS SDK against NATS JetStream and Redis Streams with their Node clients, at the same
 *   size and acknowledgement level: acked publishes (64 in flight), batches, a consumer group draining the
 *   stream, and born→consume latency at a fixed rate. Each client workload runs in a process of its own.
 * Installs what it lacks (Debian nats-server and redis-server, the bench jar, Apache's jars). Prints the
 * tables, the ratios and whether each goal of docs/benchmarks.md is met; writes bench/results/compare-*.{json,md}
 * and, with --docs, the results section of docs/benchmarks.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../../interop/support/paths';
import { spawnManaged } from '../../interop/support/process';
import type { FlushDiskType } from '../../interop/apache/apache-cluster';
import { argGetter, fmt, out, quietClientLogs, resultsDir, table } from '../broker/common';
import { flushName, prepareJavaBench, runJavaOne, type JavaRunResult, type Target } from '../broker/java-bench';
import { cpuSeconds, rssMb } from '../broker/proc-stats';
import { systems } from './systems';
import type { AckLevel, ClientArgs, ConsumeResult, LatencyResult, PublishResult, ServerHandle, Workload } from './types';

interface CompareArgs {
  seconds: number;
  warmup: number;
  size: number;
  sections: string[];
  systems: string[];
  ack: AckLevel[];
  flush: FlushDiskType[];
  javaThreads: number;
  concurrency: number;
  batch: number;
  batchConcurrency: number;
  rate: number;
  latencySeconds: number;
  docs: boolean;
}

function parseArgs(argv: string[]): CompareArgs {
  const get = argGetter(argv);
  const list = (name: string, def: string): string[] => get(name, def).split(',').filter(Boolean);
  const a: CompareArgs = {
    seconds: Number(get('seconds', '10')),
    warmup: Number(get('warmup', '3')),
    size: Number(get('size', '128')),
    sections: list('sections', 'java,node'),
    systems: list('systems', 'orbit,nats,redis'),
    ack: list('ack', 'async,sync') as AckLevel[],
    flush: list('flush', 'async,sync').map((f): FlushDiskType => (f === 'sync' ? 'SYNC_FLUSH' : 'ASYNC_FLUSH')),
    javaThreads: Number(get('java-threads', '64')),
    concurrency: Number(get('concurrency', '64')),
    batch: Number(get('batch', '64')),
    batchConcurrency: Number(get('batch-concurrency', '16')),
    rate: Number(get('rate', '10000')),
    latencySeconds: Number(get('latency-seconds', '10')),
    docs: argv.includes('--docs'),
  };
  for (const s of a.systems) if (!systems[s]) throw new Error(`unknown system ${s} (${Object.keys(systems).join(', ')})`);
  for (const k of a.ack) if (k !== 'async' && k !== 'sync') throw new Error(`unknown ack level ${k} (async|sync)`);
  return a;
}

interface NodeRow {
  system: string;
  ack: AckLevel;
  publish?: PublishResult & Cost;
  consume?: ConsumeResult & Cost;
  batch?: PublishResult & Cost;
  latency?: LatencyResult & Cost;
  serverRssMb?: number;
  error?: string;
}

/** CPU spent per message by the server processes and by the client process during one workload. */
interface Cost {
  serverCpuUsPerMsg: number;
  clientCpuUsPerMsg: number;
}

function machine(): string {
  const cpu = os.cpus();
  // First line of a tool's version output (java prints it on stderr).
  const version = (cmd: string, args: string[]): string => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.error) return 'not installed';
    return `${r.stdout}${r.stderr}`.split('\n')[0].trim();
  };
  return [
    `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.type()} ${os.release()}`,
    `node ${process.version}; ${version('java', ['-version'])}; nats-server ${version('nats-server', ['--version'])}; ${version('redis-server', ['--version']).replace(/ sha=.*$/, '')}`,
  ].join('\n');
}

async function runClient(system: string, workload: Workload, args: ClientArgs, server: ServerHandle): Promise<Record<string, number>> {
  const cpu0 = server.pids.reduce((s, p) => s + cpuSeconds(p), 0);
  const proc = spawnManaged(`${system} ${workload}`, process.execPath, [path.join(repoRoot, 'bin', 'orbit.js'), 'bench', 'peer-client', system, workload, '--json', JSON.stringify(args)], {
    cwd: repoRoot,
  });
  const code = await new Promise<number | null>((resolve) => {
    proc.child.once('exit', (c) => resolve(c));
    proc.child.once('error', () => resolve(-1));
  });
  const cpu1 = server.pids.reduce((s, p) => s + cpuSeconds(p), 0);
  const line = proc
    .output()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('RESULT {'));
  if (code !== 0 || !line) throw new Error(`${system} ${workload} failed (exit ${code}):\n${proc.output().split('\n').slice(-30).join('\n')}`);
  const r = JSON.parse(line.slice(7)) as Record<string, number>;
  r.serverCpuSeconds = cpu1 - cpu0;
  return r;
}

function withCost<T>(r: Record<string, number>, messages: number): T & Cost {
  const n = Math.max(1, messages);
  return { ...(r as unknown as T), serverCpuUsPerMsg: (r.serverCpuSeconds * 1e6) / n, clientCpuUsPerMsg: (r.clientCpuSeconds * 1e6) / n };
}

async function runNodeSystem(a: CompareArgs, system: string, ack: AckLevel): Promise<NodeRow> {
  const s = systems[system];
  const row: NodeRow = { system, ack };
  out(`\n== ${system} (${ack} ack): starting server`);
  const server = await s.server.start(ack);
  const tag = Date.now().toString(36);
  const base = { url: server.url, size: a.size, concurrency: a.concurrency, batch: a.batch, seconds: a.seconds, warmup: a.warmup, rate: a.rate, expect: 0, timeoutSeconds: 120 };
  try {
    const pubStream = `bench_pub_${tag}`;
    await s.server.prepare(server, pubStream);
    const pub = await runClient(system, 'publish', { ...base, stream: pubStream, group: `g_pub_${tag}` }, server);
    row.publish = withCost<PublishResult>(pub, pub.totalOk);
    out(`   publish: ${fmt(pub.tps)} msg/s, RT avg ${fmt(pub.avgRtMs, 2)} / p99 ${fmt(pub.p99RtMs, 2)} ms, failures ${pub.failures}`);

    const con = await runClient(system, 'consume', { ...base, stream: pubStream, group: `g_con_${tag}`, expect: pub.totalOk }, server);
    row.consume = withCost<ConsumeResult>(con, con.consumed);
    out(`   consume: ${fmt(con.tps)} msg/s, ${con.consumed}/${pub.totalOk}`);

    const batchStream = `bench_batch_${tag}`;
    await s.server.prepare(server, batchStream);
    const bat = await runClient(system, 'batch', { ...base, stream: batchStream, concurrency: a.batchConcurrency, group: `g_batch_${tag}` }, server);
    row.batch = withCost<PublishResult>(bat, bat.totalOk);
    out(`   batch of ${a.batch}: ${fmt(bat.tps)} msg/s, RT per batch avg ${fmt(bat.avgRtMs, 2)} / p99 ${fmt(bat.p99RtMs, 2)} ms, failures ${bat.failures}`);

    const latStream = `bench_lat_${tag}`;
    await s.server.prepare(server, latStream);
    const lat = await runClient(system, 'latency', { ...base, stream: latStream, seconds: a.latencySeconds, group: `g_lat_${tag}`, timeoutSeconds: 30 }, server);
    row.latency = withCost<LatencyResult>(lat, lat.received);
    out(`   latency at ${fmt(lat.rate)} msg/s: p50 ${fmt(lat.p50Ms, 2)}, p99 ${fmt(lat.p99Ms, 2)}, p99.9 ${fmt(lat.p999Ms, 2)}, max ${fmt(lat.maxMs, 1)} ms; ${lat.received}/${lat.sent} received`);
    row.serverRssMb = server.pids.reduce((sum, p) => sum + rssMb(p), 0);
  } catch (err) {
    row.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
    out(`   FAILED: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await server.stop();
  }
  return row;
}

interface Goal {
  goal: string;
  measured: string;
  met: boolean | undefined;
}

function ratio(x: number | undefined, y: number | undefined): number {
  return x !== undefined && y !== undefined && y > 0 ? x / y : NaN;
}

function evaluateGoals(a: CompareArgs, java: JavaRunResult[], node: NodeRow[]): Goal[] {
  const goals: Goal[] = [];
  const j = (t: Target, f: FlushDiskType): JavaRunResult | undefined => java.find((r) => r.target === t && r.flush === f);
  for (const f of a.flush) {
    const o = j('orbit', f);
    const ap = j('apache', f);
    if (!o || !ap) continue;
    const r = o.sendTps / ap.sendTps;
    goals.push({
      goal: `Java producer (${a.javaThreads} threads, sync send, ${flushName(f)} flush): Orbit ≥ 1.2× Apache TPS, p99 RT no worse`,
      measured: `${fmt(r, 2)}× (${fmt(o.sendTps)} vs ${fmt(ap.sendTps)} msg/s); p99 ${fmt(o.p99RtMs, 1)} vs ${fmt(ap.p99RtMs, 1)} ms`,
      met: r >= 1.2 && o.p99RtMs <= ap.p99RtMs,
    });
  }
  const orbitAsync = node.find((r) => r.system === 'orbit' && r.ack === 'async');
  if (orbitAsync?.batch) {
    goals.push({
      goal: `Batch send (TS SDK, ${a.batch} × ${a.size} B): ≥ 300,000 msg/s`,
      measured: `${fmt(orbitAsync.batch.tps)} msg/s`,
      met: orbitAsync.batch.tps >= 300_000,
    });
  }
  if (orbitAsync?.latency) {
    const l = orbitAsync.latency;
    goals.push({
      goal: `End-to-end p99 < 5 ms at ${fmt(a.rate)} msg/s (TS SDK producer → push consumer)`,
      measured: `p99 ${fmt(l.p99Ms, 2)} ms at ${fmt(l.rate)} msg/s (p50 ${fmt(l.p50Ms, 2)})`,
      met: l.p99Ms < 5 && l.rate >= a.rate * 0.95 && l.received === l.sent,
    });
  }
  for (const ack of a.ack) {
    const o = node.find((r) => r.system === 'orbit' && r.ack === ack && !r.error);
    for (const peer of a.systems.filter((s) => s !== 'orbit')) {
      const p = node.find((r) => r.system === peer && r.ack === ack && !r.error);
      if (!o || !p) continue;
      const parts = (['publish', 'batch', 'consume'] as const).map((w) => [w, ratio(o[w]?.tps, p[w]?.tps)] as const);
      goals.push({
        goal: `Node clients, ${ack} ack: Orbit ≥ 1.0× ${peer} (publish, batch, consume TPS)`,
        measured: parts.map(([w, r]) => `${w} ${fmt(r, 2)}×`).join(', '),
        met: parts.every(([, r]) => r >= 1.0),
      });
    }
  }
  return goals;
}

function javaTable(a: CompareArgs, java: JavaRunResult[]): string[][] {
  const rows = [['target', 'flush', 'send msg/s', 'avg RT ms', 'p99 RT ms', 'consume msg/s', 'broker CPU-µs/msg', 'broker RSS MiB', 'send ×', 'consume ×']];
  for (const f of a.flush) {
    const ap = java.find((r) => r.target === 'apache' && r.flush === f);
    for (const r of java.filter((x) => x.flush === f).sort((x) => (x.target === 'orbit' ? -1 : 1))) {
      const rel = (x: number, y: number | undefined): string => (r.target === 'orbit' && y ? `${fmt(x / y, 2)}×` : '');
      rows.push([
        r.target === 'orbit' ? 'Orbit' : 'Apache 4.9.7',
        flushName(f),
        fmt(r.sendTps),
        fmt(r.avgRtMs, 2),
        fmt(r.p99RtMs, 1),
        fmt(r.consumeTps),
        fmt(r.brokerCpuUsPerMsg, 1),
        fmt(r.brokerRssMb),
        rel(r.sendTps, ap?.sendTps),
        rel(r.consumeTps, ap?.consumeTps),
      ]);
    }
  }
  return rows;
}

const SYSTEM_LABEL: Record<string, string> = { orbit: 'Orbit (TS SDK)', nats: 'NATS JetStream', redis: 'Redis Streams' };

function nodeTable(a: CompareArgs, node: NodeRow[]): string[][] {
  const rows = [
    [
      'system',
      'ack',
      'publish msg/s',
      'RT p50/p99 ms',
      `batch(${a.batch}) msg/s`,
      'consume msg/s',
      `e2e p50/p99 ms @${fmt(a.rate / 1000)}k/s`,
      'server CPU-µs/msg',
      'client CPU-µs/msg',
      'publish ×',
      'batch ×',
      'consume ×',
    ],
  ];
  for (const ack of a.ack) {
    const o = node.find((r) => r.system === 'orbit' && r.ack === ack);
    for (const r of node.filter((x) => x.ack === ack)) {
      if (r.error) {
        rows.push([SYSTEM_LABEL[r.system] ?? r.system, ack, `failed: ${r.error.slice(0, 60)}`, '', '', '', '', '', '', '', '', '']);
        continue;
      }
      // The ratio columns are Orbit / this peer.
      const rel = (w: 'publish' | 'batch' | 'consume'): string => (r.system === 'orbit' ? '' : `${fmt(ratio(o?.[w]?.tps, r[w]?.tps), 2)}×`);
      rows.push([
        SYSTEM_LABEL[r.system] ?? r.system,
        ack,
        fmt(r.publish?.tps ?? NaN),
        `${fmt(r.publish?.p50RtMs ?? NaN, 2)} / ${fmt(r.publish?.p99RtMs ?? NaN, 2)}`,
        fmt(r.batch?.tps ?? NaN),
        fmt(r.consume?.tps ?? NaN),
        `${fmt(r.latency?.p50Ms ?? NaN, 2)} / ${fmt(r.latency?.p99Ms ?? NaN, 2)}`,
        fmt(r.publish?.serverCpuUsPerMsg ?? NaN, 1),
        fmt(r.publish?.clientCpuUsPerMsg ?? NaN, 1),
        rel('publish'),
        rel('batch'),
        rel('consume'),
      ]);
    }
  }
  return rows;
}

function markdown(rows: string[][]): string {
  const [head, ...body] = rows;
  return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const DOCS_BEGIN = '<!-- compare:begin -->';
const DOCS_END = '<!-- compare:end -->';

export async function runCompareBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const a = parseArgs(argv);
  const started = Date.now();
  const command = `npm run bench -- compare${argv.length ? ' ' + argv.join(' ') : ''}`;
  out(`compare: ${command}`);

  if (a.sections.includes('node')) {
    // A peer that cannot be installed (no root, no network) is left out of the table, not the whole run.
    for (const s of [...a.systems]) {
      try {
        await systems[s].server.ensureInstalled();
      } catch (err) {
        out(`${s}: not installed, left out (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
        a.systems = a.systems.filter((x) => x !== s);
      }
    }
  }
  const classpath = a.sections.includes('java') ? await prepareJavaBench() : '';
  const machineText = machine();
  out(machineText);
  out(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; clients and servers share the machine`);

  const java: JavaRunResult[] = [];
  if (a.sections.includes('java')) {
    const jargs = { seconds: a.seconds, warmup: a.warmup, threads: a.javaThreads, size: a.size, queues: 8, targets: ['orbit', 'apache'] as Target[], flush: a.flush, repeat: 1, asyncSend: false, apacheC1: false };
    for (const [i, f] of a.flush.entries()) {
      // Alternate which target goes first, so neither always runs on a cooler (or hotter) machine.
      const order: Target[] = i % 2 === 0 ? ['orbit', 'apache'] : ['apache', 'orbit'];
      for (const t of order) java.push(await runJavaOne(classpath, jargs, t, f, 1));
    }
  }

  const node: NodeRow[] = [];
  if (a.sections.includes('node')) {
    for (const ack of a.ack) {
      for (const s of a.systems) {
        if (!systems[s].server.ackLevels.includes(ack)) {
          out(`\n== ${s}: no ${ack} ack level (skipped)`);
          continue;
        }
        node.push(await runNodeSystem(a, s, ack));
      }
    }
  }

  const goals = evaluateGoals(a, java, node);
  const minutes = (Date.now() - started) / 60_000;
  const sections: string[] = [];
  if (java.length) {
    out(`\nJava benchmark driver (rocketmq-client 4.9.2, ${a.javaThreads} threads, sync send, ${a.size} B, 8 queues; × = Orbit / Apache)`);
    out(table(javaTable(a, java)));
    sections.push(
      `### Java client: Orbit vs Apache RocketMQ 4.9.7\n\nbench/java on rocketmq-client 4.9.2: ${a.javaThreads} threads of sync sends of ${a.size} B to 8 queues for ${a.warmup} s warm-up + ${a.seconds} s, then a push consumer draining them. × = Orbit / Apache.\n\n${markdown(javaTable(a, java))}`,
    );
  }
  if (node.length) {
    out(`\nNode clients (${a.size} B; publish: ${a.concurrency} in flight, each awaiting its ack; batch: ${a.batchConcurrency} × ${a.batch}; × = Orbit / that system)`);
    out(table(nodeTable(a, node)));
    sections.push(
      `### Node clients: Orbit (TS SDK) vs NATS JetStream and Redis Streams\n\n${a.size} B bodies. publish: ${a.concurrency} concurrent publishers each awaiting its ack, ${a.warmup} s warm-up + ${a.seconds} s; ` +
        `consume: a consumer group reading all that publish stored; batch: ${a.batchConcurrency} concurrent batches of ${a.batch}; ` +
        `e2e: born→consumed at ${fmt(a.rate)} msg/s for ${a.latencySeconds} s. async ack = stored, fsync later (Orbit ASYNC_FLUSH, JetStream file store, Redis AOF everysec); ` +
        `sync ack = fsync before the ack (Orbit SYNC_FLUSH, Redis appendfsync always). × = Orbit / that system.\n\n${markdown(nodeTable(a, node))}`,
    );
  }
  const goalRows = [['goal', 'measured', 'met'], ...goals.map((g) => [g.goal, g.measured, g.met === undefined ? '?' : g.met ? 'yes' : 'NO'])];
  out('\nGoals');
  out(table(goalRows));
  sections.push(`### Goals\n\n${markdown(goalRows)}`);
  out(`\ncompare took ${minutes.toFixed(1)} min`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const md = [`Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes.toFixed(1)} min: \`${command}\``, '', '```', machineText, '```', '', ...sections.flatMap((s) => [s, ''])].join('\n');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `compare-${stamp}.json`), JSON.stringify({ args: a, machine: machineText, java, node, goals }, null, 2));
  fs.writeFileSync(path.join(resultsDir, `compare-${stamp}.md`), md);
  out(`results: bench/results/compare-${stamp}.{json,md}`);
  if (a.docs) {
    const docs = path.join(repoRoot, 'docs', 'benchmarks.md');
    const text = fs.readFileSync(docs, 'utf8');
    const i = text.indexOf(DOCS_BEGIN);
    const k = text.indexOf(DOCS_END);
    if (i < 0 || k < i) throw new Error(`${docs} lacks the ${DOCS_BEGIN} … ${DOCS_END} markers`);
    fs.writeFileSync(docs, `${text.slice(0, i + DOCS_BEGIN.length)}\n${md}\n${text.slice(k)}`);
    out('docs/benchmarks.md updated');
  }
}
