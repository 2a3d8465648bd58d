/**
 * `npm run bench -- clients [--idle 10000] [--heartbeat 1000] [--heartbeat-seconds 30] [--hostile 100000] [--wave 500]`
 *
 * Many clients on one Orbit name server + broker (loopback):
 * - `--idle` TCP connections that never send a byte: broker RSS before and after, per connection;
 * - `--heartbeat` clients, each on its own connection, sending HEART_BEAT (one consumer group each) every second:
 *   broker RSS and the heartbeat round trip p50/p99 while they run;
 * - `--hostile` connections to each of the name server and broker ports, `--wave` at a time: malformed frames,
 *   half frames, oversized lengths, slowloris trickles, random bytes; afterwards both must still answer a real
 *   request, and their RSS is shown.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { logger } from '../../server/common/logger';
import { encodeHeartbeatData } from '../../server/remoting/body/heartbeat';
import { decodeFrame, encodeCommand, FrameDecoder } from '../../server/remoting/frame-codec';
import { RemotingClient } from '../../server/remoting/remoting-client';
import { RemotingCommand } from '../../server/remoting/remoting-command';
import { RequestCode } from '../../server/remoting/request-code';
import { argGetter, fmt, out, quietClientLogs, sleep, table } from './common';
import { startKillableCluster } from './killable-cluster';
import { pidListeningOn, rssMb } from './proc-stats';

const host = '127.0.0.1';

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host, () => resolve(s));
    s.once('error', reject);
  });
}

async function inWaves<T>(count: number, wave: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const all: T[] = [];
  for (let i = 0; i < count; i += wave) {
    const batch = await Promise.all(Array.from({ length: Math.min(wave, count - i) }, (_, k) => make(i + k)));
    all.push(...batch);
  }
  return all;
}

/** Round trip of a real request: what a well-behaved client sees while the others are there. */
async function probe(client: RemotingClient, addr: string, code: number): Promise<number> {
  const t0 = performance.now();
  await client.invoke(addr, RemotingCommand.request(code), 5000);
  return performance.now() - t0;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

/** One hostile connection: a kind of bad input picked by `i`, then closed (or left for the server to close). */
async function hostile(port: number, i: number): Promise<void> {
  const s = await connect(port).catch(() => undefined);
  if (!s) return;
  s.on('error', () => undefined);
  const kind = i % 5;
  const done = new Promise<void>((r) => {
    s.once('close', () => r());
    setTimeout(() => {
      s.destroy();
      r();
    }, kind === 3 ? 1500 : 300).unref();
  });
  if (kind === 0) {
    // A frame whose header length exceeds the frame.
    const b = Buffer.alloc(16);
    b.writeInt32BE(12, 0);
    b.writeInt32BE(0x7fffffff, 4);
    s.end(b);
  } else if (kind === 1) {
    // Half a frame, then silence.
    const full = encodeCommand(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO));
    s.write(full.subarray(0, Math.max(1, full.length >> 1)));
  } else if (kind === 2) {
    // An oversized length prefix.
    const b = Buffer.alloc(4);
    b.writeInt32BE(0x7ffffff0, 0);
    s.write(b);
  } else if (kind === 3) {
    // Slowloris: a valid frame one byte at a time.
    const full = encodeCommand(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO));
    for (let k = 0; k < Math.min(10, full.length) && !s.destroyed; k++) {
      s.write(full.subarray(k, k + 1));
      await sleep(100);
    }
  } else {
    s.end(crypto.randomBytes(1 + (i % 512)));
  }
  await done;
}

export async function runClientsBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const get = argGetter(argv);
  const idle = Number(get('idle', '10000'));
  const heartbeaters = Number(get('heartbeat', '1000'));
  const hbSeconds = Number(get('heartbeat-seconds', '30'));
  const hostileCount = Number(get('hostile', '100000'));
  const wave = Number(get('wave', '500'));
  const cluster = await startKillableCluster('orbit', 'ASYNC_FLUSH');
  const client = new RemotingClient(logger.child({ module: 'clients-bench' }));
  const rows: string[][] = [['phase', 'broker RSS MB', 'name server RSS MB', 'probe RTT ms', 'note']];
  const sockets: net.Socket[] = [];
  try {
    await cluster.startBroker();
    const brokerPort = Number(cluster.brokerAddr.split(':')[1]);
    const nsPort = Number(cluster.namesrvAddr.split(':')[1]);
    const nsPid = pidListeningOn(nsPort);
    const row = async (phase: string, note = ''): Promise<number> => {
      const rtt = await probe(client, cluster.brokerAddr, RequestCode.GET_BROKER_RUNTIME_INFO);
      const rss = rssMb(cluster.brokerPid());
      rows.push([phase, fmt(rss, 1), fmt(rssMb(nsPid), 1), fmt(rtt, 2), note]);
      out(`${phase}: broker RSS ${fmt(rss, 1)} MB, probe ${fmt(rtt, 2)} ms ${note}`);
      return rss;
    };
    await sleep(2000);
    const base = await row('baseline');

    // Idle connections.
    const t0 = performance.now();
    sockets.push(...(await inWaves(idle, wave, () => connect(brokerPort))));
    for (const s of sockets) s.on('error', () => undefined);
    await sleep(3000);
    const withIdle = await row(`${idle} idle connections`, `opened in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    out(`  ≈ ${fmt(((withIdle - base) * 1024) / Math.max(1, idle), 1)} KiB of broker RSS per idle connection`);
    for (const s of sockets.splice(0)) s.destroy();
    await sleep(3000);
    await row('idle connections closed');

    // Heartbeating clients.
    const hbSockets = await inWaves(heartbeaters, wave, () => connect(brokerPort));
    const rtts: number[] = [];
    let opaque = 1_000_000;
    const pending = new Map<number, number>();
    for (const s of hbSockets) {
      s.on('error', () => undefined);
      const dec = new FrameDecoder();
      s.on('data', (d: Buffer) => {
        for (const frame of dec.push(d)) {
          const cmd = decodeFrame(frame);
          const sent = pending.get(cmd.opaque);
          if (sent !== undefined) {
            rtts.push(performance.now() - sent);
            pending.delete(cmd.opaque);
          }
        }
      });
    }
    const beat = (k: number): void => {
      const body = encodeHeartbeatData({
        clientID: `bench-client-${k}`,
        producerDataSet: [],
        consumerDataSet: [
          {
            groupName: `bench_group_${k % 100}`,
            consumeType: 'CONSUME_PASSIVELY',
            messageModel: 'CLUSTERING',
            consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
            subscriptionDataSet: [{ topic: `bench_topic_${k % 50}`, subString: '*', tagsSet: [], codeSet: [], subVersion: Date.now(), expressionType: 'TAG', classFilterMode: false }],
            unitMode: false,
          },
        ],
      });
      const cmd = RemotingCommand.request(RequestCode.HEART_BEAT, undefined, body);
      cmd.opaque = opaque++;
      pending.set(cmd.opaque, performance.now());
      hbSockets[k].write(encodeCommand(cmd));
    };
    const hbEnd = Date.now() + hbSeconds * 1000;
    while (Date.now() < hbEnd) {
      const round = Date.now();
      for (let k = 0; k < hbSockets.length; k++) beat(k);
      await sleep(Math.max(0, 1000 - (Date.now() - round)));
    }
    await sleep(1000);
    await row(`${heartbeaters} clients heartbeating each second`, `heartbeat RTT p50 ${fmt(pct(rtts, 50), 2)} / p99 ${fmt(pct(rtts, 99), 2)} ms, ${rtts.length} answered, ${pending.size} unanswered`);
    for (const s of hbSockets) s.destroy();

    // Hostile connections on both ports.
    for (const [name, port, addr, code] of [
      ['name server', nsPort, cluster.namesrvAddr, RequestCode.GET_BROKER_CLUSTER_INFO],
      ['broker', brokerPort, cluster.brokerAddr, RequestCode.GET_BROKER_RUNTIME_INFO],
    ] as const) {
      const h0 = performance.now();
      await inWaves(hostileCount, wave, (i) => hostile(port, i));
      const rtt = await probe(client, addr, code);
      out(`${hostileCount} hostile connections on the ${name} in ${fmt((performance.now() - h0) / 1000, 1)} s; it still answers (${fmt(rtt, 2)} ms)`);
      await row(`after ${hostileCount} hostile on the ${name}`, `${name} answered in ${fmt(rtt, 2)} ms`);
    }
    out('');
    out(table(rows));
  } finally {
    for (const s of sockets) s.destroy();
    await client.shutdown();
    await cluster.stop();
  }
}
