/** Quick start: ordered messages. One order's steps go to one queue (hash selector); an orderly listener keeps them in order. */
import { Producer, PushConsumer, selectMessageQueueByHash } from '../server/client';
import { runIfMain, uniqueName, waitFor } from './support';

export async function main(namesrvAddr: string) {
  const topic = uniqueName('ExampleOrder');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_ordered_producer') });
  await producer.start();
  await producer.send({ topic, body: 'create the topic', tags: 'init' });
  const steps = ['create', 'pay', 'ship', 'done'];
  for (const step of steps) {
    for (let orderId = 0; orderId < 5; orderId++) {
      await producer.send({ topic, tags: 'order', keys: `KEY${orderId}`, body: `${orderId}:${step}` }, { selector: selectMessageQueueByHash, arg: orderId });
    }
  }
  await producer.shutdown();

  const seen = new Map<string, string[]>();
  const consumer = new PushConsumer({ namesrvAddr, consumerGroup: uniqueName('example_ordered_consumer'), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
  consumer.subscribe(topic, 'order');
  consumer.registerMessageListenerOrderly((msgs) => {
    for (const m of msgs) {
      const [orderId, step] = m.body.toString().split(':');
      seen.set(orderId, [...(seen.get(orderId) ?? []), step]);
    }
    return 'SUCCESS';
  });
  await consumer.start();
  await waitFor('20 ordered messages', () => [...seen.values()].reduce((n, l) => n + l.length, 0) >= 20);
  await consumer.shutdown();
  const inOrder = [...seen.values()].every((l) => l.join() === steps.join());
  return { orders: seen.size, inOrder };
}

runIfMain(import.meta, main);
