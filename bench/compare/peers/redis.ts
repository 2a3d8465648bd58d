/**
 * Redis Streams as a peer system: Debian's `redis-server` (7.0) and ioredis.
 *
 * Ack levels. Redis answers a write once it is in memory and appended to the AOF buffer; persistence is
 * the append-only file: `--appendfsync everysec` (fsync once a second, in a background thread) is the
 * equivalent of RocketMQ's ASYNC_FLUSH, `--appendfsync always` (fsync before replying) of SYNC_FLUSH.
 * RDB snapshots are off (`--save ''`) so that a fork does not disturb the run.
 *
 * Publish: XADD <stream> * d <body>, one reply awaited per message. Batch: one pipeline of B XADDs.
 * Consumer group: XREADGROUP GROUP <group> <consumer> COUNT 1000 BLOCK … STREAMS <stream> >, and an XACK
 * of each batch's ids sent (not awaited) just before the next read on the same connection, so both go in
 * one write (at-least-once, progress kept by the server, like RocketMQ's offset commit). The group is
 * created by the client: from id 0 for consume, from `$` (new messages only) for latency.
 *
 * One connection per process, with ioredis's automatic pipelining (commands issued in the same event-loop
 * tick go out in one write): measured against plain per-command writes, see AUTO_PIPELINING. The latency
 * consumer has a connection of its own (a blocking XREADGROUP holds its connection).
 */
import net from 'node:net';
import { Redis } from 'ioredis';
import type { AckLevel, ClientArgs, ConsumeResult, QueueSystemServer, ServerHandle, SystemClient } from '../types';
import { HOST, makeTempDir, serverHandle, spawnServer, startOrCleanUp } from './common';
import { sleep } from '../../broker/common';
import { ConsumeClock, closedLoops, FailureLog, pacedLatency, randomBody } from '../measure';
import { ensureDebianPackages, requireBinary } from './install';
import { findFreePort } from '../../../interop/support/ports';
import { parseHostPort } from '../../../server/common/net';

/**
 * Automatic pipelining, measured on the 2-core dev machine (publish, 64 loops × 128 B, async, 3 alternated
 * runs each): on ≈ 118k msg/s, off ≈ 86k msg/s, where every concurrent command is a socket write of its
 * own; the batch workload (explicit pipelines) showed no clear difference. ORBIT_BENCH_REDIS_AUTOPIPELINE=0
 * turns it off.
 */
const AUTO_PIPELINING = process.env.ORBIT_BENCH_REDIS_AUTOPIPELINE !== '0';
const READ_COUNT = 1000;

function connectTo(url: string, autoPipelining = AUTO_PIPELINING): Redis {
  const { host, port } = parseHostPort(url);
  return new Redis({
    host,
    port,
    enableAutoPipelining: autoPipelining,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
}

async function quit(r: Redis): Promise<void> {
  try {
    await r.quit();
  } catch {
    r.disconnect();
  }
}

/** PING over a raw socket: true when the server answers +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: HOST, port });
    let buf = '';
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
  });
}

export const redisServer: QueueSystemServer = {
  name: 'redis',
  ackLevels: ['async', 'sync'],
  async ensureInstalled() {
    await ensureDebianPackages({ 'redis-server': 'redis-server' });
  },
  async start(ack: AckLevel): Promise<ServerHandle> {
    const bin = requireBinary('redis-server');
    const port = await findFreePort();
    const dir = makeTempDir('redis');
    const args = [
      '--bind', HOST,
      '--port', String(port),
      '--dir', dir,
      '--daemonize', 'no',
      '--protected-mode', 'yes',
      '--logfile', '',
      '--appendonly', 'yes',
      '--appendfsync', ack === 'sync' ? 'always' : 'everysec',
      '--save', '',
    ];
    const proc = spawnServer('redis-server', bin, args, dir);
    await startOrCleanUp(proc, dir, async () => {
      const until = performance.now() + 20_000;
      let exited = false;
      void proc.exited.then(() => (exited = true));
      while (!(await ping(port))) {
        if (exited) throw new Error(`redis-server exited (code ${proc.child.exitCode}); its last output:\n${proc.tail()}`);
        if (performance.now() > until) throw new Error(`redis-server did not answer PING within 20 s; its last output:\n${proc.tail()}`);
        await sleep(50);
      }
    });
    return serverHandle(proc, port, dir);
  },
  async prepare(server: ServerHandle, _stream: string) {
    // XADD creates the stream, and the clients create their consumer groups (consume from id 0, latency
    // from `$`): nothing to do but check that the server answers.
    const r = connectTo(server.url);
    try {
      await r.ping();
    } finally {
      await quit(r);
    }
  },
};

/** XGROUP CREATE from `from` (MKSTREAM); an existing group is moved to `from` when `reset`. */
async function createGroup(r: Redis, stream: string, group: string, from: '0' | '$', reset: boolean): Promise<void> {
  try {
    await r.xgroup('CREATE', stream, group, from, 'MKSTREAM');
  } catch (e) {
    if (!(e instanceof Error) || !e.message.includes('BUSYGROUP')) throw e;
    if (reset) await r.xgroup('SETID', stream, group, from);
  }
}

type StreamReply = [key: Buffer, entries: [id: Buffer, fields: Buffer[]][]][] | null;

/** One XREADGROUP of up to `count` new entries, blocking up to `blockMs`. */
async function readGroup(r: Redis, a: ClientArgs, consumer: string, count: number, blockMs: number) {
  // Not callBuffer('XREADGROUP', …): with auto-pipelining on, ioredis 6 drops the command name of call*().
  const reply = (await r.xreadgroupBuffer(
    'GROUP', a.group, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', a.stream, '>',
  )) as StreamReply;
  return reply?.[0]?.[1] ?? [];
}

/**
 * Reads the group until `wanted(count)` says stop or `stopped()`; calls `onEntry` with each body and acks
 * each batch (XACK sent ahead of the next read on the same connection).
 */
async function readLoop(
  r: Redis,
  a: ClientArgs,
  limit: number,
  blockMs: number,
  stopped: () => boolean,
  onBatch: (entries: [Buffer, Buffer[]][]) => void,
): Promise<number> {
  const consumer = `c-${process.pid}`;
  const failures = new FailureLog('redis xack');
  let count = 0;
  while (count < limit && !stopped()) {
    const entries = await readGroup(r, a, consumer, Math.min(READ_COUNT, limit - count), blockMs);
    if (entries.length === 0) continue;
    count += entries.length;
    onBatch(entries);
    r.xack(a.stream, a.group, ...entries.map((e) => e[0])).catch((e: unknown) => failures.add(e));
  }
  await r.ping(); // the last XACK has been answered
  return count;
}

export const redisClient: SystemClient = {
  async publish(a) {
    const r = connectTo(a.url);
    try {
      await r.ping();
      const body = randomBody(a.size);
      return await closedLoops(
        a,
        1,
        async () => {
          await r.xadd(a.stream, '*', 'd', body);
          return 1;
        },
        'redis publish',
      );
    } finally {
      await quit(r);
    }
  },

  async batch(a) {
    const r = connectTo(a.url);
    try {
      await r.ping();
      const body = randomBody(a.size);
      const n = Math.max(1, a.batch);
      return await closedLoops(
        a,
        n,
        async (fail) => {
          const p = r.pipeline();
          for (let i = 0; i < n; i++) p.xadd(a.stream, '*', 'd', body);
          const replies = (await p.exec()) ?? [];
          let ok = 0;
          for (const [err] of replies) {
            if (err) fail(err);
            else ok++;
          }
          return ok;
        },
        'redis batch',
      );
    } finally {
      await quit(r);
    }
  },

  async consume(a): Promise<ConsumeResult> {
    const r = connectTo(a.url);
    try {
      await createGroup(r, a.stream, a.group, '0', false);
      const clock = new ConsumeClock();
      const deadline = performance.now() + a.timeoutSeconds * 1000;
      const blockMs = Math.max(1, Math.min(1000, a.timeoutSeconds * 1000));
      await readLoop(r, a, a.expect, blockMs, () => performance.now() > deadline, (entries) => clock.tick(entries.length));
      if (clock.count < a.expect) {
        process.stderr.write(`redis consume: read ${clock.count} of ${a.expect} in ${a.timeoutSeconds} s\n`);
      }
      return { tps: clock.tps(), consumed: clock.count };
    } finally {
      await quit(r);
    }
  },

  async latency(a) {
    const pub = connectTo(a.url);
    const sub = connectTo(a.url);
    try {
      await pub.ping();
      return await pacedLatency(
        a,
        async (onMessage) => {
          await createGroup(sub, a.stream, a.group, '$', true);
          let stop = false;
          const loop = readLoop(sub, a, Infinity, 100, () => stop, (entries) => {
            for (const [, fields] of entries) onMessage(fields[1]);
          });
          return {
            async stop() {
              stop = true;
              await loop;
            },
          };
        },
        (body) => pub.xadd(a.stream, '*', 'd', body),
      );
    } finally {
      await Promise.all([quit(pub), quit(sub)]);
    }
  },
};
