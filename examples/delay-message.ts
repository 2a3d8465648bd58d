/** Quick start: scheduled (delayed) messages by delay level. Level 2 is 5 s by default (2 s in the test cluster). */
import { Producer, PushConsumer } from '../server/client';
import { runIfMain, uniqueName, waitFor } from './support';

export async function main(namesrvAddr: string, delayTimeLevel = 2) {
  const topic = uniqueName('ExampleDelay');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_delay_producer') });
  await producer.start();
  await producer.send({ topic, body: 'create the topic', tags: 'init' });
  const consumer = new PushConsumer({ namesrvAddr, consumerGroup: uniqueName('example_delay_consumer'), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
  consumer.subscribe(topic, 'delayed');
  const delays: number[] = [];
  consumer.registerMessageListenerConcurrently((msgs) => {
    for (const m of msgs) delays.push(Date.now() - m.bornTimestamp);
    return 'CONSUME_SUCCESS';
  });
  await consumer.start();
  for (let i = 0; i < 3; i++) await producer.send({ topic, tags: 'delayed', body: `delayed ${i}`, delayTimeLevel });
  await waitFor('3 delayed messages', () => delays.length >= 3, 30_000);
  await consumer.shutdown();
  await producer.shutdown();
  return { received: delays.length, minDelayMs: Math.min(...delays) };
}

runIfMain(import.meta, (ns) => main(ns));
