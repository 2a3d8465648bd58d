/** Quick start: pull consumption, with the pull consumer (explicit offsets) and the lite pull consumer (poll). */
import { LitePullConsumer, Producer, PullConsumer } from '../server/client';
import { runIfMain, uniqueName } from './support';

export async function main(namesrvAddr: string) {
  const topic = uniqueName('ExamplePull');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_pull_producer') });
  await producer.start();
  for (let i = 0; i < 8; i++) await producer.send({ topic, body: `Hello ${i}` });
  await producer.shutdown();

  // Pull consumer: the application walks each queue from its stored offset.
  const pull = new PullConsumer({ namesrvAddr, consumerGroup: uniqueName('example_pull_consumer') });
  await pull.start();
  let pulled = 0;
  for (const mq of await pull.fetchSubscribeMessageQueues(topic)) {
    let offset = Math.max(0, await pull.fetchConsumeOffset(mq));
    for (;;) {
      const r = await pull.pull(mq, '*', offset, 32);
      pulled += r.msgFoundList.length;
      offset = r.nextBeginOffset;
      pull.updateConsumeOffset(mq, offset);
      if (r.pullStatus !== 'FOUND') break;
    }
  }
  await pull.shutdown();

  // Lite pull consumer: subscribe, then poll (or iterate) and commit.
  const lite = new LitePullConsumer({ namesrvAddr, consumerGroup: uniqueName('example_lite_pull_consumer'), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', autoCommit: false });
  lite.subscribe(topic, '*');
  await lite.start();
  let polled = 0;
  for await (const _msg of lite) {
    if (++polled >= 8) break;
  }
  await lite.commitSync();
  await lite.shutdown();
  return { pulled, polled };
}

runIfMain(import.meta, main);
