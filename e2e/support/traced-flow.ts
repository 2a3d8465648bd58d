/**
 * One message sent by a traced producer and consumed by a traced push consumer (both `enableMsgTrace`), for the
 * specs that show a message's trace. The clients stay up (their trace records are written asynchronously); their
 * shutdowns are pushed onto `closers` for the spec's afterAll.
 */
import { Producer, PushConsumer, type SendResult } from '../../server/client';

export async function sendTracedAndConsume(
  namesrvAddr: string,
  opts: { topic: string; group: string; producerGroup: string; body: string; tags: string; keys: string },
  closers: (() => Promise<unknown>)[],
): Promise<SendResult> {
  const producer = new Producer({ namesrvAddr, producerGroup: opts.producerGroup, enableMsgTrace: true });
  await producer.start();
  closers.push(() => producer.shutdown());
  let consumed!: () => void;
  const done = new Promise<void>((r) => (consumed = r));
  const consumer = new PushConsumer({ namesrvAddr, consumerGroup: opts.group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', persistConsumerOffsetIntervalMs: 500, enableMsgTrace: true });
  consumer.subscribe(opts.topic, '*');
  consumer.registerMessageListenerConcurrently(() => {
    consumed();
    return 'CONSUME_SUCCESS';
  });
  await consumer.start();
  closers.push(() => consumer.shutdown());
  const sent = await producer.send({ topic: opts.topic, body: opts.body, tags: opts.tags, keys: opts.keys });
  await done;
  return sent;
}
