/** Test and bench support: every message of a topic on every broker of its route, read from offset 0. */
import { PullConsumer } from '../consumer/pull-consumer';
import type { MessageExt } from '../impl/message';

export async function readAllMessages(namesrvAddr: string, topic: string, consumerGroup: string): Promise<MessageExt[]> {
  const pc = new PullConsumer({ namesrvAddr, consumerGroup });
  await pc.start();
  try {
    const out: MessageExt[] = [];
    for (const mq of await pc.fetchSubscribeMessageQueues(topic)) {
      const max = await pc.maxOffset(mq);
      let offset = 0;
      while (offset < max) {
        const r = await pc.pull(mq, '*', offset, 32);
        if (r.pullStatus !== 'FOUND') throw new Error(`${mq.brokerName}/${mq.queueId} at ${offset} of ${max}: ${r.pullStatus}`);
        out.push(...r.msgFoundList);
        offset = r.nextBeginOffset;
      }
    }
    return out;
  } finally {
    await pc.shutdown();
  }
}
