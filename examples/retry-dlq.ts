/**
 * Quick start: consumption retry. A failing message is redelivered with growing reconsumeTimes (delay level
 * 3 + reconsumeTimes) and lands in %DLQ%<group> after maxReconsumeTimes. Level 3 is 10 s by default, so use
 * a broker with a short messageDelayLevel table to watch it quickly.
 */
import { Producer, PullConsumer, PushConsumer, dlqTopic } from '../server/client';
import { runIfMain, uniqueName, waitFor } from './support';

export async function main(namesrvAddr: string, maxReconsumeTimes = 2) {
  const topic = uniqueName('ExampleRetry');
  const group = uniqueName('example_retry_consumer');
  const producer = new Producer({ namesrvAddr, producerGroup: uniqueName('example_retry_producer') });
  await producer.start();
  const sent = await producer.send({ topic, tags: 'poison', body: 'I always fail' });
  await producer.shutdown();

  const attempts: number[] = [];
  const consumer = new PushConsumer({ namesrvAddr, consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET', maxReconsumeTimes });
  consumer.subscribe(topic, 'poison');
  consumer.registerMessageListenerConcurrently((msgs) => {
    attempts.push(...msgs.map((m) => m.reconsumeTimes));
    return 'RECONSUME_LATER';
  });
  await consumer.start();
  await waitFor('all attempts', () => attempts.length >= maxReconsumeTimes + 1, 60_000);

  const reader = new PullConsumer({ namesrvAddr, consumerGroup: uniqueName('example_dlq_reader') });
  await reader.start();
  let inDlq = false;
  const end = Date.now() + 20_000;
  while (!inDlq && Date.now() < end) {
    const mqs = await reader.fetchSubscribeMessageQueues(dlqTopic(group)).catch(() => []);
    for (const mq of mqs) inDlq ||= (await reader.pull(mq, '*', 0, 32)).msgFoundList.some((m) => m.msgId === sent.msgId);
    if (!inDlq) await new Promise((r) => setTimeout(r, 200));
  }
  await reader.shutdown();
  await consumer.shutdown();
  return { attempts, inDlq };
}

runIfMain(import.meta, (ns) => main(ns));
