/** Quick start: batch sends; sendBatch splits a large list so each request stays under 4 MiB. */
import { Producer, type Message } from '../server/client';
import { runIfMain, uniqueName } from './support';

export async function main(namesrvAddr: string) {
  const topic = uniqueName('ExampleBatch');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_batch_producer') });
  await producer.start();
  const small: Message[] = [0, 1, 2].map((i) => ({ topic, tags: 'TagA', keys: `OrderID00${i}`, body: `Hello world ${i}` }));
  const smallResults = await producer.sendBatch(small);
  // 1200 messages of 10 KiB: about 12 MiB, so several requests.
  const large: Message[] = Array.from({ length: 1200 }, (_, i) => ({ topic, body: Buffer.alloc(10 * 1024, i % 256) }));
  const largeResults = await producer.sendBatch(large);
  await producer.shutdown();
  return {
    smallRequests: smallResults.length,
    largeRequests: largeResults.length,
    largeMessages: largeResults.reduce((n, r) => n + r.msgId.split(',').length, 0),
  };
}

runIfMain(import.meta, main);
