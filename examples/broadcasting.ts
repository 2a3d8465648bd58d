/** Quick start: broadcasting. Every member of the group gets every message; offsets are kept locally. */
import os from 'node:os';
import path from 'node:path';
import { Producer, PushConsumer } from '../server/client';
import { runIfMain, uniqueName, waitFor } from './support';

export async function main(namesrvAddr: string) {
  const topic = uniqueName('ExampleBroadcast');
  const group = uniqueName('example_broadcast_consumer');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_broadcast_producer') });
  await producer.start();
  await producer.send({ topic, tags: 'init', body: 'create the topic' });
  const counts = [0, 0];
  const consumers = [0, 1].map((i) => {
    const c = new PushConsumer({
      namesrvAddr,
      consumerGroup: group,
      messageModel: 'BROADCASTING',
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      offsetStoreDir: path.join(os.tmpdir(), 'orbit-example-offsets'),
    });
    c.subscribe(topic, 'TagA');
    c.registerMessageListenerConcurrently((msgs) => {
      counts[i] += msgs.length;
      return 'CONSUME_SUCCESS';
    });
    return c;
  });
  for (const c of consumers) await c.start();
  for (let i = 0; i < 5; i++) await producer.send({ topic, tags: 'TagA', body: `Hello ${i}` });
  await waitFor('both consumers got 5', () => counts[0] >= 5 && counts[1] >= 5);
  for (const c of consumers) await c.shutdown();
  await producer.shutdown();
  return { perConsumer: counts };
}

runIfMain(import.meta, main);
