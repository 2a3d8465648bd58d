/**
 * `npm run bench -- ha-kill [--rounds 10] [--impl orbit|apache] [--threads 8] [--size 128] [--queues 8]
 *                           [--flush async|sync] [--min-ms 2000] [--max-ms 5000] [--check-timeout-ms 30000] [--keep]`
 *
 * What a SYNC_MASTER promises when its master dies: a name server, a SYNC_MASTER master and a slave of the same
 * implementation (interop/support/ha-pair.ts), and the Java driver's AckSender (rocketmq-client 4.9.2, W threads,
 * sync sends, unique keys, bodies derived from the keys) printing the status of every send. Each round, after
 * a random 2–5 s of load, the master gets SIGKILL. While it is down, the slave is read directly (PULL_MESSAGE
 * to the slave's address, every queue, from where the last round stopped) until every message that got SEND_OK
 * so far, in any round, has been found there with its key, body, queue and queue offset. The acknowledged set is
 * final once every sender thread has failed after the kill (a thread has one send in flight). Then the master
 * is restarted on its store and the round ends when a send returns SEND_OK again (the slave reattached: a
 * SYNC_MASTER without a slave answers SLAVE_NOT_AVAILABLE).
 *
 * Per round: acknowledged (this round / all), found on the slave, lost (must be 0), mismatches, sends that
 * returned another status (counted in the round whose reattach window or load they fell in) or threw, kill →
 * acknowledged set final (the senders' side: a send in flight to a dead Apache master waits out its 3 s time-out),
 * kill → all acknowledged found with the set final, kill → the scan that found the last of them (the slave's
 * side), restart → ready, ready → first SEND_OK, and, once the restarted master is followed again, the round's
 * last 64 acknowledged messages of each queue read again from the slave (a slave that cut its log back to a
 * shorter master would lose exactly these). At the end, the senders stop and every acknowledged message is
 * looked for again on the slave and on the master, from offset 0 of every queue.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FlushDiskType } from '../../interop/apache/apache-cluster';
import { BrokerCalls } from '../../interop/support/broker-calls';
import { startHaPair, type HaBroker, type HaPair } from '../../interop/support/ha-pair';
import type { Impl } from '../../interop/support/server-process';
import { MessageConst } from '../../server/common/message/message-const';
import { argGetter, createTopic, fmt, out, quietClientLogs, sleep, table } from './common';
import { prepareJavaBench, spawnJavaMain, statusText } from './java-bench';

interface HaKillArgs {
  rounds: number;
  impl: Impl;
  threads: number;
  size: number;
  queues: number;
  flush: FlushDiskType;
  minMs: number;
  maxMs: number;
  checkTimeoutMs: number;
  keep: boolean;
}

function parseArgs(argv: string[]): HaKillArgs {
  const get = argGetter(argv);
  const impl = get('impl', 'orbit');
  if (impl !== 'orbit' && impl !== 'apache') throw new Error(`--impl: orbit or apache, got ${impl}`);
  const flush = get('flush', 'async');
  if (flush !== 'async' && flush !== 'sync') throw new Error(`--flush: async or sync, got ${flush}`);
  return {
    rounds: Number(get('rounds', '10')),
    impl,
    threads: Number(get('threads', '8')),
    size: Number(get('size', '128')),
    queues: Number(get('queues', '8')),
    flush: flush === 'sync' ? 'SYNC_FLUSH' : 'ASYNC_FLUSH',
    minMs: Number(get('min-ms', '2000')),
    maxMs: Number(get('max-ms', '5000')),
    checkTimeoutMs: Number(get('check-timeout-ms', '30000')),
    keep: argv.includes('--keep'),
  };
}

/** AckSender.body: the key and ':' repeated to `size` bytes. */
export function expectedBody(key: string, size: number): Buffer {
  const unit = Buffer.from(`${key}:`, 'utf8');
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = unit[i % unit.length];
  return b;
}

interface Acked {
  queueId: number;
  queueOffset: number;
  round: number;
}

/** What the AckSender reported so far, fed line by line from its stdout. */
class SenderLog {
  readonly acked = new Map<string, Acked>();
  /** Sends answered with another status than SEND_OK, by status, per round. */
  readonly otherStatus: Array<Record<string, number>> = [];
  readonly errors: number[] = [];
  readonly lastErrAt = new Map<number, number>();
  readonly errSamples: string[] = [];
  lastOkAt = 0;
  /** Epoch ms of the first SEND_OK at or after `mark` (0 while none). */
  firstOkAfterMark = 0;
  private mark = 0;
  round = 1;
  private partial = '';

  feed(chunk: Buffer): void {
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    const f = line.split(' ');
    if (f[0] === 'ACK' && f.length >= 6) {
      const [, key, status, q, off, at] = f;
      if (status === 'SEND_OK') {
        this.acked.set(key, { queueId: Number(q), queueOffset: Number(off), round: this.round });
        this.lastOkAt = Number(at);
        if (this.firstOkAfterMark === 0 && this.lastOkAt >= this.mark) this.firstOkAfterMark = this.lastOkAt;
      } else {
        const s = (this.otherStatus[this.round] ??= {});
        s[status] = (s[status] ?? 0) + 1;
      }
    } else if (f[0] === 'ERR' && f.length >= 3) {
      this.lastErrAt.set(Number(f[1]), Number(f[2]));
      this.errors[this.round] = (this.errors[this.round] ?? 0) + 1;
      if (this.errSamples.length < 5) this.errSamples.push(`round ${this.round}: ${f.slice(3).join(' ')}`);
    }
  }

  /** Every thread failed after `t` (epoch ms): no SEND_OK can follow from the broker that died at `t`. */
  allFailedSince(t: number, threads: number): boolean {
    for (let i = 0; i < threads; i++) if ((this.lastErrAt.get(i) ?? 0) < t) return false;
    return true;
  }

  /** From now on, remember the first SEND_OK stamped at or after `t`. */
  markFrom(t: number): void {
    this.mark = t;
    this.firstOkAfterMark = this.lastOkAt >= t ? this.lastOkAt : 0;
  }
}

interface Found {
  queueId: number;
  queueOffset: number;
  bodyOk: boolean;
  /** Epoch ms when the scan that first returned it had finished. */
  at: number;
}

/** Reads one broker's queues of the topic, each from where the previous scan stopped. */
class QueueScanner {
  readonly found = new Map<string, Found>();
  readonly next: number[];
  /** Records of the topic that carry no key of ours (should be 0). */
  foreign = 0;
  duplicates = 0;
  /** Queue offsets a sequential reader went past without being served a record there (at that time). */
  skipped = 0;
  readonly skipSamples: string[] = [];

  constructor(
    private readonly calls: BrokerCalls,
    private readonly broker: HaBroker,
    private readonly topic: string,
    queues: number,
    private readonly size: number,
  ) {
    this.next = new Array<number>(queues).fill(0);
  }

  async scan(): Promise<void> {
    await Promise.all(
      this.next.map(async (from, q) => {
        const msgs = await this.calls.pullQueue(this.broker.addr, this.topic, q, { group: 'GID_HA_KILL_CHECK', from });
        const at = Date.now();
        for (const m of msgs) {
          const key = m.properties[MessageConst.KEYS];
          if (!key) {
            this.foreign++;
            continue;
          }
          if (m.queueOffset > this.next[q]) {
            this.skipped += m.queueOffset - this.next[q];
            if (this.skipSamples.length < 10) this.skipSamples.push(`queue ${q}: asked from ${this.next[q]}, first record served ${m.queueOffset} (${key})`);
          }
          const seen = this.found.get(key);
          if (seen) this.duplicates++;
          this.found.set(key, { queueId: m.queueId, queueOffset: m.queueOffset, bodyOk: m.body.equals(expectedBody(key, this.size)), at: seen?.at ?? at });
          this.next[q] = Math.max(this.next[q], m.queueOffset + 1);
        }
      }),
    );
  }
}

interface Check {
  found: number;
  /** Epoch ms by which every acknowledged message found had been found (0 when none). */
  lastFoundAt: number;
  lost: number;
  bodyMismatch: number;
  placeMismatch: number;
  samples: string[];
}

function check(acked: Map<string, Acked>, found: Map<string, Found>): Check {
  const res: Check = { found: 0, lastFoundAt: 0, lost: 0, bodyMismatch: 0, placeMismatch: 0, samples: [] };
  for (const [key, a] of acked) {
    const f = found.get(key);
    if (!f) {
      res.lost++;
      if (res.samples.length < 5) res.samples.push(`${key} (round ${a.round}, acked at ${a.queueId}/${a.queueOffset}) not found`);
      continue;
    }
    res.found++;
    res.lastFoundAt = Math.max(res.lastFoundAt, f.at);
    if (!f.bodyOk) {
      res.bodyMismatch++;
      if (res.samples.length < 5) res.samples.push(`${key}: body differs`);
    }
    if (f.queueId !== a.queueId || f.queueOffset !== a.queueOffset) {
      res.placeMismatch++;
      if (res.samples.length < 5) res.samples.push(`${key}: acked at ${a.queueId}/${a.queueOffset}, found at ${f.queueId}/${f.queueOffset}`);
    }
  }
  return res;
}

/**
 * First offset in [`from`, `upTo`) where two commit logs (directories of segment files named by their start offset)
 * differ, -1 when they are equal there, or -2 when a segment is missing or short. A master and its slave must
 * be byte for byte the same up to the slave's end.
 */
export function firstCommitLogDifference(dirA: string, dirB: string, from: number, upTo: number, segmentBytes: number): number {
  const chunk = 1 << 20;
  const bufA = Buffer.alloc(chunk);
  const bufB = Buffer.alloc(chunk);
  for (let seg = from - (from % segmentBytes); seg < upTo; seg += segmentBytes) {
    const name = String(seg).padStart(20, '0');
    let fa: number | undefined;
    let fb: number | undefined;
    try {
      fa = fs.openSync(path.join(dirA, name), 'r');
      fb = fs.openSync(path.join(dirB, name), 'r');
      const end = Math.min(segmentBytes, upTo - seg);
      for (let pos = Math.max(0, from - seg); pos < end; pos += chunk) {
        const n = Math.min(chunk, end - pos);
        const ra = fs.readSync(fa, bufA, 0, n, pos);
        const rb = fs.readSync(fb, bufB, 0, n, pos);
        if (ra < n || rb < n) return -2;
        if (!bufA.subarray(0, n).equals(bufB.subarray(0, n))) {
          for (let i = 0; i < n; i++) if (bufA[i] !== bufB[i]) return seg + pos + i;
        }
      }
    } catch {
      return -2;
    } finally {
      if (fa !== undefined) fs.closeSync(fa);
      if (fb !== undefined) fs.closeSync(fb);
    }
  }
  return -1;
}

const diffText = (d: number): string => (d === -1 ? 'same' : d === -2 ? 'missing' : `differ at ${fmt(d)}`);

interface RoundRow {
  round: number;
  loadMs: number;
  ackedRound: number;
  ackedTotal: number;
  found: number;
  lost: number;
  mismatch: number;
  other: string;
  errors: number;
  finalMs: number;
  foundMs: number;
  /** kill → the scan that found the last acknowledged message (the slave's side, without the senders' time-outs). */
  slaveMs: number;
  readyMs: number;
  firstOkMs: number;
  /** Acked messages of this round missing from the slave's queue tails once the restarted master was followed. */
  tailLost: number;
  /** The same on the restarted master. */
  masterTailLost: number;
  /**
   * The slave's commit-log end while the master was down, and how the two logs compare between the previous
   * round's end and it after the restart (the bytes this round wrote).
   */
  slaveEnd: number;
  prevSlaveEnd: number;
  logs: string;
}

/**
 * The last `depth` acknowledged messages of each queue of one round, read again from one broker: a slave that cut
 * its log back to a restarted master's shorter end, or a master that lost its tail in the crash, would have lost
 * (or replaced) exactly these. A miss is described with what the broker holds at that queue offset.
 */
async function recheckTail(calls: BrokerCalls, broker: HaBroker, topic: string, acked: Map<string, Acked>, round: number, size: number, depth = 64): Promise<Check> {
  const mine = new Map([...acked].filter(([, x]) => x.round === round));
  const maxPerQueue = new Map<number, number>();
  for (const x of mine.values()) maxPerQueue.set(x.queueId, Math.max(maxPerQueue.get(x.queueId) ?? -1, x.queueOffset));
  const tail = new Map([...mine].filter(([, x]) => x.queueOffset > (maxPerQueue.get(x.queueId) ?? 0) - depth));
  const found = new Map<string, Found>();
  const atPlace = new Map<string, string>();
  const maxOffsets = new Map<number, number>();
  for (const [q, max] of maxPerQueue) {
    const msgs = await calls.pullQueue(broker.addr, topic, q, { group: 'GID_HA_KILL_CHECK', from: Math.max(0, max - depth + 1) });
    maxOffsets.set(q, await calls.maxOffset(broker.addr, topic, q).catch(() => NaN));
    for (const m of msgs) {
      const key = m.properties[MessageConst.KEYS];
      atPlace.set(`${m.queueId}/${m.queueOffset}`, `${key ?? '(no key)'} at commit-log offset ${m.commitLogOffset}`);
      if (key) found.set(key, { queueId: m.queueId, queueOffset: m.queueOffset, bodyOk: m.body.equals(expectedBody(key, size)), at: Date.now() });
    }
  }
  const c = check(tail, found);
  c.samples = c.samples.map((x) => {
    const place = /acked at (\d+)\/(\d+)/.exec(x);
    if (!place) return x;
    const [, q, off] = place;
    return `${x}; ${broker.side} has ${atPlace.get(`${q}/${off}`) ?? 'nothing'} there, queue ${q} max offset ${maxOffsets.get(Number(q))}`;
  });
  return c;
}

const SEGMENT_BYTES = 16 * 1024 * 1024;

/**
 * Starts the killed master again; when its port is taken (seen on Orbit: "HA port … already in use"), says who
 * holds it (`ss`) and tries again, up to 5 times.
 */
async function restartMaster(pair: HaPair, problems: string[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pair.master.start(120_000);
    } catch (err) {
      const msg = (err as Error).message;
      if (attempt >= 5 || !/already in use|EADDRINUSE/.test(msg)) throw err;
      const port = /port (\d+)/.exec(msg)?.[1];
      const holders = port ? spawnSync('ss', ['-tanp'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes(`:${port} `)) : [];
      problems.push(`restart #${pair.master.starts()}: ${msg.split('\n').find((l) => /in use/.test(l)) ?? msg.split('\n')[0]}; held by: ${holders.join(' | ') || '?'}`);
      out(`   ${problems[problems.length - 1]}`);
      await sleep(1000);
    }
  }
}

export async function runHaKillBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const a = parseArgs(argv);
  const classpath = await prepareJavaBench();
  out(
    `ha-kill: ${a.impl} SYNC_MASTER + ${a.impl} slave (${a.flush}), ${a.threads} sender threads × sync send of ${a.size} B, ${a.queues} queues, ` +
      `${a.rounds} rounds of ${a.minMs}–${a.maxMs} ms load then SIGKILL of the master; ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  );
  const pair = await startHaPair({
    master: a.impl,
    slave: a.impl,
    role: 'SYNC_MASTER',
    flush: a.flush,
    // Small segments: the rounds cross commit-log segment boundaries.
    mappedFileSizeCommitLog: SEGMENT_BYTES,
    brokerHeapMb: 512,
    keepFiles: a.keep,
  });
  out(`pair up: master ${pair.master.addr}, slave ${pair.slave.addr}, first attach ${fmt(pair.startup.attach?.sinceSlaveReadyMs ?? NaN)} ms after the slave's ready line`);
  const calls = new BrokerCalls();
  const stopFile = path.join(pair.dir, 'ack-sender.stop');
  let sender: ReturnType<typeof spawnJavaMain> | undefined;
  const rows: RoundRow[] = [];
  let failure: unknown;
  /** Any acknowledged message missing anywhere: the run directory (stores, logs) is kept for a look. */
  let anyLoss = false;
  const restartProblems: string[] = [];
  try {
    const topic = `HaKill_${Date.now().toString(36)}`;
    await createTopic(pair.namesrvAddr, topic, a.queues);
    out(`topic ${topic} on the slave after ${fmt(await pair.waitForSlaveTopic(topic))} ms`);
    const log = new SenderLog();
    sender = spawnJavaMain(
      classpath,
      'AckSender',
      ['-n', pair.namesrvAddr, '-t', topic, '-x', stopFile, '-w', String(a.threads), '-s', String(a.size), '-d', String(a.rounds * 120 + 120), '-T', '3000'],
      'AckSender',
    );
    sender.proc.child.stdout?.on('data', (c: Buffer) => log.feed(c));
    const slaveScan = new QueueScanner(calls, pair.slave, topic, a.queues, a.size);
    let restartedAt = 0;
    log.markFrom(0);
    let readyMs = 0;
    const waitForOk = async (what: string): Promise<void> => {
      const okDeadline = Date.now() + 90_000;
      while (log.firstOkAfterMark === 0) {
        if (!sender?.proc.running()) throw new Error(`AckSender exited:\n${sender?.proc.output().slice(-3000)}`);
        if (Date.now() > okDeadline) throw new Error(`${what}: no SEND_OK within 90 s of the master's restart; sender errors: ${log.errSamples.join(' | ')}\n${pair.output(30)}`);
        await sleep(20);
      }
    };
    /** After a restart: ready → first SEND_OK, and the previous round's queue tails still on the slave. */
    const afterReattach = async (row: RoundRow | undefined): Promise<void> => {
      if (!row) return;
      row.firstOkMs = log.firstOkAfterMark - restartedAt;
      const ts = await recheckTail(calls, pair.slave, topic, log.acked, row.round, a.size);
      const tm = await recheckTail(calls, pair.master, topic, log.acked, row.round, a.size);
      row.tailLost = ts.lost + ts.bodyMismatch + ts.placeMismatch;
      row.masterTailLost = tm.lost + tm.bodyMismatch + tm.placeMismatch;
      // Below the slave's end at the kill, the restarted master's log must be what the slave holds.
      const d = firstCommitLogDifference(path.join(pair.master.store, 'commitlog'), path.join(pair.slave.store, 'commitlog'), row.prevSlaveEnd, row.slaveEnd, SEGMENT_BYTES);
      row.logs = diffText(d);
      if (d >= 0) {
        anyLoss = true;
        out(`   round ${row.round}: master and slave commit logs differ at offset ${fmt(d)}, ${fmt(row.slaveEnd - d)} B below the slave's end at the kill (${fmt(row.slaveEnd)})`);
      }
      if (row.tailLost + row.masterTailLost > 0) anyLoss = true;
      for (const x of ts.samples) out(`   round ${row.round} after reattach, slave: ${x}`);
      for (const x of tm.samples) out(`   round ${row.round} after reattach, master: ${x}`);
    };

    for (let round = 1; round <= a.rounds; round++) {
      log.round = round;
      // The round's load starts with the first SEND_OK since the (re)start: the slave is attached.
      await waitForOk(`round ${round}`);
      await afterReattach(rows[round - 2]);
      const loadMs = a.minMs + Math.random() * (a.maxMs - a.minMs);
      // Read the slave along with the load (as a consumer of the slave would), so that after the kill only the
      // tail is left to find.
      const loadEnd = Date.now() + loadMs;
      while (Date.now() < loadEnd) {
        await slaveScan.scan();
        await sleep(Math.min(100, Math.max(0, loadEnd - Date.now())));
      }

      const killAt = Date.now();
      await pair.master.kill();
      let finalMs = NaN;
      let foundMs = NaN;
      let c: Check = { found: 0, lastFoundAt: 0, lost: 0, bodyMismatch: 0, placeMismatch: 0, samples: [] };
      for (;;) {
        const isFinal = log.allFailedSince(killAt, a.threads);
        if (isFinal && Number.isNaN(finalMs)) finalMs = Date.now() - killAt;
        await slaveScan.scan();
        c = check(log.acked, slaveScan.found);
        if (isFinal && c.lost === 0) {
          foundMs = Date.now() - killAt;
          break;
        }
        if (Date.now() - killAt > a.checkTimeoutMs) break;
        await sleep(20);
      }
      const slaveEnd = await pair.commitLogMaxOffset(pair.slave).catch(() => NaN);
      const ackedRound = [...log.acked.values()].filter((x) => x.round === round).length;
      const other = statusText(log.otherStatus[round] ?? {});
      out(
        `round ${round}: ${fmt(loadMs)} ms load, acked ${fmt(ackedRound)} (total ${fmt(log.acked.size)}), on the slave ${fmt(c.found)}, lost ${c.lost}` +
          `${c.bodyMismatch + c.placeMismatch ? `, mismatches ${c.bodyMismatch + c.placeMismatch}` : ''}; acked set final ${fmt(finalMs)} ms after the kill, ` +
          `all acked found ${Number.isNaN(foundMs) ? `NOT within ${a.checkTimeoutMs} ms` : `${fmt(foundMs)} ms after the kill`}; other statuses: ${other}`,
      );
      for (const s of c.samples) out(`   ${s}`);
      if (c.lost > 0) {
        // Read each lost one again at the queue offset it was acknowledged at: there now, or not at all?
        const lostKeys = [...log.acked].filter(([k]) => !slaveScan.found.has(k)).slice(0, 5);
        for (const [k, x] of lostKeys) {
          const again = await calls.pullQueue(pair.slave.addr, topic, x.queueId, { group: 'GID_HA_KILL_CHECK', from: x.queueOffset }).catch((e: Error) => e);
          const first = Array.isArray(again) ? again[0] : undefined;
          out(
            `   re-read ${k} at ${x.queueId}/${x.queueOffset} on the slave: ` +
              (again instanceof Error ? again.message : first ? `${first.properties[MessageConst.KEYS]} at ${first.queueId}/${first.queueOffset}` : 'nothing'),
          );
        }
        for (const x of slaveScan.skipSamples) out(`   sequential read of the slave skipped: ${x}`);
      }
      if (c.lost + c.bodyMismatch + c.placeMismatch > 0) anyLoss = true;

      restartedAt = Date.now();
      log.markFrom(restartedAt);
      readyMs = await restartMaster(pair, restartProblems);
      rows.push({
        round,
        loadMs,
        ackedRound,
        ackedTotal: log.acked.size,
        found: c.found,
        lost: c.lost,
        mismatch: c.bodyMismatch + c.placeMismatch,
        other,
        errors: log.errors[round] ?? 0,
        finalMs,
        foundMs,
        slaveMs: c.lost === 0 ? Math.max(0, c.lastFoundAt - killAt) : NaN,
        readyMs,
        firstOkMs: NaN,
        tailLost: NaN,
        masterTailLost: NaN,
        slaveEnd,
        prevSlaveEnd: rows.length ? rows[rows.length - 1].slaveEnd : 0,
        logs: '',
      });
    }

    // Last restart: wait for the slave to be followed again, then stop the load and look for everything on both.
    await waitForOk('after the last round');
    await afterReattach(rows[rows.length - 1]);
    fs.writeFileSync(stopFile, '');
    await new Promise<void>((resolve) => {
      if (!sender?.proc.running()) resolve();
      else sender.proc.child.once('exit', () => resolve());
    });
    const result = sender.proc.output().split('\n').reverse().find((l) => l.startsWith('RESULT '));
    await pair.waitForCatchUp(30_000).catch((err: Error) => out(`final catch-up: ${err.message.split('\n')[0]}`));

    const table1: string[][] = [
      ['round', 'load ms', 'acked', 'acked total', 'on slave', 'lost', 'mismatch', 'other statuses', 'send errors', 'kill→final ms', 'kill→all found ms', 'kill→slave had all ms', 'restart→ready ms', 'ready→SEND_OK ms', 'tail lost: slave', 'master', 'round\'s bytes: master vs slave'],
    ];
    for (const r of rows) {
      table1.push([
        String(r.round),
        fmt(r.loadMs),
        fmt(r.ackedRound),
        fmt(r.ackedTotal),
        fmt(r.found),
        String(r.lost),
        String(r.mismatch),
        r.other,
        fmt(r.errors),
        fmt(r.finalMs),
        Number.isNaN(r.foundMs) ? 'not found' : fmt(r.foundMs),
        fmt(r.slaveMs),
        fmt(r.readyMs),
        fmt(r.firstOkMs - r.readyMs),
        String(r.tailLost),
        String(r.masterTailLost),
        r.logs,
      ]);
    }
    out(`\n${pair.label} SYNC_MASTER, ${a.flush}: per round (acked = SEND_OK this round; lost = acked so far not on the slave while the master was down)`);
    out(table(table1));

    const finalSlave = new QueueScanner(calls, pair.slave, topic, a.queues, a.size);
    const finalMaster = new QueueScanner(calls, pair.master, topic, a.queues, a.size);
    await finalSlave.scan();
    await finalMaster.scan();
    const finalSlaveEnd = await pair.commitLogMaxOffset(pair.slave).catch(() => NaN);
    const finalDiff = firstCommitLogDifference(path.join(pair.master.store, 'commitlog'), path.join(pair.slave.store, 'commitlog'), 0, finalSlaveEnd, SEGMENT_BYTES);
    if (finalDiff >= 0) anyLoss = true;
    const cs = check(log.acked, finalSlave.found);
    const cm = check(log.acked, finalMaster.found);
    out(`\nsender: ${result ?? '(no RESULT line)'}`);
    out(
      `after the last restart, load stopped, from offset 0: acked ${fmt(log.acked.size)}; slave has ${fmt(cs.found)} (lost ${cs.lost}, mismatches ${cs.bodyMismatch + cs.placeMismatch}, duplicates ${finalSlave.duplicates}); ` +
        `master has ${fmt(cm.found)} (lost ${cm.lost}, mismatches ${cm.bodyMismatch + cm.placeMismatch}, duplicates ${finalMaster.duplicates})`,
    );
    out(`commit logs of master and slave below the slave's end (${fmt(finalSlaveEnd)}): ${diffText(finalDiff)}`);
    for (const s of [...cs.samples.map((x) => `slave: ${x}`), ...cm.samples.map((x) => `master: ${x}`)]) out(`   ${s}`);
    if (cs.lost + cm.lost + cs.bodyMismatch + cm.bodyMismatch + cs.placeMismatch + cm.placeMismatch > 0) anyLoss = true;
    const lostTotal = rows.reduce((n, r) => n + r.lost, 0);
    const times = rows.map((r) => r.foundMs).filter(Number.isFinite);
    const slaveTimes = rows.map((r) => r.slaveMs).filter(Number.isFinite);
    out(
      `summary ${pair.label}: ${rows.length} rounds, ${fmt(log.acked.size)} acked, lost while the master was down ${lostTotal} (must be 0), lost at the end slave ${cs.lost} / master ${cm.lost}; ` +
        `kill → all acked found on the slave (acked set final): median ${fmt(median(times))} ms, max ${fmt(Math.max(...times))} ms; ` +
        `kill → the slave had them all: median ${fmt(median(slaveTimes))} ms, max ${fmt(Math.max(...slaveTimes))} ms; ready → SEND_OK median ${fmt(median(rows.map((r) => r.firstOkMs - r.readyMs).filter(Number.isFinite)))} ms`,
    );
    if (restartProblems.length) out(`master restarts that needed another try: ${restartProblems.length}`);
    if (slaveScan.skipped) out(`the sequential reader of the slave was served past ${slaveScan.skipped} queue offsets: ${slaveScan.skipSamples.join(' | ')}`);
    if (log.errSamples.length) out(`send errors (first): ${log.errSamples.join(' | ')}`);
  } catch (err) {
    failure = err;
  } finally {
    if (!fs.existsSync(stopFile)) fs.writeFileSync(stopFile, '');
    if (sender) {
      await sender.proc.stop(5000);
      sender.cleanup();
    }
    await calls.shutdown();
    await pair.stop(a.keep || anyLoss);
    if (a.keep || anyLoss) out(`run directory kept: ${pair.dir}`);
  }
  if (failure) {
    out(`ha-kill failed: ${(failure as Error).stack ?? String(failure)}`);
    process.exitCode = 1;
  }
}

function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}
