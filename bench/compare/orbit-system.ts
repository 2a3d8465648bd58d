/**
 * Orbit in `npm run bench -- compare`: `orbit namesrv` + `orbit broker` processes (as the interop suite
 * runs them), driven by the TS SDK. Ack level async = ASYNC_FLUSH (the broker default: SEND_OK once the
 * record is in the page cache), sync = SYNC_FLUSH (after fdatasync).
 */
import { Producer, PushConsumer } from '../../server/client';
import { startOrbitCluster } from '../../interop/support/orbit-cluster';
import { createTopic, quietClientLogs, sleep } from '../broker/common';
import { ConsumeClock, closedLoops, pacedLatency } from './measure';
import { pidListeningOn } from '../broker/proc-stats';
import { producerOp } from '../sdk/producer-bench';
import type { ClientArgs, ConsumeResult, LatencyResult, PublishResult, QueueSystemServer, SystemClient } from './types';

export const orbitServer: QueueSystemServer = {
  name: 'orbit',
  ackLevels: ['async', 'sync'],
  async ensureInstalled() {},
  async start(ack) {
    const cluster = await startOrbitCluster({ flush: ack === 'sync' ? 'SYNC_FLUSH' : 'ASYNC_FLUSH' });
    const pid = pidListeningOn(Number(cluster.brokerAddr.split(':')[1]));
    return { url: cluster.namesrvAddr, pids: pid ? [pid] : [], stop: () => cluster.stop() };
  },
  async prepare(server, stream) {
    await createTopic(server.url, stream, 8);
  },
};

async function withProducer<T>(a: ClientArgs, fn: (p: Producer) => Promise<T>): Promise<T> {
  quietClientLogs();
  const producer = new Producer({ namesrvAddr: a.url, producerGroup: `${a.group}_P`, compressMsgBodyOverHowmuch: Number.MAX_SAFE_INTEGER });
  await producer.start();
  try {
    return await fn(producer);
  } finally {
    await producer.shutdown();
  }
}

async function load(a: ClientArgs, mode: 'sync' | 'batch'): Promise<PublishResult> {
  return withProducer(a, (producer) => {
    const op = producerOp(producer, { topic: a.stream, size: a.size, mode, batch: a.batch, tag: 'TagA', keys: false });
    return closedLoops(a, mode === 'batch' ? a.batch : 1, op, `orbit ${mode}`);
  });
}

export const orbitClient: SystemClient = {
  publish: (a) => load(a, 'sync'),
  batch: (a) => load(a, 'batch'),

  async consume(a): Promise<ConsumeResult> {
    quietClientLogs();
    const clock = new ConsumeClock();
    let done: () => void = () => {};
    const finished = new Promise<void>((r) => (done = r));
    // Pulls of 128 (Java's default is 32): the peers read 1000 (Redis) and 4000 (NATS) per request.
    const consumer = new PushConsumer({ namesrvAddr: a.url, consumerGroup: a.group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', consumeMessageBatchMaxSize: 32, pullBatchSize: 128 });
    consumer.subscribe(a.stream, '*');
    consumer.registerMessageListenerConcurrently((msgs) => {
      clock.tick(msgs.length);
      if (clock.count >= a.expect) done();
      return 'CONSUME_SUCCESS';
    });
    await consumer.start();
    const timer = setTimeout(done, a.timeoutSeconds * 1000);
    await finished;
    clearTimeout(timer);
    await consumer.shutdown();
    return { tps: clock.tps(), consumed: clock.count };
  },

  async latency(a): Promise<LatencyResult> {
    return withProducer(a, (producer) =>
      pacedLatency(
        a,
        async (onMessage) => {
          let warm = 0;
          const consumer = new PushConsumer({ namesrvAddr: a.url, consumerGroup: a.group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
          consumer.subscribe(a.stream, '*');
          consumer.registerMessageListenerConcurrently((msgs) => {
            for (const m of msgs) {
              // Warm-up messages are all zeros: they only prove the consumer owns its queues.
              if (m.body.readDoubleLE(0) === 0) warm++;
              else onMessage(m.body);
            }
            return 'CONSUME_SUCCESS';
          });
          await consumer.start();
          // The consumer must hold every queue before the clock starts, or the first messages wait for the rebalance.
          const queues = (await producer.fetchPublishMessageQueues(a.stream)).length;
          for (let i = 0; i < queues * 2; i++) await producer.send({ topic: a.stream, body: Buffer.alloc(Math.max(8, a.size)) });
          const deadline = Date.now() + 30_000;
          while (warm < queues * 2 && Date.now() < deadline) await sleep(20);
          return { stop: () => consumer.shutdown() };
        },
        (body) => producer.send({ topic: a.stream, body }),
      ),
    );
  },
};
