/** Quick start: asynchronous sends with a callback (and the promise the call returns). */
import { Producer } from '../server/client';
import { runIfMain, uniqueName } from './support';

export async function main(namesrvAddr: string) {
  const topic = uniqueName('ExampleAsync');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_async_producer'), retryTimesWhenSendAsyncFailed: 0 });
  await producer.start();
  let ok = 0;
  let failed = 0;
  const pending = [];
  for (let i = 0; i < 10; i++) {
    pending.push(
      producer
        .sendAsync(
          { topic, tags: 'TagA', keys: `OrderID${i}`, body: `Hello world ${i}` },
          { onSuccess: (r) => void (ok++, r), onException: () => void failed++ },
        )
        .catch(() => undefined),
    );
  }
  await Promise.all(pending);
  await producer.shutdown();
  return { ok, failed };
}

runIfMain(import.meta, main);
