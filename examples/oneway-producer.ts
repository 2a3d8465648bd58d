/** Quick start: oneway sends (no answer; for logs and other loss-tolerant data). */
import { Producer, PullConsumer } from '../server/client';
import { runIfMain, uniqueName } from './support';

export async function main(namesrvAddr: string) {
  const topic = uniqueName('ExampleOneway');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_oneway_producer') });
  await producer.start();
  await producer.send({ topic, body: 'create the topic' });
  for (let i = 0; i < 10; i++) await producer.sendOneway({ topic, tags: 'TagA', body: `Hello RocketMQ ${i}` });
  await producer.shutdown();

  // Oneway sends get no answer: count what arrived.
  const reader = new PullConsumer({ namesrvAddr, consumerGroup: uniqueName('example_oneway_reader') });
  await reader.start();
  let stored = 0;
  const count = async () => {
    let n = 0;
    for (const mq of await reader.fetchSubscribeMessageQueues(topic)) n += await reader.maxOffset(mq);
    return n;
  };
  for (let i = 0; i < 50 && (stored = await count()) < 11; i++) await new Promise((r) => setTimeout(r, 100));
  await reader.shutdown();
  return { sentOneway: 10, stored: stored - 1 };
}

runIfMain(import.meta, main);
