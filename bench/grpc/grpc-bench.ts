/**
 * `npm run bench -- grpc [--targets orbit,apache] [--seconds 10] [--warmup 3] [--size 128] [--concurrency 32]
 *                        [--consumers 4] [--rate 500] [--latency-seconds 10]`
 *
 * The 5.x gRPC endpoints with one client: Apache's Node client (rocketmq-client-nodejs 1.0.8) against Orbit's
 * proxy (`orbit proxy` in front of an Orbit name server and broker) and against Apache RocketMQ 5.3.3's proxy (Local
 * mode, the interop control), each workload in a process of its own: acked sends with `concurrency` in flight, a
 * SimpleConsumer group draining what was sent (receive 32 + ack, `consumers` loops), and born→consume latency of a
 * PushConsumer at `rate` msg/s. Server CPU is the endpoint's and broker's processes. Goal (issue 16): Orbit ≥ 1.5×
 * Apache on each row (latency: Apache's p99 ≥ 1.5× Orbit's). Writes bench/results/grpc-*.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../interop/support/paths';
import { spawnManaged } from '../../interop/support/process';
import { GRPC_TARGETS, type GrpcClusterHandle } from '../../interop/support/grpc-targets';
import { argGetter, fmt, out, resultsDir, table } from '../broker/common';
import { cpuSeconds, pidListeningOn } from '../broker/proc-stats';
import type { ClientArgs } from '../compare/types';

type TargetName = keyof typeof GRPC_TARGETS;

interface Row {
  target: TargetName;
  publishTps: number;
  publishP99Ms: number;
  consumeTps: number;
  consumed: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyP999Ms: number;
  latencyLost: number;
  serverCpuUsPerMsg: number;
}

function serverPids(h: GrpcClusterHandle): number[] {
  const ports = [h.grpcEndpoint, h.brokerAddr].map((a) => Number(a.slice(a.lastIndexOf(':') + 1)));
  return [...new Set(ports.map((p) => pidListeningOn(p)).filter((p): p is number => p !== undefined))];
}

async function runClient(workload: string, args: ClientArgs, pids: number[]): Promise<Record<string, number>> {
  const cpu0 = pids.reduce((s, p) => s + cpuSeconds(p), 0);
  const proc = spawnManaged(`grpc ${workload}`, process.execPath, [path.join(repoRoot, 'bin', 'orbit.js'), 'bench', 'grpc-client', workload, '--json', JSON.stringify(args)], { cwd: repoRoot });
  const code = await new Promise<number | null>((resolve) => {
    proc.child.once('exit', (c) => resolve(c));
    proc.child.once('error', () => resolve(-1));
  });
  const line = proc.output().split('\n').reverse().find((l) => l.startsWith('RESULT {'));
  if (code !== 0 || !line) throw new Error(`grpc ${workload} failed (exit ${code}):\n${proc.output().split('\n').slice(-30).join('\n')}`);
  const r = JSON.parse(line.slice(7)) as Record<string, number>;
  r.serverCpuSeconds = pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
  return r;
}

async function runTarget(name: TargetName, a: Record<string, number>): Promise<Row> {
  out(`\n== ${name}: starting`);
  const h = await GRPC_TARGETS[name].start();
  try {
    const tag = Date.now().toString(36);
    const pids = serverPids(h);
    const base: ClientArgs = { url: h.grpcEndpoint, stream: `grpc_pub_${tag}`, size: a.size, concurrency: a.concurrency, batch: 1, seconds: a.seconds, warmup: a.warmup, rate: a.rate, expect: 0, timeoutSeconds: 120, group: `grpc_g_${tag}` };
    await h.createTopic(base.stream);
    out(`   publish: ${a.concurrency} in flight, ${a.size} B, ${a.warmup} + ${a.seconds} s`);
    const pub = await runClient('publish', base, pids);
    out(`   consume: ${pub.totalOk} messages, ${a.consumers} receive loops`);
    const con = await runClient('consume', { ...base, concurrency: a.consumers, expect: pub.totalOk }, pids);
    const latStream = `grpc_lat_${tag}`;
    await h.createTopic(latStream);
    out(`   latency: ${a.rate} msg/s for ${a.latencySeconds} s`);
    const lat = await runClient('latency', { ...base, stream: latStream, group: `grpc_lg_${tag}`, seconds: a.latencySeconds, timeoutSeconds: 30 }, pids);
    const msgs = pub.totalOk + con.consumed + lat.sent;
    return {
      target: name,
      publishTps: pub.tps,
      publishP99Ms: pub.p99RtMs,
      consumeTps: con.tps,
      consumed: con.consumed,
      latencyP50Ms: lat.p50Ms,
      latencyP99Ms: lat.p99Ms,
      latencyP999Ms: lat.p999Ms,
      latencyLost: lat.sent - lat.received,
      serverCpuUsPerMsg: ((pub.serverCpuSeconds + con.serverCpuSeconds + lat.serverCpuSeconds) * 1e6) / Math.max(1, msgs),
    };
  } finally {
    await h.stop();
  }
}

const GOAL = 1.5;

export async function runGrpcBench(argv: string[]): Promise<void> {
  const arg = argGetter(argv);
  const targets = arg('targets', 'orbit,apache').split(',') as TargetName[];
  for (const t of targets) if (!GRPC_TARGETS[t]) throw new Error(`unknown target ${t} (orbit, apache)`);
  const a = {
    seconds: Number(arg('seconds', '10')),
    warmup: Number(arg('warmup', '3')),
    size: Number(arg('size', '128')),
    concurrency: Number(arg('concurrency', '32')),
    consumers: Number(arg('consumers', '4')),
    rate: Number(arg('rate', '500')),
    latencySeconds: Number(arg('latency-seconds', '10')),
  };
  const rows: Row[] = [];
  for (const t of targets) rows.push(await runTarget(t, a));
  out('');
  out(
    table([
      ['target', 'send msg/s', 'send p99 ms', 'receive+ack msg/s', 'e2e p50 ms', 'e2e p99 ms', 'e2e p99.9 ms', 'e2e lost', 'server CPU µs/msg'],
      ...rows.map((r) => [r.target, fmt(r.publishTps), fmt(r.publishP99Ms, 1), fmt(r.consumeTps), fmt(r.latencyP50Ms, 1), fmt(r.latencyP99Ms, 1), fmt(r.latencyP999Ms, 1), String(r.latencyLost), fmt(r.serverCpuUsPerMsg, 1)]),
    ]),
  );
  const o = rows.find((r) => r.target === 'orbit');
  const ap = rows.find((r) => r.target === 'apache');
  const goals: Record<string, { ratio: number; met: boolean }> = {};
  if (o && ap) {
    const ratio = (x: number, y: number) => (y > 0 ? x / y : Infinity);
    goals.send = { ratio: ratio(o.publishTps, ap.publishTps), met: false };
    goals.receive = { ratio: ratio(o.consumeTps, ap.consumeTps), met: false };
    goals.e2eP99 = { ratio: ratio(ap.latencyP99Ms, o.latencyP99Ms), met: false };
    for (const g of Object.values(goals)) g.met = g.ratio >= GOAL;
    out('');
    for (const [k, g] of Object.entries(goals)) out(`${k.padEnd(8)} Orbit/Apache ${fmt(g.ratio, 2)}× (goal ≥ ${GOAL}×): ${g.met ? 'met' : 'NOT met'}`);
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `grpc-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ args: a, rows, goals }, null, 2));
  out(`\nwritten ${path.relative(repoRoot, file)}`);
}
