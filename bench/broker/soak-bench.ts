/**
 * `npm run bench -- soak [--minutes 30] [--rate 1000] [--producers 4] [--restart-every 5] [--churn-seconds 45] [--size 256]`
 *
 * Hours of mixed load on one Orbit broker (SYNC_FLUSH) and what they do to it: producers at a steady total rate, 10 %
 * of the messages delayed (level 1) and 5 % transactional (committed), a push-consumer group whose members leave and
 * join every churn period, and broker restarts every `--restart-every` minutes (a clean stop and a kill -9 in turn).
 * Every 10 s: broker RSS (from /proc) and event-loop delay (the broker's runtime info). At the end, every acknowledged
 * message must have been consumed. Prints per broker lifetime the RSS at its start and end and the slope of a
 * least-squares fit (MB/hour) after its first minute, and the event-loop delay p99 over time.
 */
import { AdminClient } from '../../server/client/admin/admin-client';
import { logger } from '../../server/common/logger';
import { PushConsumer } from '../../server/client/consumer/push-consumer';
import { Producer } from '../../server/client/producer/producer';
import { TransactionProducer } from '../../server/client/producer/transaction-producer';
import { argGetter, createTopic, fmt, out, quietClientLogs, sleep, table } from './common';
import { startKillableCluster } from './killable-cluster';
import { rssMb } from './proc-stats';

interface Sample {
  atS: number;
  life: number;
  rssMb: number;
  loopP99Ms: number;
  loopMaxMs: number;
  acked: number;
  received: number;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

export async function runSoakBench(argv: string[]): Promise<void> {
  quietClientLogs();
  // Restarts make every client warn about its lost connection; the figures below say what matters.
  if (!process.env.ORBIT_LOG_LEVEL) logger.level = 'error';
  const get = argGetter(argv);
  const minutes = Number(get('minutes', '30'));
  const rate = Number(get('rate', '1000'));
  const producerCount = Number(get('producers', '4'));
  const restartEvery = Number(get('restart-every', '5')) * 60_000;
  const churnMs = Number(get('churn-seconds', '45')) * 1000;
  const size = Number(get('size', '256'));
  out(`soak: ${minutes} min, ${rate} msg/s from ${producerCount} producers (10 % delayed, 5 % transactional), ${size} B, ` +
    `consumer churn every ${churnMs / 1000} s, broker restart every ${restartEvery / 60_000} min (clean stop and kill -9 in turn)`);

  const cluster = await startKillableCluster('orbit', 'SYNC_FLUSH');
  const run = Date.now().toString(36);
  const topic = `Soak_${run}`;
  const group = `GID_SOAK_${run}`;
  const acked = new Set<string>();
  const received = new Set<string>();
  let duplicates = 0;
  let failedSends = 0;
  const samples: Sample[] = [];
  const producers: Producer[] = [];
  const consumers: PushConsumer[] = [];
  let tx: TransactionProducer | undefined;
  let admin: AdminClient | undefined;
  let life = 0;
  try {
    await cluster.startBroker();
    await createTopic(cluster.namesrvAddr, topic, 8);
    admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 3000 });
    for (let i = 0; i < producerCount; i++) {
      const p = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: `PID_SOAK_${run}_${i}`, sendMsgTimeoutMs: 3000 });
      await p.start();
      producers.push(p);
    }
    tx = new TransactionProducer({
      namesrvAddr: cluster.namesrvAddr,
      producerGroup: `PID_SOAK_TX_${run}`,
      transactionListener: { executeLocalTransaction: () => 'COMMIT_MESSAGE', checkLocalTransaction: () => 'COMMIT_MESSAGE' },
    });
    await tx.start();

    const newConsumer = async (): Promise<void> => {
      const c = new PushConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
      c.subscribe(topic, '*');
      c.registerMessageListenerConcurrently((msgs) => {
        for (const m of msgs) {
          const id = m.properties.soakId;
          if (!id) continue;
          if (received.has(id)) duplicates++;
          else received.add(id);
        }
        return 'CONSUME_SUCCESS';
      });
      await c.start();
      consumers.push(c);
    };
    await newConsumer();
    await newConsumer();

    const t0 = Date.now();
    const end = t0 + minutes * 60_000;
    let seq = 0;
    let running = true;
    const body = Buffer.alloc(size, 0x73);
    // Each producer paces itself to rate / producers; one send in flight per loop (sync sends, as services do).
    const loops = producers.map(async (p, k) => {
      const perMs = rate / producerCount / 1000;
      const start = Date.now();
      let sent = 0;
      while (running) {
        const due = start + sent / perMs;
        if (Date.now() < due) await sleep(due - Date.now());
        sent++;
        const id = `${k}-${seq++}`;
        const kind = seq % 20;
        try {
          if (kind === 0 && tx) {
            const r = await tx.sendMessageInTransaction({ topic, body, properties: { soakId: id } });
            if (r.sendStatus === 'SEND_OK' && r.localTransactionState === 'COMMIT_MESSAGE') acked.add(id);
          } else {
            const r = await p.send({ topic, body, properties: { soakId: id }, delayTimeLevel: kind < 2 ? 1 : undefined });
            if (r.sendStatus === 'SEND_OK') acked.add(id);
          }
        } catch {
          failedSends++;
          await sleep(100);
        }
      }
    });

    let nextRestart = t0 + restartEvery;
    let nextChurn = t0 + churnMs;
    let restarts = 0;
    while (Date.now() < end) {
      await sleep(10_000);
      const now = Date.now();
      const info = await admin.getBrokerRuntimeInfo(cluster.brokerAddr).catch(() => undefined);
      samples.push({
        atS: (now - t0) / 1000,
        life,
        rssMb: rssMb(cluster.brokerPid()),
        loopP99Ms: Number(info?.eventLoopDelayP99Ms ?? NaN),
        loopMaxMs: Number(info?.eventLoopDelayMaxMs ?? NaN),
        acked: acked.size,
        received: received.size,
      });
      const s = samples[samples.length - 1];
      out(`  ${fmt(s.atS)} s: broker RSS ${fmt(s.rssMb, 1)} MB, event-loop p99 ${fmt(s.loopP99Ms, 1)} ms / max ${fmt(s.loopMaxMs, 1)} ms; acked ${s.acked}, consumed ${s.received}, failed sends ${failedSends}`);
      if (now >= nextChurn) {
        nextChurn = now + churnMs;
        const leaving = consumers.shift();
        await leaving?.shutdown().catch(() => undefined);
        await newConsumer();
      }
      if (now >= nextRestart && now + 60_000 < end) {
        nextRestart = now + restartEvery;
        restarts++;
        if (restarts % 2) await cluster.stopBroker();
        else await cluster.killBroker();
        const ready = await cluster.startBroker();
        life++;
        out(`  broker ${restarts % 2 ? 'stopped' : 'killed'} and restarted (ready in ${fmt(ready)} ms)`);
      }
    }
    running = false;
    await Promise.all(loops);
    // Delayed messages need their second; consumers need to catch up.
    const drainUntil = Date.now() + 90_000;
    while (Date.now() < drainUntil && [...acked].some((id) => !received.has(id))) await sleep(1000);
    const missing = [...acked].filter((id) => !received.has(id));

    out('');
    const rows: string[][] = [['broker lifetime', 'samples', 'RSS first MB', 'RSS last MB', 'RSS slope MB/h (after 1 min)', 'event-loop p99 ms (median / max)', 'p99 slope ms/h']];
    for (let l = 0; l <= life; l++) {
      const ss = samples.filter((x) => x.life === l);
      if (ss.length === 0) continue;
      const settled = ss.filter((x) => x.atS - ss[0].atS >= 60);
      const p99s = ss.map((x) => x.loopP99Ms).filter(Number.isFinite).sort((a, b) => a - b);
      rows.push([
        String(l + 1),
        String(ss.length),
        fmt(ss[0].rssMb, 1),
        fmt(ss[ss.length - 1].rssMb, 1),
        fmt(slope(settled.map((x) => x.atS / 3600), settled.map((x) => x.rssMb)), 1),
        p99s.length ? `${fmt(p99s[Math.floor(p99s.length / 2)], 1)} / ${fmt(p99s[p99s.length - 1], 1)}` : '-',
        fmt(slope(settled.map((x) => x.atS / 3600), settled.map((x) => x.loopP99Ms)), 1),
      ]);
    }
    out(table(rows));
    out(`acknowledged ${acked.size}, consumed ${received.size} (duplicates ${duplicates}), failed sends ${failedSends}, missing ${missing.length}`);
    for (const id of missing.slice(0, 10)) out(`  MISSING ${id}`);
    out(missing.length === 0 ? 'RESULT OK: every acknowledged message consumed' : 'RESULT FAIL: acknowledged messages not consumed');
    if (missing.length) process.exitCode = 1;
  } finally {
    for (const c of consumers) await c.shutdown().catch(() => undefined);
    for (const p of producers) await p.shutdown().catch(() => undefined);
    await tx?.shutdown().catch(() => undefined);
    await admin?.shutdown().catch(() => undefined);
    await cluster.stop();
  }
}
