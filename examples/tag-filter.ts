/** Quick start: filter by tag. The consumer takes TagA or TagC; TagB stays on the broker for other groups. */
import { Producer, PushConsumer } from '../server/client';
import { runIfMain, uniqueName, waitFor } from './support';

export async function main(namesrvAddr: string) {
  const topic = uniqueName('ExampleTags');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_tag_filter_producer') });
  await producer.start();
  const tags = ['TagA', 'TagB', 'TagC'];
  for (let i = 0; i < 9; i++) await producer.send({ topic, tags: tags[i % 3], body: `Hello world ${i}` });
  await producer.shutdown();

  const got: string[] = [];
  const consumer = new PushConsumer({ namesrvAddr, consumerGroup: uniqueName('example_tag_filter_consumer'), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
  consumer.subscribe(topic, 'TagA || TagC');
  consumer.registerMessageListenerConcurrently((msgs) => {
    for (const m of msgs) got.push(m.tags ?? '');
    return 'CONSUME_SUCCESS';
  });
  await consumer.start();
  await waitFor('6 tagged messages', () => got.length >= 6);
  await new Promise((r) => setTimeout(r, 500));
  await consumer.shutdown();
  return { received: got.length, tags: [...new Set(got)].sort() };
}

runIfMain(import.meta, main);
