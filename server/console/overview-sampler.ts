/**
 * The overview's history: every interval (10 s by default) one sample of the cluster, over the wire
 * through the admin client: cluster put/get TPS (GET_BROKER_RUNTIME_INFO of every broker), put TPS per
 * topic (VIEW_BROKER_STATS_DATA TOPIC_PUT_NUMS on every master; the top N kept) and lag per consumer group
 * (GET_CONSUME_STATS; the top N kept, each with its time lag: one pull per lagging queue, `time-lag.ts`).
 * Samples live in a ring buffer covering the retention (6 h) and are written to a JSON file atomically
 * every minute and on stop, and read back at start, so the charts keep their hours across a console restart.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { mapLimit } from '../client/admin/admin-context';
import { BrokerStatsName, firstRate } from '../client/admin/broker-admin';
import type { BrokerStatsData, ClusterInfo, GroupConsumeStats, GroupSummary, TopicConfigView } from '../client/admin/types';
import { logger } from '../common/logger';
import { isSystemGroup, topicKind } from '../../lib/topics';
import { clusterNames, reason } from './cluster-admin';
import { flattenClusterInfo } from './cluster-overview';
import { measureGroupTimeLag, type TimeLagAdmin } from './time-lag';

const log = logger.child({ module: 'overview-sampler' });

export const DEFAULT_OVERVIEW_INTERVAL_MS = 10_000;
export const DEFAULT_OVERVIEW_RETENTION_MS = 6 * 3_600_000;
export const DEFAULT_OVERVIEW_PERSIST_MS = 60_000;
export const DEFAULT_OVERVIEW_TOP_N = 10;
/** Topics and groups asked per sample, at most (a bound on the work of one round). */
export const MAX_SAMPLED_TOPICS = 500;
export const MAX_SAMPLED_GROUPS = 300;

export interface TopicTps {
  topic: string;
  putTps: number;
}

export interface GroupLag {
  group: string;
  lag: number;
  /** Age (ms) of the oldest unconsumed message at sample time; null when unknown. */
  timeLagMs: number | null;
}

export interface OverviewSample {
  /** ms since the epoch. */
  t: number;
  /** Messages per second over all brokers; null when no broker answered. */
  putTps: number | null;
  getTps: number | null;
  /** The busiest topics, busiest first (only topics with a put rate above 0). */
  topics: TopicTps[];
  /** The groups furthest behind, furthest first (only groups with lag above 0). */
  groups: GroupLag[];
}

const sampleSchema = z.object({
  t: z.number(),
  putTps: z.number().nullable(),
  getTps: z.number().nullable(),
  topics: z.array(z.object({ topic: z.string(), putTps: z.number() })),
  // Samples written before time lag was kept have none.
  groups: z.array(z.object({ group: z.string(), lag: z.number(), timeLagMs: z.number().nullable().default(null) })),
});
const fileSchema = z.object({ version: z.literal(1), samples: z.array(z.unknown()) });

/** Writes `value` as JSON to `file` through a temp file and a rename: a crash leaves the old or the new file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, file);
}

/** A fixed-capacity ring of samples, oldest first. */
export class SampleRing<T extends { t: number }> {
  private readonly buf: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`bad ring capacity ${capacity}`);
    this.buf = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count < this.capacity) {
      this.buf[(this.start + this.count) % this.capacity] = item;
      this.count++;
    } else {
      this.buf[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** All items, oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.buf[(this.start + i) % this.capacity]!);
    return out;
  }

  /** Items with `t >= since`, oldest first. */
  since(since: number): T[] {
    return this.toArray().filter((s) => s.t >= since);
  }

  last(): T | undefined {
    return this.count ? this.buf[(this.start + this.count - 1) % this.capacity] : undefined;
  }
}

/** The admin-client calls one sample needs (tests pass fakes). */
export interface OverviewSamplerAdmin extends TimeLagAdmin {
  getBrokerClusterInfo(): Promise<ClusterInfo>;
  getBrokerRuntimeInfo(addr: string): Promise<Record<string, string>>;
  getAllTopicConfig(addr: string): Promise<Record<string, TopicConfigView>>;
  viewBrokerStatsData(addr: string, statsName: string, statsKey: string): Promise<BrokerStatsData | null>;
  listGroups(): Promise<GroupSummary[]>;
  examineConsumeStats(group: string, topic?: string): Promise<GroupConsumeStats>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** One sample of the cluster; parts that fail are left out and reported in `problems`. */
export async function takeOverviewSample(
  admin: OverviewSamplerAdmin,
  opts: { topN?: number; now?: () => number } = {},
): Promise<{ sample: OverviewSample; problems: string[] }> {
  const topN = opts.topN ?? DEFAULT_OVERVIEW_TOP_N;
  const problems: string[] = [];
  const info = await admin.getBrokerClusterInfo();
  const { brokers } = flattenClusterInfo(info);
  const masters = brokers.filter((b) => b.brokerId === 0);
  const system = clusterNames(info);

  const [rates, topicRates, groupLags] = await Promise.all([
    // Cluster TPS: the 10 s rates of every broker instance.
    Promise.all(
      brokers.map(async (b) => {
        try {
          const t = await admin.getBrokerRuntimeInfo(b.addr);
          const get = t.getTransferedTps ?? t.getFoundTps;
          return { put: t.putTps !== undefined ? firstRate(t.putTps) : 0, get: get !== undefined ? firstRate(get) : 0 };
        } catch (err) {
          problems.push(`runtime info of ${b.brokerName} (${b.addr}): ${reason(err)}`);
          return null;
        }
      }),
    ),
    // Put TPS per topic: the last minute's rate on each master, summed over masters.
    (async () => {
      const byTopic = new Map<string, number>();
      await Promise.all(
        masters.map(async (b) => {
          let topics: string[];
          try {
            topics = Object.keys(await admin.getAllTopicConfig(b.addr))
              .filter((t) => topicKind(t, system) === 'normal')
              .slice(0, MAX_SAMPLED_TOPICS);
          } catch (err) {
            problems.push(`topics of ${b.brokerName}: ${reason(err)}`);
            return;
          }
          await mapLimit(topics, 8, async (topic) => {
            const d = await admin.viewBrokerStatsData(b.addr, BrokerStatsName.TOPIC_PUT_NUMS, topic).catch(() => null);
            if (d && d.statsMinute.tps > 0) byTopic.set(topic, (byTopic.get(topic) ?? 0) + d.statsMinute.tps);
          });
        }),
      );
      return [...byTopic].map(([topic, putTps]) => ({ topic, putTps: round2(putTps) }));
    })(),
    // Lag per group.
    (async () => {
      let groups: string[];
      try {
        groups = (await admin.listGroups())
          .map((g) => g.group)
          .filter((g) => !isSystemGroup(g))
          .slice(0, MAX_SAMPLED_GROUPS);
      } catch (err) {
        problems.push(`group list: ${reason(err)}`);
        return [];
      }
      const lags = await mapLimit(groups, 4, async (group) => {
        try {
          const s = await admin.examineConsumeStats(group);
          return { group, lag: s.queues.reduce((n, q) => n + Math.max(0, q.lag), 0), queues: s.queues };
        } catch {
          return null; // a group that never committed an offset has no consume stats
        }
      });
      return lags.filter((l) => l !== null);
    })(),
  ]);

  const answered = rates.filter((r) => r !== null);
  const sample: OverviewSample = {
    t: (opts.now ?? Date.now)(),
    putTps: answered.length ? round2(answered.reduce((n, r) => n + r.put, 0)) : null,
    getTps: answered.length ? round2(answered.reduce((n, r) => n + r.get, 0)) : null,
    topics: topicRates
      .filter((r) => r.putTps > 0)
      .sort((a, b) => b.putTps - a.putTps || a.topic.localeCompare(b.topic))
      .slice(0, topN),
    groups: [],
  };
  const top = groupLags
    .filter((g) => g.lag > 0)
    .sort((a, b) => b.lag - a.lag || a.group.localeCompare(b.group))
    .slice(0, topN);
  // Only the groups shown get their time lag read: at most topN × MAX_TIME_LAG_QUEUES pulls per round.
  sample.groups = await mapLimit(top, 2, async (g): Promise<GroupLag> => ({
    group: g.group,
    lag: g.lag,
    timeLagMs: await measureGroupTimeLag(admin, g.queues, { now: sample.t, cache: false }),
  }));
  return { sample, problems };
}

export interface OverviewSamplerOptions {
  /** The JSON file samples persist to. */
  file: string;
  /** The admin client in force (it changes with the name server setting). */
  admin: () => OverviewSamplerAdmin;
  intervalMs?: number;
  retentionMs?: number;
  persistEveryMs?: number;
  topN?: number;
  now?: () => number;
}

export interface OverviewSeries {
  intervalMs: number;
  retentionMs: number;
  samples: OverviewSample[];
  lastSampleAt: number | null;
  lastError: string | null;
  problems: string[];
}

/** The background loop: sample, keep, persist. */
export class OverviewSampler {
  readonly intervalMs: number;
  readonly retentionMs: number;
  private readonly persistEveryMs: number;
  private readonly now: () => number;
  private readonly ring: SampleRing<OverviewSample>;
  private timer: NodeJS.Timeout | undefined;
  private persistTimer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private started = false;
  private dirty = false;
  private lastError: string | null = null;
  private problems: string[] = [];
  private readonly onExit = () => this.save();

  constructor(private readonly opts: OverviewSamplerOptions) {
    this.intervalMs = Math.max(1000, opts.intervalMs ?? DEFAULT_OVERVIEW_INTERVAL_MS);
    this.retentionMs = opts.retentionMs ?? DEFAULT_OVERVIEW_RETENTION_MS;
    this.persistEveryMs = opts.persistEveryMs ?? DEFAULT_OVERVIEW_PERSIST_MS;
    this.now = opts.now ?? Date.now;
    this.ring = new SampleRing(Math.max(1, Math.ceil(this.retentionMs / this.intervalMs)));
    this.load();
  }

  get size(): number {
    return this.ring.size;
  }

  /** Reads the persisted samples (those within the retention); a missing or broken file starts empty. */
  load(): void {
    let text: string;
    try {
      text = readFileSync(this.opts.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err, file: this.opts.file }, 'cannot read overview samples; starting empty');
      return;
    }
    try {
      const file = fileSchema.parse(JSON.parse(text));
      const oldest = this.now() - this.retentionMs;
      const samples = file.samples
        .map((s) => sampleSchema.safeParse(s))
        .filter((r) => r.success)
        .map((r) => r.data)
        .filter((s) => s.t >= oldest)
        .sort((a, b) => a.t - b.t);
      for (const s of samples) this.ring.push(s);
      log.info({ file: this.opts.file, samples: samples.length }, 'overview samples reloaded');
    } catch (err) {
      log.warn({ err, file: this.opts.file }, 'overview samples file is not valid; starting empty');
    }
  }

  /** Writes the samples atomically (temp file + rename), if anything changed. */
  save(): void {
    if (!this.dirty) return;
    try {
      writeJsonAtomic(this.opts.file, { version: 1, intervalMs: this.intervalMs, samples: this.ring.toArray() });
      this.dirty = false;
    } catch (err) {
      log.warn({ err, file: this.opts.file }, 'cannot write overview samples');
    }
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    log.info({ file: this.opts.file, intervalMs: this.intervalMs }, 'overview sampling started');
    this.schedule(0);
    this.persistTimer = setInterval(() => this.save(), this.persistEveryMs);
    this.persistTimer.unref?.();
    // `orbit console` stops with process.exit after SIGTERM/SIGINT: the last samples go out synchronously.
    process.once('exit', this.onExit);
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    clearInterval(this.persistTimer);
    this.timer = undefined;
    this.persistTimer = undefined;
    process.removeListener('exit', this.onExit);
    await this.ticking;
    this.save();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick().finally(() => {
        if (this.started && !this.timer) this.schedule(this.intervalMs);
      });
    }, delayMs);
    this.timer.unref?.();
  }

  /** One sampling round (tests call it directly). */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = takeOverviewSample(this.opts.admin(), { topN: this.opts.topN, now: this.now })
      .then(({ sample, problems }) => {
        this.push(sample);
        this.problems = problems;
        this.lastError = null;
      })
      .catch((err: unknown) => {
        this.lastError = reason(err);
        log.debug({ err }, 'overview sample failed');
      })
      .finally(() => {
        this.ticking = undefined;
      });
    return this.ticking;
  }

  /** Adds a sample (newest); keeps the ring in time order. */
  push(sample: OverviewSample): void {
    const last = this.ring.last();
    if (last && sample.t <= last.t) return;
    this.ring.push(sample);
    this.dirty = true;
  }

  /** The samples of the last `rangeMs`. */
  series(rangeMs: number): OverviewSeries {
    const last = this.ring.last();
    return {
      intervalMs: this.intervalMs,
      retentionMs: this.retentionMs,
      samples: this.ring.since(this.now() - rangeMs),
      lastSampleAt: last?.t ?? null,
      lastError: this.lastError,
      problems: this.problems,
    };
  }
}
