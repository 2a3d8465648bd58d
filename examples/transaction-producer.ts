/**
 * Quick start: transactional messages. The half message becomes visible only on commit; an unknown outcome
 * is settled later by the broker's check (within transactionCheckInterval, 60 s by default).
 */
import { PushConsumer, TransactionProducer, type LocalTransactionState } from '../server/client';
import { runIfMain, uniqueName, waitFor } from './support';

export async function main(namesrvAddr: string, waitCheck = true) {
  const topic = uniqueName('ExampleTransaction');
  const decided = new Map<string, LocalTransactionState>();
  const producer = new TransactionProducer({
    namesrvAddr,
    producerGroup: uniqueName('example_transaction_producer'),
    transactionListener: {
      executeLocalTransaction: (msg) => {
        const body = msg.body.toString();
        // Commit orders 0, roll back 1, decide 2 later.
        const state: LocalTransactionState = body.endsWith('0') ? 'COMMIT_MESSAGE' : body.endsWith('1') ? 'ROLLBACK_MESSAGE' : 'UNKNOW';
        decided.set(body, state);
        return state;
      },
      checkLocalTransaction: () => 'COMMIT_MESSAGE',
    },
  });
  await producer.start();
  const results = [];
  for (let i = 0; i < 3; i++) results.push(await producer.sendMessageInTransaction({ topic, tags: 'tx', body: `order ${i}` }));

  const got: string[] = [];
  const consumer = new PushConsumer({ namesrvAddr, consumerGroup: uniqueName('example_transaction_consumer'), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
  consumer.subscribe(topic, 'tx');
  consumer.registerMessageListenerConcurrently((msgs) => {
    got.push(...msgs.map((m) => m.body.toString()));
    return 'CONSUME_SUCCESS';
  });
  await consumer.start();
  await waitFor('committed messages', () => got.length >= (waitCheck ? 2 : 1), 70_000);
  await consumer.shutdown();
  await producer.shutdown();
  return { states: results.map((r) => r.localTransactionState), delivered: got.sort() };
}

runIfMain(import.meta, (ns) => main(ns));
