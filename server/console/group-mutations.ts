/** Group changes: subscription group config, delete, reset offsets to a time, skip the backlog. */
import type { ResetOffsetResultDto } from '../../lib/dto/admin';
import { RETRY_PREFIX } from '../../lib/topics';
import type { ResetOffsetInput, SubscriptionGroupInput } from '../../lib/schemas/admin';
import { ConsoleError } from '../common/errors';
import { admin } from './cluster-admin';

export async function saveSubscriptionGroup(input: SubscriptionGroupInput): Promise<{ group: string; brokers: string[] }> {
  const { clusterName, ...config } = input;
  const brokers = await admin().createOrUpdateSubscriptionGroup(config, { clusterName });
  return { group: input.groupName, brokers: brokers.map((b) => b.brokerName || b.addr) };
}

export async function deleteGroup(group: string): Promise<{ group: string; deleted: true }> {
  await admin().deleteSubscriptionGroup(group);
  return { group, deleted: true };
}

/** Resets one topic, or every topic the group has offsets for (its retry topic excluded). */
export async function resetGroupOffset(group: string, input: ResetOffsetInput): Promise<ResetOffsetResultDto> {
  const client = admin();
  let topics: string[];
  if (input.topic) topics = [input.topic];
  else {
    const stats = await client.examineConsumeStats(group);
    topics = [...new Set(stats.queues.map((q) => q.topic))].filter((t) => !t.startsWith(RETRY_PREFIX));
  }
  if (topics.length === 0) throw new ConsoleError(422, 'NO_TOPIC', `group "${group}" has no consumed topic; choose one`);
  const out: ResetOffsetResultDto = { method: 'broker', offsets: [] };
  for (const t of topics) {
    const r = await client.resetOffsetByTime(group, t, input.timestamp, true);
    if (r.method === 'offline') out.method = 'offline';
    out.offsets.push(...r.offsets);
  }
  return out;
}
