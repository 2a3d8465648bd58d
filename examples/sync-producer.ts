/** Quick start: send messages synchronously, then consume them with a push consumer. */
import { Producer, PushConsumer } from '../server/client';
import { runIfMain, uniqueName, waitFor } from './support';

export async function main(namesrvAddr: string) {
  const topic = uniqueName('ExampleSync');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_sync_producer') });
  await producer.start();
  const sent: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await producer.send({ topic, tags: 'TagA', body: `Hello RocketMQ ${i}` });
    sent.push(r.msgId);
  }
  await producer.shutdown();

  const received: string[] = [];
  const consumer = new PushConsumer({ namesrvAddr, consumerGroup: uniqueName('example_sync_consumer'), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
  consumer.subscribe(topic, '*');
  consumer.registerMessageListenerConcurrently((msgs) => {
    for (const m of msgs) received.push(m.msgId);
    return 'CONSUME_SUCCESS';
  });
  await consumer.start();
  await waitFor('10 messages', () => received.length >= 10);
  await consumer.shutdown();
  return { sent: sent.length, received: received.length };
}

runIfMain(import.meta, main);
