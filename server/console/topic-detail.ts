/** `getTopicDetail`: per-queue offsets, route, config and the groups consuming the topic. */
import type { TopicDetailDto } from '../../lib/dto/admin';
import { topicKind } from '../../lib/topics';
import { masterAddr } from '../client/admin/admin-context';
import { admin, clusterNames, reason } from './cluster-admin';

export async function getTopicDetail(topic: string): Promise<TopicDetailDto> {
  const client = admin();
  // The route first: a missing topic is a 404 (TOPIC_NOT_EXIST), not a page of blanks.
  const route = await client.getTopicRoute(topic);
  const problems: string[] = [];
  const [stats, groups, info] = await Promise.allSettled([client.examineTopicStats(topic), client.queryTopicConsumeByWho(topic), client.getBrokerClusterInfo()]);
  const queues = stats.status === 'fulfilled' ? stats.value : [];
  if (stats.status === 'rejected') problems.push(`queue offsets unavailable: ${reason(stats.reason)}`);
  if (groups.status === 'rejected') problems.push(`consumer groups unavailable: ${reason(groups.reason)}`);
  const rows = route.brokerDatas
    .map((b) => {
      const q = route.queueDatas.find((d) => d.brokerName === b.brokerName);
      return {
        brokerName: b.brokerName,
        cluster: b.cluster,
        masterAddr: masterAddr(b) ?? null,
        readQueueNums: q?.readQueueNums ?? 0,
        writeQueueNums: q?.writeQueueNums ?? 0,
        perm: q?.perm ?? 0,
      };
    })
    .sort((a, b) => a.brokerName.localeCompare(b.brokerName));
  const first = route.queueDatas[0];
  return {
    topic,
    kind: topicKind(topic, info.status === 'fulfilled' ? clusterNames(info.value) : new Set()),
    queues,
    totalMessages: queues.reduce((n, q) => n + (q.maxOffset - q.minOffset), 0),
    route: rows,
    consumerGroups: groups.status === 'fulfilled' ? groups.value : [],
    config: first ? { readQueueNums: first.readQueueNums, writeQueueNums: first.writeQueueNums, perm: first.perm, order: !!route.orderTopicConf } : null,
    problems,
    fetchedAt: new Date().toISOString(),
  };
}
