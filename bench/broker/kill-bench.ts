/**
 * `npm run bench -- broker-kill [--rounds 20] [--target orbit|apache] [--producers 8] [--size 128]
 *                               [--min-ms 500] [--max-ms 3000] [--queues 8] [--keep]
 *                               [--torn zero|random|header|props|mixed]`
 *
 * Durability under SIGKILL: a name server and a SYNC_FLUSH broker; K concurrent sync-send loops (the
 * Orbit SDK) record every SEND_OK msgId with its body, queue and offset. Each round, at a random moment,
 * the broker gets SIGKILL, is restarted on the same store, and once it is back every message acknowledged
 * so far (all rounds) is read from offset 0 of every queue with a PullConsumer and compared byte for byte.
 * Prints per round: acknowledged, lost (must be 0), body mismatches, offset mismatches, duplicates (the
 * producer's retries), stored-but-unacknowledged, restart-to-ready and restart-to-first-ack times.
 *
 * `--torn MODE`: while the broker is down, the CommitLog past the last acknowledged record is damaged
 * (torn-tail.ts), and the broker is killed a second time 50–800 ms after it is back; the check then also counts
 * records served that do not decode, records served at a place that is not theirs, and ranges the broker refused.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { Producer } from '../../server/client/producer/producer';
import { PullConsumer } from '../../server/client/consumer/pull-consumer';
import type { MessageQueue } from '../../server/client/impl/message';
import { argGetter, createTopic, quietClientLogs, fmt, out, sleep, table } from './common';
import { BrokerError } from '../../server/common/errors';
import { decodeOffsetMsgId } from '../../server/common/message/message-id';
import { startKillableCluster, type KillTarget } from './killable-cluster';
import { TORN_MODES, tearUnackedTail, type TornMode } from './torn-tail';

interface Acked {
  body: Buffer;
  queueId: number;
  queueOffset: number;
}

interface RoundResult {
  round: number;
  ackedTotal: number;
  ackedThisRound: number;
  failedSends: number;
  notOkStatus: number;
  lost: number;
  bodyMismatch: number;
  offsetMismatch: number;
  duplicates: number;
  unacked: number;
  holes: number;
  undecodable: number;
  misplaced: number;
  refused: number;
  torn: string;
  killAfterMs: number;
  readyMs: number;
  firstAckMs: number;
  verifyMs: number;
}

interface VerifyOutcome {
  lost: number;
  bodyMismatch: number;
  offsetMismatch: number;
  duplicates: number;
  unacked: number;
  holes: number;
  /** Pull answers whose records the client could not decode (garbage served). */
  undecodable: number;
  /** Records served at a queue offset, queue or topic that is not theirs. */
  misplaced: number;
  /** Pulls the broker refused (damaged range), skipped one offset each. */
  refused: number;
  samples: string[];
}

/** Reads every queue from offset 0 and checks the acknowledged set against it. */
async function verify(consumer: PullConsumer, queues: MessageQueue[], acked: Map<string, Acked>): Promise<VerifyOutcome> {
  const seen = new Map<string, number>();
  const atAckedPlace = new Set<string>();
  const strayPlace = new Map<string, string>();
  const res: VerifyOutcome = { lost: 0, bodyMismatch: 0, offsetMismatch: 0, duplicates: 0, unacked: 0, holes: 0, undecodable: 0, misplaced: 0, refused: 0, samples: [] };
  const note = (s: string): void => {
    if (res.samples.length < 10) res.samples.push(s);
  };
  await Promise.all(
    queues.map(async (mq) => {
      const max = await consumer.maxOffset(mq);
      let offset = 0;
      while (offset < max) {
        let r: Awaited<ReturnType<PullConsumer['pull']>>;
        try {
          r = await consumer.pull(mq, '*', offset, 32);
        } catch (err) {
          // One offset at a time from here, to tell what was served from what was refused.
          const one = await consumer.pull(mq, '*', offset, 1).then(
            () => undefined,
            (e: unknown) => e as Error,
          );
          // A broker refusal (BrokerError) is honest; anything else means the client got bytes it could not read.
          if (one instanceof BrokerError) res.refused++;
          else if (one) res.undecodable++;
          note(`queue ${mq.queueId} offset ${offset}: ${(one ?? (err as Error)).message}`);
          offset++;
          continue;
        }
        if (r.pullStatus !== 'FOUND') {
          note(`queue ${mq.queueId}: ${r.pullStatus} at ${offset} (max ${max}), next ${r.nextBeginOffset}`);
          if (r.nextBeginOffset > offset) {
            res.holes += r.nextBeginOffset - offset;
            offset = r.nextBeginOffset;
            continue;
          }
          res.holes += max - offset;
          break;
        }
        for (const m of r.msgFoundList) {
          if (m.queueId !== mq.queueId || m.topic !== mq.topic || m.queueOffset < offset) {
            res.misplaced++;
            note(`queue ${mq.queueId} at ${offset}: served a record of ${m.topic}/${m.queueId}/${m.queueOffset}`);
          }
          if (m.queueOffset !== offset) {
            res.holes += Math.max(0, m.queueOffset - offset);
            note(`queue ${mq.queueId}: expected offset ${offset}, got ${m.queueOffset}`);
          }
          offset = m.queueOffset + 1;
          const count = (seen.get(m.msgId) ?? 0) + 1;
          seen.set(m.msgId, count);
          if (count > 1) res.duplicates++;
          const a = acked.get(m.msgId);
          if (!a) {
            if (count === 1) res.unacked++;
            continue;
          }
          if (!a.body.equals(m.body)) {
            res.bodyMismatch++;
            note(`${m.msgId}: body differs at queue ${mq.queueId} offset ${m.queueOffset}`);
          }
          // A retried send may be stored twice (another queue); the acknowledged copy must sit where the ack said.
          if (a.queueId === m.queueId && a.queueOffset === m.queueOffset) atAckedPlace.add(m.msgId);
          else strayPlace.set(m.msgId, `${m.queueId}/${m.queueOffset}`);
        }
        offset = Math.max(offset, r.nextBeginOffset);
      }
    }),
  );
  for (const [id, a] of acked) {
    if (!seen.has(id)) {
      res.lost++;
      note(`LOST ${id} (acked at queue ${a.queueId} offset ${a.queueOffset})`);
    } else if (!atAckedPlace.has(id)) {
      res.offsetMismatch++;
      note(`${id}: acked at ${a.queueId}/${a.queueOffset}, stored at ${strayPlace.get(id) ?? '?'}`);
    }
  }
  return res;
}

export async function runBrokerKillBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const get = argGetter(argv);
  const rounds = Number(get('rounds', '20'));
  const target = get('target', 'orbit') as KillTarget;
  if (target !== 'orbit' && target !== 'apache') throw new Error(`unknown target ${target}`);
  const producers = Number(get('producers', '8'));
  const size = Number(get('size', '128'));
  const queues = Number(get('queues', '8'));
  const minMs = Number(get('min-ms', '500'));
  const maxMs = Number(get('max-ms', '3000'));
  const keep = argv.includes('--keep');
  const tornArg = get('torn', '');
  if (tornArg && tornArg !== 'mixed' && !(TORN_MODES as readonly string[]).includes(tornArg)) throw new Error(`unknown --torn ${tornArg}`);
  const torn = (tornArg || undefined) as TornMode | undefined;

  out(
    `broker-kill: ${target}, SYNC_FLUSH, ${rounds} rounds, ${producers} sync-send loops of ${size} B, kill ${minMs}-${maxMs} ms into each round` +
      (torn ? `; torn mode ${torn}: the unacknowledged tail damaged while down, a second kill 50-800 ms after the restart` : ''),
  );
  const cluster = await startKillableCluster(target, 'SYNC_FLUSH');
  let producer: Producer | undefined;
  let consumer: PullConsumer | undefined;
  let failed = false;
  try {
    const firstReady = await cluster.startBroker();
    out(`cluster up (broker ready in ${fmt(firstReady)} ms), namesrv ${cluster.namesrvAddr}, broker ${cluster.brokerAddr}, store ${cluster.dir}`);
    const topic = `KillTopic_${Date.now().toString(36)}`;
    await createTopic(cluster.namesrvAddr, topic, queues);

    producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: `PID_KILL_${Date.now().toString(36)}`, sendMsgTimeoutMs: 3000 });
    await producer.start();
    consumer = new PullConsumer({ namesrvAddr: cluster.namesrvAddr, consumerGroup: `GID_KILL_${Date.now().toString(36)}` });
    await consumer.start();
    const mqs = await consumer.fetchSubscribeMessageQueues(topic);

    const acked = new Map<string, Acked>();
    let seq = 0;
    let roundAcks = 0;
    let failedSends = 0;
    let notOk = 0;
    let lastAckAt = 0;
    let lastAckedPhy = -1;
    let running = true;
    let paused = false;
    let inflight = 0;
    const loops = Array.from({ length: producers }, async (_, loop) => {
      while (running) {
        if (paused) {
          await sleep(20);
          continue;
        }
        const n = seq++;
        const head = Buffer.from(`loop${loop}-seq${n}-`);
        const body = Buffer.concat([head, crypto.randomBytes(Math.max(0, size - head.length))]).subarray(0, Math.max(size, head.length));
        inflight++;
        try {
          const r = await producer!.send({ topic, body, tags: 'K' });
          if (r.sendStatus === 'SEND_OK') {
            acked.set(r.msgId, { body, queueId: r.messageQueue.queueId, queueOffset: r.queueOffset });
            const phy = decodeOffsetMsgId(r.offsetMsgId).offset;
            if (phy > lastAckedPhy) lastAckedPhy = phy;
            roundAcks++;
            lastAckAt = performance.now();
          } else {
            notOk++;
          }
        } catch {
          failedSends++;
          await sleep(50);
        } finally {
          inflight--;
        }
      }
    });

    const results: RoundResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      roundAcks = 0;
      failedSends = 0;
      notOk = 0;
      const killAfter = minMs + Math.random() * (maxMs - minMs);
      await sleep(killAfter);
      await cluster.killBroker();
      let tornNote = '';
      if (torn && lastAckedPhy >= 0) {
        tornNote = tearUnackedTail(path.join(cluster.dir, 'store', 'commitlog'), lastAckedPhy, torn) ?? 'no segment';
        await cluster.startBroker();
        await sleep(50 + Math.random() * 750);
        await cluster.killBroker();
      }
      const readyMs = await cluster.startBroker();
      const readyAt = performance.now();
      // Service is back when the producers get a SEND_OK again.
      const deadline = readyAt + 60_000;
      while (lastAckAt < readyAt && performance.now() < deadline) await sleep(5);
      const firstAckMs = lastAckAt >= readyAt ? lastAckAt - readyAt : NaN;
      // Let the producers write a little after the restart, then pause them and check everything.
      await sleep(200);
      paused = true;
      while (inflight > 0) await sleep(10);
      const v0 = performance.now();
      const v = await verify(consumer, mqs, acked);
      const verifyMs = performance.now() - v0;
      paused = false;
      const r: RoundResult = {
        round,
        ackedTotal: acked.size,
        ackedThisRound: roundAcks,
        failedSends,
        notOkStatus: notOk,
        lost: v.lost,
        bodyMismatch: v.bodyMismatch,
        offsetMismatch: v.offsetMismatch,
        duplicates: v.duplicates,
        unacked: v.unacked,
        holes: v.holes,
        undecodable: v.undecodable,
        misplaced: v.misplaced,
        refused: v.refused,
        torn: tornNote,
        killAfterMs: killAfter,
        readyMs,
        firstAckMs,
        verifyMs,
      };
      results.push(r);
      out(
        `round ${round}: killed after ${fmt(killAfter)} ms; acked ${roundAcks} (total ${acked.size}), failed sends ${failedSends}; ` +
          `restart→ready ${fmt(readyMs)} ms, ready→first ack ${fmt(firstAckMs)} ms; lost ${v.lost}, body≠ ${v.bodyMismatch}, ` +
          `offset≠ ${v.offsetMismatch}, dup ${v.duplicates}, unacked stored ${v.unacked}, holes ${v.holes}` +
          (torn ? `, undecodable ${v.undecodable}, misplaced ${v.misplaced}, refused ${v.refused}; torn: ${tornNote}` : '') +
          ` (verify ${fmt(verifyMs)} ms)`,
      );
      for (const s of v.samples) out(`   ${s}`);
      if (v.lost || v.bodyMismatch || v.offsetMismatch || v.holes || v.undecodable || v.misplaced) failed = true;
    }
    running = false;
    paused = false;
    await Promise.all(loops);

    const last = results[results.length - 1];
    const sum = (f: (r: RoundResult) => number): number => results.reduce((s, r) => s + f(r), 0);
    const stats = (f: (r: RoundResult) => number): string => {
      const xs = results.map(f).filter(Number.isFinite).sort((a, b) => a - b);
      if (xs.length === 0) return '-';
      return `avg ${fmt(xs.reduce((s, x) => s + x, 0) / xs.length)} / p50 ${fmt(xs[Math.floor(xs.length / 2)])} / max ${fmt(xs[xs.length - 1])}`;
    };
    out('');
    out(
      table([
        ['target', 'rounds', 'acked', 'lost', 'body≠', 'offset≠', 'holes', 'undecodable', 'misplaced', 'refused', 'duplicates', 'unacked stored', 'restart→ready ms', 'ready→first ack ms'],
        [
          target,
          String(results.length),
          String(last?.ackedTotal ?? 0),
          String(last?.lost ?? 0),
          String(last?.bodyMismatch ?? 0),
          String(last?.offsetMismatch ?? 0),
          String(last?.holes ?? 0),
          String(sum((r) => r.undecodable)),
          String(sum((r) => r.misplaced)),
          String(sum((r) => r.refused)),
          String(last?.duplicates ?? 0),
          String(last?.unacked ?? 0),
          stats((r) => r.readyMs),
          stats((r) => r.firstAckMs),
        ],
      ]),
    );
    out(`(lost/mismatch/holes/duplicates/unacked: final full check over all ${results.length} rounds; failed sends in all rounds: ${sum((r) => r.failedSends)})`);
    out(failed ? 'RESULT FAIL: acknowledged data was lost or damaged' : 'RESULT OK: every acknowledged message read back byte-identical');
    if (failed) process.exitCode = 1;
  } catch (err) {
    out(cluster.output(30));
    failed = true;
    throw err;
  } finally {
    await consumer?.shutdown().catch(() => undefined);
    await producer?.shutdown().catch(() => undefined);
    await cluster.stop(keep || failed);
  }
}
