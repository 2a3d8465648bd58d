/** Quick start: business keys. Keys travel with the message (and are indexed by the broker); a consumer can dedup by them. */
import { IdempotentFilter, Producer, PushConsumer } from '../server/client';
import { runIfMain, uniqueName, waitFor } from './support';

export async function main(namesrvAddr: string) {
  const topic = uniqueName('ExampleKeys');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_keys_producer') });
  await producer.start();
  for (let i = 0; i < 5; i++) await producer.send({ topic, keys: [`order-${i}`, `user-${i % 2}`], body: `order ${i}` });
  // A producer-side resend of order-0: the consumer should handle it once.
  await producer.send({ topic, keys: ['order-0', 'user-0'], body: 'order 0' });
  await producer.shutdown();

  const dedup = new IdempotentFilter({ keyOf: (m) => m.keys[0] });
  const handled: string[] = [];
  let delivered = 0;
  const consumer = new PushConsumer({ namesrvAddr, consumerGroup: uniqueName('example_keys_consumer'), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', consumeThreadMax: 1 });
  consumer.subscribe(topic, '*');
  consumer.registerMessageListenerConcurrently(async (msgs) => {
    for (const m of msgs) {
      delivered++;
      await dedup.process(m, () => void handled.push(m.keys.join(' ')));
    }
    return 'CONSUME_SUCCESS' as const;
  });
  await consumer.start();
  await waitFor('6 deliveries', () => delivered >= 6);
  await consumer.shutdown();
  return { delivered, handled: handled.sort() };
}

runIfMain(import.meta, main);
