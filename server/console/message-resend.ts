/** Resending stored messages, one by one, to their original topic or into a group's retry topic. */
import type { ResendOutcomeDto } from '../../lib/dto/admin';
import type { ResendInput } from '../../lib/schemas/admin';
import { admin, reason } from './cluster-admin';

export async function resendMessages(input: ResendInput): Promise<{ results: ResendOutcomeDto[] }> {
  const client = admin();
  const results: ResendOutcomeDto[] = [];
  for (const id of input.ids) {
    try {
      const m = await client.viewMessage(id, input.topic);
      if (!m) {
        results.push({ id, ok: false, error: 'message not found' });
        continue;
      }
      const r = await client.resendMessage(m, { group: input.group });
      results.push({ id, ok: true, topic: r.topic, newMsgId: r.msgId });
    } catch (err) {
      results.push({ id, ok: false, error: reason(err) });
    }
  }
  return { results };
}

export async function consumeDirectly(input: { group: string; msgId: string; clientId?: string }) {
  return admin().consumeMessageDirectly(input.group, input.msgId, input.clientId);
}
