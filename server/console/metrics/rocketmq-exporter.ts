/**
 * `/metrics`: the cluster in Prometheus text format, with the metric and label names of Apache's
 * rocketmq-exporter (org.apache.rocketmq.exporter.collector.RMQMetricsCollector), so Grafana boards and
 * alert rules written for it keep working. Values come from the admin client — cluster info, broker
 * runtime info, topic stats, consume stats, consumer connections and VIEW_BROKER_STATS_DATA — and one
 * collection serves every scrape within `cacheTtlMs`.
 */
import { Gauge, Registry } from 'prom-client';
import { mapLimit } from '../../client/admin/admin-context';
import { BrokerStatsName } from '../../client/admin/broker-admin';
import type { BrokerStatsData, ClusterInfo, QueueStats } from '../../client/admin/types';
import { logger } from '../../common/logger';
import { sampleGroup, type SamplerAdmin } from '../alerts/group-sampler';

const log = logger.child({ module: 'console-metrics' });

/** The admin-client calls the exporter needs (tests pass fakes). */
export interface ExporterAdmin extends SamplerAdmin {
  getBrokerClusterInfo(): Promise<ClusterInfo>;
  getBrokerRuntimeInfo(addr: string): Promise<Record<string, string>>;
  getAllTopicList(): Promise<string[]>;
  examineTopicStats(topic: string): Promise<QueueStats[]>;
  listGroups(): Promise<{ group: string }[]>;
  viewBrokerStatsData(addr: string, statsName: string, statsKey: string): Promise<BrokerStatsData | null>;
}

export const DEFAULT_METRICS_CACHE_TTL_MS = 10_000;

const RETRY = '%RETRY%';
const DLQ = '%DLQ%';

const BROKER_RUNTIME_LABELS = ['cluster', 'brokerIP', 'brokerHost', 'des', 'boottime', 'broker_version'] as const;
const BROKER_NUMS_LABELS = ['cluster', 'brokerIP', 'broker'] as const;
const TOPIC_LABELS = ['cluster', 'broker', 'topic'] as const;
const DLQ_TOPIC_LABELS = ['cluster', 'broker', 'group'] as const;
const GROUP_DIFF_LABELS = ['group', 'topic', 'countOfOnlineConsumers', 'msgModel'] as const;
const GROUP_COUNT_LABELS = ['caddr', 'localaddr', 'group'] as const;
const GROUP_NUMS_LABELS = ['cluster', 'broker', 'topic', 'group'] as const;

/** rocketmq_brokeruntime_<suffix> ← runtime-info key (and which of a "10s 60s 600s" rate triple). */
const RUNTIME_GAUGES: [suffix: string, key: string, rate?: 0 | 1 | 2][] = [
  ['msg_put_total_today_now', 'msgPutTotalTodayNow'],
  ['msg_gettotal_today_now', 'msgGetTotalTodayNow'],
  ['msg_puttotal_todaymorning', 'msgPutTotalTodayMorning'],
  ['msg_gettotal_todaymorning', 'msgGetTotalTodayMorning'],
  ['msg_puttotal_yesterdaymorning', 'msgPutTotalYesterdayMorning'],
  ['msg_gettotal_yesterdaymorning', 'msgGetTotalYesterdayMorning'],
  ['dispatch_behind_bytes', 'dispatchBehindBytes'],
  ['put_message_size_total', 'putMessageSizeTotal'],
  ['put_message_average_size', 'putMessageAverageSize'],
  ['putmessage_times_total', 'putMessageTimesTotal'],
  ['putmessage_entire_time_max', 'putMessageEntireTimeMax'],
  ['getmessage_entire_time_max', 'getMessageEntireTimeMax'],
  ['earliest_message_timestamp', 'earliestMessageTimeStamp'],
  ['start_accept_sendrequest_time', 'startAcceptSendRequestTimeStamp'],
  ['pagecache_lock_time_mills', 'pageCacheLockTimeMills'],
  ['commitlog_disk_ratio', 'commitLogDiskRatio'],
  ['consumequeue_disk_ratio', 'consumeQueueDiskRatio'],
  ['commitlog_maxoffset', 'commitLogMaxOffset'],
  ['commitlog_minoffset', 'commitLogMinOffset'],
  ['remain_transientstore_buffer_numbs', 'remainTransientStoreBufferNumbs'],
  ['dispatch_maxbuffer', 'dispatchMaxBuffer'],
  ['send_threadpool_queue_size', 'sendThreadPoolQueueSize'],
  ['send_threadpoolqueue_capacity', 'sendThreadPoolQueueCapacity'],
  ['pull_threadpoolqueue_size', 'pullThreadPoolQueueSize'],
  ['pull_threadpoolqueue_capacity', 'pullThreadPoolQueueCapacity'],
  ['query_threadpoolqueue_size', 'queryThreadPoolQueueSize'],
  ['query_threadpool_queue_capacity', 'queryThreadPoolQueueCapacity'],
  ['send_threadpoolqueue_headwait_timemills', 'sendThreadPoolQueueHeadWaitTimeMills'],
  ['pull_threadpoolqueue_headwait_timemills', 'pullThreadPoolQueueHeadWaitTimeMills'],
  ['query_threadpoolqueue_headwait_timemills', 'queryThreadPoolQueueHeadWaitTimeMills'],
  ['put_tps10', 'putTps', 0],
  ['put_tps60', 'putTps', 1],
  ['put_tps600', 'putTps', 2],
  ['getfound_tps10', 'getFoundTps', 0],
  ['getfound_tps60', 'getFoundTps', 1],
  ['getfound_tps600', 'getFoundTps', 2],
  ['gettotal_tps10', 'getTotalTps', 0],
  ['gettotal_tps60', 'getTotalTps', 1],
  ['gettotal_tps600', 'getTotalTps', 2],
  ['gettransfered_tps10', 'getTransferedTps', 0],
  ['gettransfered_tps60', 'getTransferedTps', 1],
  ['gettransfered_tps600', 'getTransferedTps', 2],
  ['getmiss_tps10', 'getMissTps', 0],
  ['getmiss_tps60', 'getMissTps', 1],
  ['getmiss_tps600', 'getMissTps', 2],
];

/** A runtime-info figure: a plain number, or one of a space-separated rate triple. */
export function runtimeNumber(value: string | undefined, rate?: 0 | 1 | 2): number | null {
  if (value === undefined || value.trim() === '') return null;
  const parts = value.trim().split(/\s+/);
  const n = Number(rate === undefined ? parts[0] : (parts[rate] ?? parts[0]));
  return Number.isFinite(n) ? n : null;
}

/** "Total : 100.0 GiB, Free : 50.0 GiB." (Apache's commitLogDirCapacity) → bytes. */
export function parseDirCapacity(value: string | undefined): { total: number; free: number } | null {
  const m = /Total\s*:\s*([\d.]+)\s*(\w+).*Free\s*:\s*([\d.]+)\s*(\w+)/i.exec(value ?? '');
  if (!m) return null;
  const unit = (u: string) => ({ B: 1, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, TIB: 1024 ** 4 })[u.toUpperCase()] ?? 1;
  return { total: Number(m[1]) * unit(m[2]), free: Number(m[3]) * unit(m[4]) };
}

const hostOf = (addr: string) => addr.replace(/:\d+$/, '');

export class RocketMQExporter {
  readonly registry = new Registry();
  private readonly g = new Map<string, Gauge<string>>();
  private cachedAt = 0;
  private cachedText = '';
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly admin: () => ExporterAdmin,
    private readonly opts: { cacheTtlMs?: number; now?: () => number } = {},
  ) {
    const gauge = (name: string, help: string, labels: readonly string[]) =>
      this.g.set(name, new Gauge({ name, help, labelNames: [...labels], registers: [this.registry] }));
    gauge('rocketmq_broker_tps', 'BrokerPutNums', BROKER_NUMS_LABELS);
    gauge('rocketmq_broker_qps', 'BrokerGetNums', BROKER_NUMS_LABELS);
    for (const [suffix, key] of RUNTIME_GAUGES) gauge(`rocketmq_brokeruntime_${suffix}`, `brokerRuntime ${key}`, BROKER_RUNTIME_LABELS);
    gauge('rocketmq_brokeruntime_commitlogdir_capacity_total', 'brokerRuntimeCommitLogDirCapacityTotal', BROKER_RUNTIME_LABELS);
    gauge('rocketmq_brokeruntime_commitlogdir_capacity_free', 'brokerRuntimeCommitLogDirCapacityFree', BROKER_RUNTIME_LABELS);
    gauge('rocketmq_producer_tps', 'TopicPutNums', TOPIC_LABELS);
    gauge('rocketmq_producer_message_size', 'TopicPutMessageSize', TOPIC_LABELS);
    gauge('rocketmq_producer_offset', 'TopicOffset', TOPIC_LABELS);
    gauge('rocketmq_topic_retry_offset', 'TopicRetryOffset', TOPIC_LABELS);
    gauge('rocketmq_topic_dlq_offset', 'TopicDLQOffset', DLQ_TOPIC_LABELS);
    gauge('rocketmq_group_diff', 'GroupDiff', GROUP_DIFF_LABELS);
    gauge('rocketmq_group_retrydiff', 'GroupRetryDiff', GROUP_DIFF_LABELS);
    gauge('rocketmq_group_dlqdiff', 'GroupDLQDiff', GROUP_DIFF_LABELS);
    gauge('rocketmq_group_count', 'GroupCount', GROUP_COUNT_LABELS);
    gauge('rocketmq_consumer_tps', 'GroupGetNums', GROUP_NUMS_LABELS);
    gauge('rocketmq_consumer_message_size', 'GroupGetMessageSize', GROUP_NUMS_LABELS);
    gauge('rocketmq_consumer_offset', 'GroupBrokerTotalOffset', GROUP_NUMS_LABELS);
    gauge('rocketmq_group_get_latency_by_storetime', 'GroupGetLatencyByStoreTime', GROUP_NUMS_LABELS);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Names of every metric family this exporter can emit. */
  metricNames(): string[] {
    return [...this.g.keys()];
  }

  /** The exposition text; collected afresh when the cache is older than `cacheTtlMs`. */
  async scrape(): Promise<string> {
    const now = (this.opts.now ?? Date.now)();
    if (this.cachedText && now - this.cachedAt < (this.opts.cacheTtlMs ?? DEFAULT_METRICS_CACHE_TTL_MS)) return this.cachedText;
    this.inFlight ??= this.collect()
      .then(async () => {
        this.cachedText = await this.registry.metrics();
        this.cachedAt = (this.opts.now ?? Date.now)();
        return this.cachedText;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private set(name: string, labels: Record<string, string>, value: number | null | undefined): void {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    this.g.get(name)!.set(labels, value);
  }

  private async collect(): Promise<void> {
    const admin = this.admin();
    const info = await admin.getBrokerClusterInfo();
    this.registry.resetMetrics();
    const masters = Object.values(info.brokerAddrTable)
      .map((b) => ({ cluster: b.cluster, broker: b.brokerName, addr: b.brokerAddrs['0'] }))
      .filter((b) => b.addr);
    const byName = new Map(masters.map((b) => [b.broker, b]));

    await mapLimit(masters, 4, async (b) => {
      let rt: Record<string, string>;
      try {
        rt = await admin.getBrokerRuntimeInfo(b.addr);
      } catch (err) {
        log.warn({ err, broker: b.addr }, 'runtime info unavailable');
        return;
      }
      const labels = {
        cluster: b.cluster,
        brokerIP: b.addr,
        brokerHost: hostOf(b.addr),
        des: '',
        boottime: rt.bootTimestamp ?? '',
        broker_version: rt.brokerVersion ?? rt.brokerVersionDesc ?? '',
      };
      for (const [suffix, key, rate] of RUNTIME_GAUGES) this.set(`rocketmq_brokeruntime_${suffix}`, labels, runtimeNumber(rt[key], rate));
      const cap = parseDirCapacity(rt.commitLogDirCapacity);
      this.set('rocketmq_brokeruntime_commitlogdir_capacity_total', labels, cap?.total);
      this.set('rocketmq_brokeruntime_commitlogdir_capacity_free', labels, cap?.free);
      const nums = { cluster: b.cluster, brokerIP: b.addr, broker: b.broker };
      this.set('rocketmq_broker_tps', nums, runtimeNumber(rt.putTps, 0));
      this.set('rocketmq_broker_qps', nums, runtimeNumber(rt.getTransferedTps ?? rt.getFoundTps, 0));
    });

    const topics = await admin.getAllTopicList().catch(() => [] as string[]);
    await mapLimit(topics, 4, async (topic) => {
      const stats = await admin.examineTopicStats(topic).catch(() => null);
      if (!stats) return;
      const perBroker = new Map<string, number>();
      for (const q of stats) perBroker.set(q.brokerName, (perBroker.get(q.brokerName) ?? 0) + q.maxOffset);
      for (const [broker, offset] of perBroker) {
        const cluster = byName.get(broker)?.cluster ?? '';
        if (topic.startsWith(DLQ)) this.set('rocketmq_topic_dlq_offset', { cluster, broker, group: topic.slice(DLQ.length) }, offset);
        else if (topic.startsWith(RETRY)) this.set('rocketmq_topic_retry_offset', { cluster, broker, topic }, offset);
        else {
          this.set('rocketmq_producer_offset', { cluster, broker, topic }, offset);
          const b = byName.get(broker);
          if (!b) continue;
          const [nums, size] = await Promise.all([
            admin.viewBrokerStatsData(b.addr, BrokerStatsName.TOPIC_PUT_NUMS, topic).catch(() => null),
            admin.viewBrokerStatsData(b.addr, BrokerStatsName.TOPIC_PUT_SIZE, topic).catch(() => null),
          ]);
          this.set('rocketmq_producer_tps', { cluster, broker, topic }, nums?.statsMinute.tps);
          this.set('rocketmq_producer_message_size', { cluster, broker, topic }, size?.statsMinute.tps);
        }
      }
    });

    const groups = await admin.listGroups().catch(() => [] as { group: string }[]);
    await mapLimit(groups, 4, async ({ group }) => {
      const s = await sampleGroup(admin, group, { timeLag: true, dlq: true }).catch(() => null);
      if (!s) return;
      const online = s.online ?? 0;
      this.set(
        'rocketmq_group_count',
        { caddr: s.clients.map((c) => c.clientAddr).join(','), localaddr: s.clients.map((c) => c.clientId).join(','), group },
        online,
      );
      // MessageModel ordinal, as the exporter prints it: BROADCASTING = 0, CLUSTERING = 1.
      const msgModel = s.messageModel === 'BROADCASTING' ? '0' : '1';
      const diffLabels = (topic: string) => ({ group, topic, countOfOnlineConsumers: String(online), msgModel });
      const byTopic = new Map<string, number>();
      const byTopicBroker = new Map<string, { topic: string; broker: string; consumerOffset: number; latencyMs: number }>();
      for (const q of s.queues) {
        byTopic.set(q.topic, (byTopic.get(q.topic) ?? 0) + q.lag);
        const k = `${q.topic}\u0000${q.brokerName}`;
        const e = byTopicBroker.get(k) ?? { topic: q.topic, broker: q.brokerName, consumerOffset: 0, latencyMs: 0 };
        e.consumerOffset += q.consumerOffset;
        e.latencyMs = Math.max(e.latencyMs, q.timeLagMs ?? 0);
        byTopicBroker.set(k, e);
      }
      for (const [topic, diff] of byTopic) {
        this.set(topic.startsWith(RETRY) ? 'rocketmq_group_retrydiff' : 'rocketmq_group_diff', diffLabels(topic), diff);
      }
      if (s.dlqDepth) this.set('rocketmq_group_dlqdiff', diffLabels(`${DLQ}${group}`), s.dlqDepth);
      for (const e of byTopicBroker.values()) {
        const b = byName.get(e.broker);
        const labels = { cluster: b?.cluster ?? '', broker: e.broker, topic: e.topic, group };
        this.set('rocketmq_consumer_offset', labels, e.consumerOffset);
        this.set('rocketmq_group_get_latency_by_storetime', labels, e.latencyMs);
        if (!b || e.topic.startsWith(RETRY)) continue;
        const key = `${e.topic}@${group}`;
        const [nums, size] = await Promise.all([
          admin.viewBrokerStatsData(b.addr, BrokerStatsName.GROUP_GET_NUMS, key).catch(() => null),
          admin.viewBrokerStatsData(b.addr, BrokerStatsName.GROUP_GET_SIZE, key).catch(() => null),
        ]);
        this.set('rocketmq_consumer_tps', labels, nums?.statsMinute.tps);
        this.set('rocketmq_consumer_message_size', labels, size?.statsMinute.tps);
      }
    });
  }
}
