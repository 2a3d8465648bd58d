/** Message look-ups: by topic and time range, by key, by id; and one queue browsed from an offset. */
import type { MessageDetailDto, MessageListDto } from '../../lib/dto/admin';
import type { MessageView } from '../client/admin/types';
import { ConsoleError } from '../common/errors';
import { admin } from './cluster-admin';
import { toMessageDetail, toMessageSummary } from './message-dto';

export async function searchMessagesByTime(q: { topic: string; begin: number; end: number; limit: number }): Promise<MessageListDto> {
  const r = await admin().searchMessagesByTime(q.topic, q.begin, q.end, q.limit);
  return { messages: r.messages.map(toMessageSummary), truncated: r.truncated };
}

export async function searchMessagesByKey(q: { topic: string; key: string; begin?: number; end?: number }): Promise<MessageListDto> {
  const found = await admin().queryMessageByKey(q.topic, q.key, { beginTimestamp: q.begin, endTimestamp: q.end });
  return { messages: found.map(toMessageSummary), truncated: found.length >= 64 };
}

/** The message with this id (offset id, or unique id with its topic); 404 when there is none. */
export async function findMessageById(q: { id: string; topic?: string }): Promise<MessageView> {
  const m = await admin().viewMessage(q.id, q.topic);
  if (!m) {
    throw new ConsoleError(
      404,
      'MESSAGE_NOT_FOUND',
      q.topic ? `no message "${q.id}" in topic ${q.topic}` : `no message with offset id "${q.id}"; give the topic to look up a unique message id`,
    );
  }
  return m;
}

export async function getMessageById(q: { id: string; topic?: string }): Promise<MessageDetailDto> {
  return toMessageDetail(await findMessageById(q));
}
