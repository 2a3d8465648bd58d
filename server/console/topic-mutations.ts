/** Topic changes: create or update, delete, and send a test message. */
import type { SendResultDto } from '../../lib/dto/admin';
import type { SendMessageInputDto, TopicInput } from '../../lib/schemas/admin';
import { admin } from './cluster-admin';
import { invalidateTopicList } from './topic-list';

export async function saveTopic(input: TopicInput): Promise<{ topic: string; brokers: string[] }> {
  const brokers = await admin().createOrUpdateTopic(
    { topic: input.topic, readQueueNums: input.readQueueNums, writeQueueNums: input.writeQueueNums, perm: input.perm, order: input.order },
    { clusterName: input.clusterName },
  );
  invalidateTopicList();
  return { topic: input.topic, brokers: brokers.map((b) => b.brokerName || b.addr) };
}

export async function deleteTopic(topic: string): Promise<{ topic: string; deleted: true }> {
  try {
    await admin().deleteTopic(topic);
  } finally {
    invalidateTopicList();
  }
  return { topic, deleted: true };
}

export async function sendTestMessage(topic: string, input: SendMessageInputDto): Promise<SendResultDto> {
  const r = await admin().sendMessage({ topic, body: input.body, tags: input.tags || undefined, keys: input.keys || undefined });
  return { topic, ...r };
}
