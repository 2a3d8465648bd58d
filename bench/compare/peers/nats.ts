/**
 * NATS JetStream as a peer system: `nats-server -js` (Debian's 2.9.10) and the official Node client
 * (@nats-io/transport-node + @nats-io/jetstream 3.x).
 *
 * Ack levels. JetStream acknowledges a publish once the message is written to the stream's file store
 * (the OS page cache); the store fsyncs on its own timer (`sync_interval`, 2 min by default), the
 * equivalent of RocketMQ's ASYNC_FLUSH. An fsync before each ack needs `jetstream { sync_interval: always }`,
 * which came with nats-server 2.10: 2.9.10 refuses the config (`unknown field "sync_interval"`), so only
 * 'async' is offered.
 *
 * Consumers. A durable pull consumer (progress kept by the server, so another client bound to the same
 * durable continues where this one stopped) with AckPolicy.All: acking message N acks all before it, so
 * acking every 512th message (or after 100 ms) and the last one is the equivalent of RocketMQ's periodic
 * consumer offset commit, at-least-once like it. Messages are read with `consume()` in callback mode,
 * pulling 4,000 at a time (the client re-pulls when half are used).
 *
 * One connection per process (NATS multiplexes; the client coalesces writes of concurrent publishes),
 * except in the latency workload, where the consumer has a connection of its own as a separate
 * application would. `noAsyncTraces` spares an Error (a stack capture) per request: publish went from
 * ≈ 16k to ≈ 27k msg/s with it (one pair of runs on the noisy 2-core dev machine). The client still
 * builds one Error per request (the "cancelled" rejection of an already-settled request in nats-core's
 * Request.cancel), ≈ 20 % of its CPU in publish; that is left as it is, being the client's own cost.
 *
 * Consume pull batch: 500 / 1000 / 4000 / 10000 messages gave ≈ 300k / 340k / 400k / 350k msg/s (2 runs each).
 */
import fs from 'node:fs';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JsMsg,
} from '@nats-io/jetstream';
import type { AckLevel, ClientArgs, ConsumeResult, QueueSystemServer, ServerHandle, SystemClient } from '../types';
import { HOST, makeTempDir, serverHandle, spawnServer, startOrCleanUp } from './common';
import { ConsumeClock, closedLoops, pacedLatency, randomBody } from '../measure';
import { ensureDebianPackages, requireBinary } from './install';
import { findFreePort } from '../../../interop/support/ports';

/** JetStream stream names allow no '.', '*', '>' or spaces: keep letters, digits, '_' and '-'. */
export function natsStreamName(stream: string): string {
  return stream.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Consumer names: same rule. */
const durableName = (group: string): string => group.replace(/[^A-Za-z0-9_-]/g, '_');

const PULL_BATCH = 4000;
const ACK_EVERY = 512;
const ACK_AFTER_MS = 100;

function connectTo(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: 0, noEcho: true, noAsyncTraces: true });
}

async function closeQuietly(nc: NatsConnection): Promise<void> {
  try {
    await nc.drain();
  } catch {
    await nc.close().catch(() => undefined);
  }
}

export const natsServer: QueueSystemServer = {
  name: 'nats',
  ackLevels: ['async'],
  async ensureInstalled() {
    await ensureDebianPackages({ 'nats-server': 'nats-server' });
  },
  async start(ack: AckLevel): Promise<ServerHandle> {
    if (ack !== 'async') throw new Error(`nats-server 2.9 supports ack level 'async' only, not '${ack}'`);
    const bin = requireBinary('nats-server');
    const port = await findFreePort();
    const dir = makeTempDir('nats');
    const conf = path.join(dir, 'nats.conf');
    fs.writeFileSync(
      conf,
      [`listen: "${HOST}:${port}"`, `jetstream {`, `  store_dir: ${JSON.stringify(path.join(dir, 'js'))}`, `}`, ''].join('\n'),
    );
    const proc = spawnServer('nats-server', bin, ['-c', conf], dir);
    await startOrCleanUp(proc, dir, () => proc.waitFor(/Server is ready/, 20_000));
    return serverHandle(proc, port, dir);
  },
  async prepare(server: ServerHandle, stream: string) {
    const nc = await connectTo(server.url, 'orbit-bench-prepare');
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({
        name: natsStreamName(stream),
        subjects: [stream],
        storage: StorageType.File,
        num_replicas: 1,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        max_msgs: -1,
        max_bytes: -1,
        max_age: 0,
        max_msg_size: -1,
      });
    } finally {
      await closeQuietly(nc);
    }
  },
};

/**
 * Creates (or reuses) the durable pull consumer `group` on the stream and starts reading it in callback
 * mode; `onMessage` sees each message. Acks as the header comment says.
 */
async function startConsumer(
  nc: NatsConnection,
  a: ClientArgs,
  deliver: DeliverPolicy,
  /** Returns false for a message it does not take (past what it wanted): that one stays unacked. */
  onMessage: (m: JsMsg) => boolean,
): Promise<{ stop(): Promise<void> }> {
  const stream = natsStreamName(a.stream);
  const durable = durableName(a.group);
  const jsm = await jetstreamManager(nc);
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.All,
    deliver_policy: deliver,
    max_ack_pending: 100_000,
  };
  try {
    await jsm.consumers.add(stream, config);
  } catch (e) {
    // An existing durable with another config (e.g. deliver-all from consume, now deliver-new): replace it.
    if (deliver !== DeliverPolicy.New) throw e;
    await jsm.consumers.delete(stream, durable).catch(() => undefined);
    await jsm.consumers.add(stream, config);
  }
  const consumer = await jetstream(nc).consumers.get(stream, durable);
  let last: JsMsg | undefined;
  let unacked = 0;
  let lastAck = performance.now();
  const messages = await consumer.consume({
    max_messages: PULL_BATCH,
    callback: (m) => {
      if (!onMessage(m)) return;
      last = m;
      if (++unacked >= ACK_EVERY || performance.now() - lastAck >= ACK_AFTER_MS) {
        m.ack();
        unacked = 0;
        lastAck = performance.now();
      }
    },
  });
  return {
    async stop() {
      await messages.close();
      if (last && unacked > 0) await last.ackAck().catch(() => false);
    },
  };
}

export const natsClient: SystemClient = {
  async publish(a) {
    const nc = await connectTo(a.url, 'orbit-bench-publish');
    try {
      const js = jetstream(nc);
      const body = randomBody(a.size);
      return await closedLoops(
        a,
        1,
        async () => {
          await js.publish(a.stream, body);
          return 1;
        },
        'nats publish',
      );
    } finally {
      await closeQuietly(nc);
    }
  },

  async batch(a) {
    const nc = await connectTo(a.url, 'orbit-bench-batch');
    try {
      const js = jetstream(nc);
      const body = randomBody(a.size);
      const n = Math.max(1, a.batch);
      return await closedLoops(
        a,
        n,
        async (fail) => {
          const acks: Promise<unknown>[] = new Array(n);
          for (let i = 0; i < n; i++) acks[i] = js.publish(a.stream, body);
          let ok = 0;
          for (const r of await Promise.allSettled(acks)) {
            if (r.status === 'fulfilled') ok++;
            else fail(r.reason);
          }
          return ok;
        },
        'nats batch',
      );
    } finally {
      await closeQuietly(nc);
    }
  },

  async consume(a): Promise<ConsumeResult> {
    const nc = await connectTo(a.url, 'orbit-bench-consume');
    try {
      const clock = new ConsumeClock();
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      const c = await startConsumer(nc, a, DeliverPolicy.All, () => {
        if (clock.count >= a.expect) return false;
        clock.tick();
        if (clock.count >= a.expect) done();
        return true;
      });
      if (a.expect <= 0) done();
      const timer = setTimeout(done, a.timeoutSeconds * 1000);
      await finished;
      clearTimeout(timer);
      await c.stop();
      if (clock.count < a.expect) {
        process.stderr.write(`nats consume: read ${clock.count} of ${a.expect} in ${a.timeoutSeconds} s\n`);
      }
      return { tps: clock.tps(), consumed: clock.count };
    } finally {
      await closeQuietly(nc);
    }
  },

  async latency(a) {
    const pub = await connectTo(a.url, 'orbit-bench-latency-pub');
    const sub = await connectTo(a.url, 'orbit-bench-latency-sub');
    try {
      const js = jetstream(pub);
      return await pacedLatency(
        a,
        async (onMessage) => {
          const c = await startConsumer(sub, a, DeliverPolicy.New, (m) => {
            onMessage(m.data);
            return true;
          });
          // The first pull request is on its way; let it reach the server before the first publish.
          await sub.flush();
          return c;
        },
        (body) => js.publish(a.stream, body),
      );
    } finally {
      await Promise.all([closeQuietly(pub), closeQuietly(sub)]);
    }
  },
};
