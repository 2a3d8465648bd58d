/** `getGroupDetail`: per-queue offsets, lag and time lag with the assigned client, connections and config. */
import type { GroupDetailDto } from '../../lib/dto/admin';
import { mapLimit } from '../client/admin/admin-context';
import { ConsoleError } from '../common/errors';
import { admin, reason } from './cluster-admin';
import { groupTimeLagMs, measureTimeLags } from './time-lag';

const mqKey = (topic: string, brokerName: string, queueId: number) => `${topic}@${brokerName}@${queueId}`;

/** Queue → client id from the consumers' running info (`mqTable` keys are MessageQueues). */
export function assignmentsFromRunningInfo(byClient: { clientId: string; info: unknown }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { clientId, info } of byClient) {
    const table = (info as { mqTable?: unknown } | null)?.mqTable;
    const keys: unknown[] = table instanceof Map ? [...table.keys()] : [];
    for (const k of keys) {
      const mq = k as { topic?: string; brokerName?: string; queueId?: number | bigint };
      if (mq?.topic !== undefined) out.set(mqKey(String(mq.topic), String(mq.brokerName ?? ''), Number(mq.queueId ?? 0)), clientId);
    }
  }
  return out;
}

export async function getGroupDetail(group: string): Promise<GroupDetailDto> {
  const client = admin();
  const problems: string[] = [];
  const [groups, stats, conn] = await Promise.allSettled([client.listGroups(), client.examineConsumeStats(group), client.examineConsumerConnection(group)]);
  const summary = groups.status === 'fulfilled' ? groups.value.find((g) => g.group === group) : undefined;
  if (groups.status === 'rejected') problems.push(`group config unavailable: ${reason(groups.reason)}`);
  if (stats.status === 'rejected') problems.push(`consume stats unavailable: ${reason(stats.reason)}`);
  if (conn.status === 'rejected') problems.push(`connections unavailable: ${reason(conn.reason)}`);
  const s = stats.status === 'fulfilled' ? stats.value : null;
  const c = conn.status === 'fulfilled' ? conn.value : null;
  if (groups.status === 'fulfilled' && !summary && (!s || s.queues.length === 0) && !c) {
    throw new ConsoleError(404, 'NOT_FOUND', `no consumer group "${group}"`);
  }

  const readAssignments = async () => {
    if (!c || c.connections.length === 0 || c.connections.length > 8) return new Map<string, string>();
    const infos = await mapLimit(c.connections, 4, async (conn) => ({
      clientId: conn.clientId,
      info: await client.getConsumerRunningInfo(group, conn.clientId).catch(() => null),
    }));
    return assignmentsFromRunningInfo(infos);
  };
  const [assignments, timeLags] = await Promise.all([readAssignments(), measureTimeLags(client, s?.queues ?? [])]);
  const queues = (s?.queues ?? []).map((q, i) => ({
    ...q,
    timeLagMs: timeLags[i],
    client: assignments.get(mqKey(q.topic, q.brokerName, q.queueId)) ?? null,
  }));
  return {
    group,
    config: summary?.config ?? null,
    brokerNames: summary?.brokerNames ?? [],
    consumeTps: s?.consumeTps ?? 0,
    totalLag: s?.totalDiff ?? 0,
    timeLagMs: groupTimeLagMs(queues),
    queues,
    topics: [...new Set(queues.map((q) => q.topic))].sort(),
    online: !!c && c.connections.length > 0,
    connections: c?.connections ?? [],
    subscriptions: c?.subscriptions ?? [],
    consumeType: c?.consumeType || null,
    messageModel: c?.messageModel || null,
    consumeFromWhere: c?.consumeFromWhere || null,
    problems,
    fetchedAt: new Date().toISOString(),
  };
}
