// A user's strict TypeScript file on the installed orbit-mq-client (tsconfig.json beside it: strict, nodenext).
// `tsc --noEmit` must pass, which also proves the types are real: each @ts-expect-error below must find an error.
// Compiled, `node build/typed.js HOST:PORT` produces and consumes and prints one JSON line.
import { AbortError, ConsumeConcurrentlyStatus, Producer, PushConsumer, type ClientLogger, type MessageExt, type PushConsumerOptions, type SendResult } from 'orbit-mq-client';
import { AdminClient, type ClusterInfo } from 'orbit-mq-client/admin';

// Compile-time checks only (never called).
export function typeChecks(): void {
  // @ts-expect-error producerGroup is required
  void new Producer({ namesrvAddr: '127.0.0.1:9876' });
  // @ts-expect-error a concurrent listener answers CONSUME_SUCCESS or RECONSUME_LATER
  const badListener: Parameters<PushConsumer['registerMessageListenerConcurrently']>[0] = () => 'OK';
  void badListener;
  // A synchronous listener may return the string itself.
  new PushConsumer({ namesrvAddr: '127.0.0.1:9876', consumerGroup: 'g' }).registerMessageListenerOrderly((msgs) => (msgs.length ? 'SUCCESS' : 'SUSPEND_CURRENT_QUEUE_A_MOMENT'));
  // @ts-expect-error the signal is an AbortSignal
  const badSignal: Parameters<Producer['send']>[1] = { signal: 1000 };
  void badSignal;
}

const namesrvAddr: string = process.argv[2] ?? '127.0.0.1:9876';
const run = `${process.pid}_${Date.now()}`;
const topic = `TypedTopic_${run}`;
const warnings: string[] = [];
const logger: ClientLogger = {
  debug: () => {},
  info: () => {},
  warn: (_obj, msg) => void warnings.push(msg ?? ''),
  error: (_obj, msg) => void warnings.push(msg ?? ''),
  child: () => logger,
};

async function main(): Promise<{ sent: SendResult; received: string[]; brokers: number; abortCode: string }> {
  await using producer = new Producer({ namesrvAddr, producerGroup: `typed_pg_${run}`, logger });
  await producer.start();
  const sent: SendResult = await producer.send({ topic, tags: 'T', body: Buffer.from('typed') }, { signal: AbortSignal.timeout(10_000) });

  const received: MessageExt[] = [];
  const options: PushConsumerOptions = { namesrvAddr, consumerGroup: `typed_cg_${run}`, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', logger };
  await using consumer = new PushConsumer(options);
  consumer.subscribe(topic, 'T');
  // In an async listener, the constant: a bare 'CONSUME_SUCCESS' would widen to string (see its TSDoc).
  consumer.registerMessageListenerConcurrently(async (msgs) => {
    received.push(...msgs);
    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
  });
  await consumer.start();
  for (const end = Date.now() + 60_000; received.length === 0; ) {
    if (Date.now() > end) throw new Error('nothing consumed');
    await new Promise((r) => setTimeout(r, 100));
  }

  await using admin = new AdminClient({ namesrvAddr, logger });
  const info: ClusterInfo = await admin.getBrokerClusterInfo();
  const abortCode = await producer.send({ topic, body: 'x' }, { signal: AbortSignal.abort() }).then(
    () => 'sent',
    (err: unknown) => (err instanceof AbortError ? err.code : 'other'),
  );
  return { sent, received: received.map((m) => m.body.toString()), brokers: Object.keys(info.brokerAddrTable).length, abortCode };
}

const r = await main();
console.log(JSON.stringify({ sendStatus: r.sent.sendStatus, received: r.received, brokers: r.brokers, abortCode: r.abortCode, warnings }));
