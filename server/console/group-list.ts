/** `listGroups`: subscription groups, filtered and paged; lag, time lag, TPS and clients are read for the page shown. */
import type { GroupRowDto, Page } from '../../lib/dto/admin';
import { isSystemGroup, pageOf } from '../../lib/topics';
import { mapLimit } from '../client/admin/admin-context';
import { admin } from './cluster-admin';
import { measureGroupTimeLag } from './time-lag';

/** Lagging queues read per group for the list's time lag (the largest lags first): a page is 20 groups. */
const LIST_TIME_LAG_QUEUES = 16;

export async function listGroups(query: { q: string; system: '0' | '1'; page: number; pageSize: number }): Promise<Page<GroupRowDto>> {
  const client = admin();
  const all = await client.listGroups();
  const needle = query.q.toLowerCase();
  const filtered = all.filter((g) => (query.system === '1' || !isSystemGroup(g.group)) && (!needle || g.group.toLowerCase().includes(needle)));
  const { items, page } = pageOf(filtered, query.page, query.pageSize);
  const rows = await mapLimit(items, 6, async (g): Promise<GroupRowDto> => {
    const [stats, conn] = await Promise.allSettled([client.examineConsumeStats(g.group), client.examineConsumerConnection(g.group)]);
    const s = stats.status === 'fulfilled' ? stats.value : null;
    const c = conn.status === 'fulfilled' ? conn.value : null;
    const timeLagMs = s ? await measureGroupTimeLag(client, s.queues, { maxQueues: LIST_TIME_LAG_QUEUES }) : null;
    return {
      group: g.group,
      system: isSystemGroup(g.group),
      brokerNames: g.brokerNames,
      lag: s ? s.totalDiff : null,
      timeLagMs,
      consumeTps: s ? s.consumeTps : null,
      onlineClients: c?.connections.length ?? 0,
      messageModel: c?.messageModel || null,
      consumeType: c?.consumeType || null,
      topics: s ? [...new Set(s.queues.map((q) => q.topic))].sort() : [],
    };
  });
  return { items: rows, total: filtered.length, page, pageSize: query.pageSize, totalAll: all.length, fetchedAt: new Date().toISOString() };
}
