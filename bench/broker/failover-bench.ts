/**
 * `npm run bench -- failover [--rounds 10] [--producers 4] [--fault kill|stop] [--namesrvs 3] [--client sdk|java]
 *                             [--heartbeat-ms 1000] [--lease-ms 3000] [--poll-ms 1000] [--size 128]`
 *
 * Automatic failover under load: `--namesrvs` Orbit name servers, a SYNC_MASTER and its slave (enableAutoFailover),
 * K SDK producers sending synchronously to one 8-queue topic (route refresh every `--poll-ms`). Each round the
 * current master gets the fault — SIGKILL (`kill`), or SIGSTOP, a hung process whose sockets stay open (`stop`) —
 * and the bench measures: fault → the slave registered as brokerId 0 (route), fault → the first send stored by the new
 * master (SEND_OK or SLAVE_NOT_AVAILABLE: a SYNC_MASTER alone stores but cannot replicate), and SEND_OK messages lost
 * (read back through the route from offset 0 of every queue; must be 0). Then the old master is restarted (or
 * SIGCONT) and must rejoin as slave; the next round faults the new master. The failover heartbeat and lease are the
 * broker defaults unless given; 4.9 Java clients refresh routes every 30 s (pollNameServerInterval), which is then
 * what bounds their switch-over, not the election.
 *
 * `--client java`: the senders are bench/java's AckSender instead (rocketmq-client 4.9.2, `--producers` threads, no
 * retries, route polled every second); its lines carry no broker address, so the first send stored by the new master
 * is its first SLAVE_NOT_AVAILABLE (a SYNC_MASTER alone; the dying master still had its slave).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AdminClient } from '../../server/client/admin/admin-client';
import { Producer } from '../../server/client/producer/producer';
import { PullConsumer } from '../../server/client/consumer/pull-consumer';
import { startOrbitBrokers, type OrbitBroker, type OrbitBrokersHandle } from '../../server/client/testing/orbit-brokers';
import { decodeOffsetMsgId } from '../../server/common/message/message-id';
import { argGetter, fmt, out, quietClientLogs, sleep, table } from './common';
import { prepareJavaBench, spawnJavaMain } from './java-bench';

const BROKER = 'broker-fo';

interface Round {
  round: number;
  fault: string;
  oldMaster: string;
  electedMs: number;
  acceptMs: number;
  rejoinMs: number;
  acked: number;
  lost: number;
  errors: number;
}

async function routeAddrs(admin: AdminClient, topic: string): Promise<Record<string, string>> {
  const route = await admin.getTopicRoute(topic).catch(() => undefined);
  const addrs = route?.brokerDatas.find((b) => b.brokerName === BROKER)?.brokerAddrs ?? {};
  return Object.fromEntries(addrs instanceof Map ? [...addrs.entries()].map(([k, v]) => [String(k), String(v)]) : Object.entries(addrs));
}

async function waitUntil<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number, cluster: OrbitBrokersHandle): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${cluster.output(20)}`);
    await sleep(25);
  }
}

/** Bodies and keys of every message of the topic. */
async function readAllBodies(namesrvAddr: string, topic: string, group: string): Promise<Set<string>> {
  const pc = new PullConsumer({ namesrvAddr, consumerGroup: group });
  await pc.start();
  try {
    const seen = new Set<string>();
    for (const mq of await pc.fetchSubscribeMessageQueues(topic)) {
      const max = await pc.maxOffset(mq);
      let offset = 0;
      while (offset < max) {
        const r = await pc.pull(mq, '*', offset, 64);
        if (r.pullStatus !== 'FOUND') break;
        for (const m of r.msgFoundList) {
          seen.add(m.body.toString());
          for (const k of m.keys) seen.add(k);
        }
        offset = r.nextBeginOffset;
      }
    }
    return seen;
  } finally {
    await pc.shutdown();
  }
}

function spread(xs: number[]): string {
  if (xs.length === 0) return '-';
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `min ${fmt(s[0])} / p50 ${fmt(q(0.5))} / p90 ${fmt(q(0.9))} / max ${fmt(s.at(-1)!)} ms`;
}

export async function runFailoverBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const arg = argGetter(argv);
  const rounds = Number(arg('rounds', '10'));
  const producers = Number(arg('producers', '4'));
  const fault = arg('fault', 'kill');
  const namesrvCount = Number(arg('namesrvs', '3'));
  const pollMs = Number(arg('poll-ms', '1000'));
  const size = Number(arg('size', '128'));
  const client = arg('client', 'sdk');
  if (client !== 'sdk' && client !== 'java') throw new Error('--client is sdk or java');
  if (fault !== 'kill' && fault !== 'stop') throw new Error('--fault is kill or stop');
  const failoverConf: Record<string, string> = { enableAutoFailover: 'true' };
  if (argv.includes('--heartbeat-ms')) failoverConf.failoverHeartbeatInterval = arg('heartbeat-ms', '1000');
  if (argv.includes('--lease-ms')) failoverConf.failoverLeaseMs = arg('lease-ms', '3000');

  out(`failover bench: ${rounds} rounds, fault ${fault}, ${namesrvCount} name servers, ${producers} ${client === 'java' ? 'Java 4.9.2 sender threads' : 'SDK producers'} (sync send, ${size} B), route refresh ${client === 'java' ? 1000 : pollMs} ms`);
  const cluster = await startOrbitBrokers({
    namesrvCount,
    brokers: [
      { key: 'a', brokerName: BROKER, conf: { ...failoverConf, brokerRole: 'SYNC_MASTER', brokerId: '0' } },
      { key: 'b', brokerName: BROKER, conf: { ...failoverConf, brokerRole: 'SLAVE', brokerId: '1' } },
    ],
  });
  const admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 3000 });
  const topic = `FAILOVER_BENCH_${Date.now() % 1_000_000}`;
  const clients: Producer[] = [];
  const results: Round[] = [];
  let stop = false;
  let javaStop: (() => Promise<void>) | undefined;
  try {
    const { a, b } = cluster.brokers;
    await admin.createOrUpdateTopic({ topic, readQueueNums: 8, writeQueueNums: 8, perm: 6 }, { brokerAddr: a.addr });
    const byAddr = (addr: string): OrbitBroker => (addr === a.addr ? a : b);
    const healthy = async (): Promise<{ master: OrbitBroker; slave: OrbitBroker }> =>
      waitUntil('a healthy pair (route with id 0 and 1, slave attached and holding the topic config)', async () => {
        const addrs = await routeAddrs(admin, topic);
        if (!addrs['0'] || !addrs['1']) return undefined;
        const m = await admin.getBrokerRuntimeInfo(addrs['0']);
        const s = await admin.getBrokerRuntimeInfo(addrs['1']);
        if (m.haSlaveCount !== '1' || s.haConnected !== 'true' || s.slaveSyncTimestamp === '0') return undefined;
        return { master: byAddr(addrs['0']), slave: byAddr(addrs['1']) };
      }, 60_000, cluster);

    /** `by`: the broker that stored it (from the offset message id). */
    /** `by`: the broker that stored it (from the offset message id; SDK only). `body`: the body, or the key (Java). */
    const sends: { at: number; body: string; status: string; by?: string }[] = [];
    const pad = 'x'.repeat(Math.max(0, size - 24));
    let seq = 0;
    let loops: Promise<void>[] = [];
    if (client === 'java') {
      const classpath = await prepareJavaBench();
      const stopFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-fo-java-')), 'stop');
      const sender = spawnJavaMain(classpath, 'AckSender', ['-n', cluster.namesrvAddr, '-t', topic, '-x', stopFile, '-w', String(producers), '-s', String(size), '-d', String(rounds * 120 + 120), '-T', '3000'], 'AckSender');
      let partial = '';
      sender.proc.child.stdout?.on('data', (c: Buffer) => {
        const lines = (partial + c.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const f = line.split(' ');
          if (f[0] === 'ACK' && f.length >= 6) sends.push({ at: Number(f[5]), body: f[1], status: f[2] });
          else if (f[0] === 'ERR' && f.length >= 3) sends.push({ at: Number(f[2]), body: '', status: `error ${f.slice(3).join(' ').slice(0, 60)}` });
        }
      });
      javaStop = async () => {
        fs.writeFileSync(stopFile, '');
        for (let i = 0; i < 100 && sender.proc.running(); i++) await sleep(100);
        await sender.proc.stop(3000);
        sender.cleanup();
      };
    } else {
      loops = Array.from({ length: producers }, async (_, k) => {
        const p = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: `PID_fo_bench_${k}`, pollNameServerIntervalMs: pollMs, sendMsgTimeoutMs: 3000 });
        clients.push(p);
        await p.start();
        while (!stop) {
          const body = `${k}-${seq++}-${pad}`;
          try {
            const r = await p.send({ topic, body });
            sends.push({ at: Date.now(), body, status: r.sendStatus, by: decodeOffsetMsgId(r.offsetMsgId).addr });
          } catch (err) {
            sends.push({ at: Date.now(), body, status: `error ${(err as Error).message.slice(0, 60)}` });
            await sleep(20);
          }
        }
      });
    }
    const storedByNewMaster = (s: { at: number; status: string; by?: string }, faultAt: number, newMaster: string) =>
      s.at > faultAt && (client === 'java' ? s.status === 'SLAVE_NOT_AVAILABLE' : s.by === newMaster);

    for (let round = 1; round <= rounds; round++) {
      const { master, slave } = await healthy();
      await sleep(1000 + Math.random() * 2000);
      const faultAt = Date.now();
      const pid = master.pid();
      if (fault === 'kill') await master.kill();
      else if (pid) process.kill(pid, 'SIGSTOP');
      await waitUntil('the slave registered as id 0', async () => (await routeAddrs(admin, topic))['0'] === slave.addr, 60_000, cluster);
      const electedMs = Date.now() - faultAt;
      // An answer already on its way from the dying master does not count: the new master must have stored it.
      const accepted = await waitUntil('a send stored by the new master', async () => sends.find((s) => storedByNewMaster(s, faultAt, slave.addr)), 60_000, cluster);
      const acceptMs = accepted.at - faultAt;
      const errors = sends.filter((s) => s.at > faultAt && s.at <= accepted.at && s.status.startsWith('error')).length;
      await sleep(500);
      const rejoinFrom = Date.now();
      if (fault === 'kill') await master.restart();
      else if (pid) process.kill(pid, 'SIGCONT');
      await waitUntil('the old master rejoined as slave', async () => {
        const addrs = await routeAddrs(admin, topic);
        return addrs['0'] === slave.addr && addrs['1'] === master.addr;
      }, 60_000, cluster);
      const rejoinMs = Date.now() - rejoinFrom;
      const acked = sends.filter((s) => s.status === 'SEND_OK').map((s) => s.body);
      const found = await readAllBodies(cluster.namesrvAddr, topic, `reader_${round}`);
      const lost = acked.filter((x) => !found.has(x)).length;
      const r: Round = { round, fault, oldMaster: master.name, electedMs, acceptMs, rejoinMs, acked: acked.length, lost, errors };
      results.push(r);
      out(`round ${round}: ${fault} ${master.addr} → elected ${fmt(electedMs)} ms, first accepted send ${fmt(acceptMs)} ms, rejoined ${fmt(rejoinMs)} ms; ${fmt(acked.length)} SEND_OK so far, lost ${lost}`);
    }
    stop = true;
    await Promise.all(loops);
    await javaStop?.();
    javaStop = undefined;
    out('');
    out(table([
      ['round', 'fault', 'elected ms', 'first accept ms', 'send errors', 'rejoin ms', 'SEND_OK total', 'lost'],
      ...results.map((r) => [String(r.round), r.fault, fmt(r.electedMs), fmt(r.acceptMs), String(r.errors), fmt(r.rejoinMs), fmt(r.acked), String(r.lost)]),
    ]));
    out('');
    out(`fault → new master registered: ${spread(results.map((r) => r.electedMs))}`);
    out(`fault → first send accepted:   ${spread(results.map((r) => r.acceptMs))}  (goal ≤ 10,000 ms: ${results.every((r) => r.acceptMs <= 10_000) ? 'met' : 'not met'})`);
    out(`SEND_OK lost: ${results.reduce((n, r) => n + r.lost, 0)} (goal 0: ${results.every((r) => r.lost === 0) ? 'met' : 'not met'})`);
  } finally {
    stop = true;
    await javaStop?.().catch(() => undefined);
    for (const p of clients) await p.shutdown().catch(() => undefined);
    await admin.shutdown();
    for (const br of Object.values(cluster.brokers)) {
      const pid = br.pid();
      if (pid && br.running()) process.kill(pid, 'SIGCONT');
    }
    await cluster.stop();
  }
}
