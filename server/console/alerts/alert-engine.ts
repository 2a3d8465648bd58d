/**
 * The alert loop: every sample interval it samples the groups that rules (or an open lag chart) watch, and the
 * brokers' replication when a replicaBehind rule is on, keeps a window of offsets per queue for the Burrow
 * status, evaluates each rule and moves its alert
 * pending → firing → resolved, sends webhooks, and persists rules, state and the recent samples
 * (alert-store), so a restart keeps the lag trend and the Burrow windows of the last `SAMPLE_RETENTION_MS`.
 *
 * One engine per console process (see alert-service); ticks never overlap, since the next one is only
 * scheduled when the previous finished.
 */
import { randomUUID } from 'node:crypto';
import type {
  AlertDto,
  AlertRuleDto,
  AlertsOverviewDto,
  ConsumerStatus,
  GroupStatusDto,
  LagPointDto,
  LagTrendDto,
  NotificationDto,
  PartitionStatusDto,
} from '../../../lib/dto/alerts';
import { BROKER_RULE_KINDS, DEFAULT_ALERT_STATUSES, type AlertRuleParsed } from '../../../lib/schemas/alerts';
import type { ReplicaGroupView } from '../../client/admin/types';
import { ConsoleError } from '../../common/errors';
import { logger } from '../../common/logger';
import { AlertStore, DEFAULT_SAMPLE_INTERVAL_MS, type GroupSamples } from './alert-store';
import { evaluatePartition, worstStatus, type OffsetSample } from './consumer-status';
import { sampleGroup, type GroupSample, type SamplerAdmin } from './group-sampler';
import { postWebhook, type WebhookOptions } from './webhook';

const log = logger.child({ module: 'console-alerts' });

/** Offset samples per queue the Burrow status looks at. */
export const STATUS_WINDOW_SAMPLES = 10;
/** Lag chart points kept per group. */
export const TREND_POINTS = 360;
/** A group whose lag chart is open keeps being sampled this long after the last look. */
export const WATCH_TTL_MS = 5 * 60_000;
/** Samples older than this are neither kept across a restart nor restored. */
export const SAMPLE_RETENTION_MS = 2 * 3600_000;
/** The recent samples are saved at least this often while the loop runs (and with every state change, and on stop). */
export const SAMPLES_SAVE_EVERY_MS = 15_000;
/** On stop, webhook deliveries get this long to finish before they are cancelled (and recorded as failed). */
export const STOP_DELIVERY_GRACE_MS = 2_000;

export interface AlertEngineOptions {
  /** Directory of rules.json, state.json and samples.json. */
  dir: string;
  admin: () => SamplerAdmin;
  now?: () => number;
  /** The sample interval unless one was saved in the settings (ORBIT_ALERT_SAMPLE_INTERVAL_MS; else 10 s). */
  defaultSampleIntervalMs?: number;
  webhook?: Omit<WebhookOptions, 'onAttempt' | 'signal'>;
  /** See STOP_DELIVERY_GRACE_MS. */
  stopGraceMs?: number;
}

interface GroupHistory {
  partitions: Map<string, OffsetSample[]>;
  points: LagPointDto[];
  dlq: { t: number; depth: number }[];
  status: GroupStatusDto | null;
  /** Every queue's status at the last sample (status.partitions is cut for display). */
  queueStatuses: PartitionStatusDto[];
  last: GroupSample | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const queueKey = (q: { topic: string; brokerName: string; queueId: number }) => `${q.topic}@${q.brokerName}@${q.queueId}`;

/** The statuses a consumerStatus rule fires on. */
export const watchedStatuses = (rule: Pick<AlertRuleDto, 'statuses'>): readonly ConsumerStatus[] => rule.statuses ?? DEFAULT_ALERT_STATUSES;

/** The slave furthest behind among the rule's broker groups; null when no slave's figure could be read. */
export function measureReplicaBehind(rule: Pick<AlertRuleDto, 'brokerName' | 'threshold'>, groups: readonly ReplicaGroupView[]): { value: number; breached: boolean; detail: string } | null {
  let worst: { value: number; detail: string } | null = null;
  for (const g of groups) {
    if (rule.brokerName && g.brokerName !== rule.brokerName) continue;
    for (const r of g.replicas) {
      if (r.brokerId === 0 || r.behindBytes === null) continue;
      if (!worst || r.behindBytes > worst.value) worst = { value: r.behindBytes, detail: `${g.brokerName} #${r.brokerId} (${r.addr})` };
    }
  }
  return worst && { ...worst, breached: worst.value > rule.threshold };
}

const isBrokerRule = (rule: Pick<AlertRuleDto, 'kind'>) => BROKER_RULE_KINDS.includes(rule.kind);

function describe(rule: AlertRuleDto, value: number, detail?: string): string {
  const scope = rule.topic ? `${rule.group} on ${rule.topic}` : rule.group;
  switch (rule.kind) {
    case 'replicaBehind':
      return `${rule.brokerName ?? 'any broker group'}: slave ${detail ?? ''} is ${value} bytes behind its master (threshold ${rule.threshold})`;
    case 'messageLag':
      return `${scope}: ${value} messages behind (threshold ${rule.threshold})`;
    case 'timeLag':
      return `${scope}: ${Math.round(value)} s behind (threshold ${rule.threshold} s)`;
    case 'dlqGrowth':
      return `${scope}: ${value} messages dead-lettered in ${rule.forSeconds} s (threshold ${rule.threshold})`;
    case 'noOnlineClient':
      return `${scope}: no online consumer`;
    case 'consumerStatus':
      return `${scope}: ${value} ${value === 1 ? 'queue' : 'queues'}${detail ? ` ${detail}` : ' in a watched status'} (watching ${watchedStatuses(rule).join(', ')})`;
  }
}

export class AlertEngine {
  readonly store: AlertStore;
  private readonly now: () => number;
  private readonly history = new Map<string, GroupHistory>();
  private readonly watched = new Map<string, number>();
  private readonly deliveries = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private started = false;
  private lastEvaluationAt: number | null = null;
  private lastError: string | null = null;
  private samplesSavedAt = 0;
  private deliveryAbort = new AbortController();

  constructor(private readonly opts: AlertEngineOptions) {
    this.store = new AlertStore(opts.dir);
    this.now = opts.now ?? Date.now;
    this.restoreSamples();
  }

  /** The interval in force: the saved setting, else the default the console was started with. */
  get sampleIntervalMs(): number {
    return this.store.rules.settings.sampleIntervalMs ?? this.opts.defaultSampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    log.info({ dir: this.opts.dir, sampleIntervalMs: this.sampleIntervalMs }, 'alert evaluation started');
    this.schedule(0);
  }

  /**
   * Stops the loop: waits for the running tick, gives webhook deliveries a short grace and cancels the rest
   * (recorded as failed), then saves state and the recent samples.
   */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    if (this.deliveries.size) {
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.deliveries]),
        new Promise<void>((r) => (grace = setTimeout(r, this.opts.stopGraceMs ?? STOP_DELIVERY_GRACE_MS))),
      ]);
      clearTimeout(grace);
      this.deliveryAbort.abort();
      await Promise.allSettled([...this.deliveries]);
      this.deliveryAbort = new AbortController();
    }
    this.saveState();
    this.saveSamples();
  }

  /** Evaluate soon instead of at the next interval (after a rule change). */
  kick(): void {
    if (this.started && !this.ticking) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick().finally(() => {
        if (this.started && !this.timer) this.schedule(this.sampleIntervalMs);
      });
    }, delayMs);
    this.timer.unref?.();
  }

  /** One evaluation round (also called directly by tests). */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.evaluate()
      .catch((err: unknown) => {
        this.lastError = err instanceof Error ? err.message : String(err);
        log.warn({ err }, 'alert evaluation failed');
      })
      .finally(() => {
        this.ticking = undefined;
      });
    return this.ticking;
  }

  /** Resolves once every webhook started so far finished (tests). */
  async flushDeliveries(): Promise<void> {
    while (this.deliveries.size) await Promise.allSettled([...this.deliveries]);
  }

  // ── rules ──────────────────────────────────────────────────────────────────────────────────────

  listRules(): AlertRuleDto[] {
    return [...this.store.rules.rules];
  }

  createRule(input: Omit<AlertRuleParsed, 'brokerName'> & { brokerName?: string | null }): AlertRuleDto {
    const broker = isBrokerRule(input);
    const rule: AlertRuleDto = {
      id: randomUUID(),
      name: input.name,
      group: broker ? '' : input.group,
      topic: broker ? null : (input.topic ?? null),
      ...(broker ? { brokerName: input.brokerName ?? null } : {}),
      kind: input.kind,
      threshold: input.kind === 'noOnlineClient' || input.kind === 'consumerStatus' ? 0 : input.threshold,
      ...(input.kind === 'consumerStatus' ? { statuses: input.statuses?.length ? input.statuses : [...DEFAULT_ALERT_STATUSES] } : {}),
      forSeconds: input.forSeconds,
      severity: input.severity,
      webhookUrl: input.webhookUrl ?? null,
      enabled: input.enabled,
      createdAt: iso(this.now()),
    };
    this.store.rules.rules.push(rule);
    this.saveRules();
    this.kick();
    return rule;
  }

  deleteRule(id: string): void {
    const before = this.store.rules.rules.length;
    this.store.rules.rules = this.store.rules.rules.filter((r) => r.id !== id);
    if (this.store.rules.rules.length === before) throw new ConsoleError(404, 'NOT_FOUND', `no alert rule ${id}`);
    this.store.rules.silences = this.store.rules.silences.filter((s) => s.ruleId !== id);
    this.saveRules();
    this.kick();
  }

  /** Silences a rule's notifications for `minutes` (0 lifts the silence). */
  silence(ruleId: string, minutes: number): { ruleId: string; until: string | null } {
    if (!this.store.rules.rules.some((r) => r.id === ruleId)) throw new ConsoleError(404, 'NOT_FOUND', `no alert rule ${ruleId}`);
    this.store.rules.silences = this.store.rules.silences.filter((s) => s.ruleId !== ruleId);
    const until = minutes > 0 ? iso(this.now() + minutes * 60_000) : null;
    if (until) this.store.rules.silences.push({ ruleId, until });
    this.saveRules();
    for (const a of this.store.state.active) if (a.ruleId === ruleId) a.silencedUntil = until;
    this.saveState();
    return { ruleId, until };
  }

  setSampleInterval(ms: number): void {
    this.store.rules.settings.sampleIntervalMs = ms;
    this.saveRules();
    if (this.started && !this.ticking) this.schedule(Math.min(ms, 1_000));
  }

  private saveRules(): void {
    try {
      this.store.saveRules();
    } catch (err) {
      throw new ConsoleError(500, 'ALERTS_WRITE_FAILED', `cannot save alert rules to ${this.store.rulesFile}`, err);
    }
  }

  private saveState(): void {
    try {
      this.store.saveState();
    } catch (err) {
      log.warn({ err, file: this.store.stateFile }, 'cannot save alert state');
    }
  }

  /** Writes the recent samples of every sampled group (bounded by SAMPLE_RETENTION_MS and the window sizes). */
  private saveSamples(): void {
    const now = this.now();
    const since = now - SAMPLE_RETENTION_MS;
    const groups: Record<string, GroupSamples> = {};
    for (const [group, h] of this.history) {
      const partitions: GroupSamples['partitions'] = {};
      for (const [key, w] of h.partitions) {
        const kept = w.filter((x) => x.t >= since);
        if (kept.length) partitions[key] = kept;
      }
      groups[group] = {
        points: h.points.filter((p) => p.t >= since),
        partitions,
        dlq: h.dlq.filter((d) => d.t >= since),
        status: h.status,
      };
    }
    try {
      this.store.saveSamples(groups, now);
      this.samplesSavedAt = now;
    } catch (err) {
      log.warn({ err, file: this.store.samplesFile }, 'cannot save alert samples');
    }
  }

  /** Rebuilds the per-group history from samples.json, dropping what is older than SAMPLE_RETENTION_MS. */
  private restoreSamples(): void {
    const since = this.now() - SAMPLE_RETENTION_MS;
    for (const [group, g] of Object.entries(this.store.loadSamples())) {
      const partitions = new Map<string, OffsetSample[]>();
      for (const [key, w] of Object.entries(g.partitions)) {
        const kept = w.filter((x) => x.t >= since).slice(-STATUS_WINDOW_SAMPLES);
        if (kept.length) partitions.set(key, kept);
      }
      const points = g.points.filter((p) => p.t >= since).slice(-TREND_POINTS);
      if (!points.length && !partitions.size) continue;
      const status = g.status && Date.parse(g.status.sampledAt) >= since ? g.status : null;
      this.history.set(group, { partitions, points, dlq: g.dlq.filter((d) => d.t >= since), status, queueStatuses: [], last: null });
    }
  }

  private silencedUntil(ruleId: string): string | null {
    const s = this.store.rules.silences.find((x) => x.ruleId === ruleId);
    return s && Date.parse(s.until) > this.now() ? s.until : null;
  }

  // ── views ──────────────────────────────────────────────────────────────────────────────────────

  overview(): AlertsOverviewDto {
    const now = this.now();
    const silences = this.store.rules.silences.filter((s) => Date.parse(s.until) > now);
    return {
      rules: this.listRules(),
      active: this.store.state.active.map((a) => ({ ...a, silencedUntil: this.silencedUntil(a.ruleId) })),
      history: [...this.store.state.history],
      notifications: [...this.store.state.notifications],
      silences,
      groups: [...this.history.values()].flatMap((h) => (h.status ? [h.status] : [])).sort((a, b) => a.group.localeCompare(b.group)),
      sampleIntervalMs: this.sampleIntervalMs,
      lastEvaluationAt: this.lastEvaluationAt === null ? null : iso(this.lastEvaluationAt),
      lastError: this.lastError,
    };
  }

  /** The lag chart of a group; asking keeps the group sampled for a while. */
  lagTrend(group: string): LagTrendDto {
    const fresh = !this.watched.has(group) && !this.history.has(group);
    this.watched.set(group, this.now() + WATCH_TTL_MS);
    if (fresh) this.kick();
    return {
      group,
      points: [...(this.history.get(group)?.points ?? [])],
      thresholds: this.store.rules.rules
        .filter((r) => r.group === group && r.enabled && (r.kind === 'messageLag' || r.kind === 'timeLag'))
        .map((r) => ({ ruleId: r.id, ruleName: r.name, kind: r.kind, threshold: r.threshold })),
      sampleIntervalMs: this.sampleIntervalMs,
    };
  }

  // ── evaluation ─────────────────────────────────────────────────────────────────────────────────

  private async evaluate(): Promise<void> {
    const now = this.now();
    const rules = this.store.rules.rules.filter((r) => r.enabled);
    for (const [g, until] of this.watched) if (until < now) this.watched.delete(g);
    const groups = new Set([...rules.filter((r) => !isBrokerRule(r)).map((r) => r.group), ...this.watched.keys()]);
    for (const g of this.history.keys()) if (!groups.has(g)) this.history.delete(g);

    const admin = this.opts.admin();
    const errors: string[] = [];
    const samples = new Map<string, GroupSample>();
    let replication: ReplicaGroupView[] | null = null;
    const replicationRead = rules.some(isBrokerRule)
      ? admin.examineReplication().then(
          (g) => void (replication = g),
          (err: unknown) => void errors.push(`replication: ${err instanceof Error ? err.message : String(err)}`),
        )
      : Promise.resolve();
    await Promise.all([
      replicationRead,
      ...[...groups].map(async (group) => {
        const mine = rules.filter((r) => r.group === group);
        try {
          const s = await sampleGroup(admin, group, {
            timeLag: mine.some((r) => r.kind === 'timeLag'),
            dlq: mine.some((r) => r.kind === 'dlqGrowth'),
            now: this.now,
          });
          samples.set(group, s);
          this.record(s, mine);
        } catch (err) {
          errors.push(`${group}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
    ]);

    let changed = false;
    const ruleIds = new Set(rules.map((r) => r.id));
    // Alerts of rules deleted or disabled end quietly.
    for (const a of [...this.store.state.active]) {
      if (!ruleIds.has(a.ruleId)) {
        this.end(a, now, false);
        changed = true;
      }
    }
    for (const rule of rules) {
      if (isBrokerRule(rule)) {
        if (replication) changed = this.apply(rule, measureReplicaBehind(rule, replication), null, now) || changed;
        continue;
      }
      const s = samples.get(rule.group);
      if (!s) continue; // unreadable this round: keep the alert as it is
      changed = this.apply(rule, this.measure(rule, s), this.history.get(rule.group)?.status?.status ?? null, now) || changed;
    }
    this.lastEvaluationAt = now;
    this.lastError = errors.length ? errors.join('; ') : null;
    if (changed) this.saveState();
    if (samples.size && (changed || this.now() - this.samplesSavedAt >= SAMPLES_SAVE_EVERY_MS)) this.saveSamples();
  }

  private record(s: GroupSample, rules: AlertRuleDto[]): void {
    let h = this.history.get(s.group);
    if (!h) {
      h = { partitions: new Map(), points: [], dlq: [], status: null, queueStatuses: [], last: null };
      this.history.set(s.group, h);
    }
    const online = s.online === null ? true : s.online > 0;
    const statuses: GroupStatusDto['partitions'] = [];
    const seen = new Set<string>();
    for (const q of s.queues) {
      const key = queueKey(q);
      seen.add(key);
      const window = [...(h.partitions.get(key) ?? []), { t: s.t, brokerOffset: q.brokerOffset, consumerOffset: q.consumerOffset, online }].slice(
        -STATUS_WINDOW_SAMPLES,
      );
      h.partitions.set(key, window);
      statuses.push({ topic: q.topic, brokerName: q.brokerName, queueId: q.queueId, status: evaluatePartition(window), lag: q.lag });
    }
    for (const key of h.partitions.keys()) if (!seen.has(key)) h.partitions.delete(key);
    h.queueStatuses = statuses;
    const status = worstStatus(statuses.map((p) => p.status));
    const notOk = statuses.filter((p) => p.status !== 'OK');
    h.status = {
      group: s.group,
      status,
      totalLag: s.queues.reduce((n, q) => n + q.lag, 0),
      partitions: (statuses.length <= 8 ? statuses : notOk).slice(0, 50),
      sampledAt: iso(s.t),
    };
    const timeLags = s.queues.map((q) => q.timeLagMs).filter((v): v is number => v !== null);
    h.points.push({ t: s.t, lag: h.status.totalLag, timeLagSeconds: timeLags.length ? Math.max(...timeLags) / 1000 : null });
    if (h.points.length > TREND_POINTS) h.points.splice(0, h.points.length - TREND_POINTS);
    if (s.dlqDepth !== null) {
      h.dlq.push({ t: s.t, depth: s.dlqDepth });
      const lookback = Math.max(0, ...rules.filter((r) => r.kind === 'dlqGrowth').map((r) => r.forSeconds * 1000));
      h.dlq = h.dlq.filter((d) => d.t >= s.t - lookback - this.sampleIntervalMs);
    }
    h.last = s;
  }

  /** The rule's figure now and whether it is over the threshold; null when it cannot be told. */
  private measure(rule: AlertRuleDto, s: GroupSample): { value: number; breached: boolean; detail?: string } | null {
    // Broker rules are measured from the replication read, never from a group sample.
    const queues = rule.topic ? s.queues.filter((q) => q.topic === rule.topic) : s.queues;
    switch (rule.kind) {
      case 'messageLag': {
        const value = queues.reduce((n, q) => n + q.lag, 0);
        return { value, breached: value > rule.threshold };
      }
      case 'timeLag': {
        const ms = queues.map((q) => q.timeLagMs ?? 0);
        const value = Math.round(Math.max(0, ...ms) / 100) / 10;
        return { value, breached: value > rule.threshold };
      }
      case 'noOnlineClient':
        return s.online === null ? null : { value: s.online, breached: s.online === 0 };
      case 'dlqGrowth': {
        const dlq = this.history.get(s.group)?.dlq ?? [];
        if (s.dlqDepth === null || dlq.length === 0) return null;
        const since = s.t - rule.forSeconds * 1000;
        const base = dlq.find((d) => d.t >= since) ?? dlq[0];
        const value = Math.max(0, s.dlqDepth - base.depth);
        return { value, breached: value > rule.threshold };
      }
      case 'replicaBehind':
        return null;
      case 'consumerStatus': {
        const watched = watchedStatuses(rule);
        const all = this.history.get(s.group)?.queueStatuses ?? [];
        const hits = all.filter((p) => (!rule.topic || p.topic === rule.topic) && watched.includes(p.status));
        const detail = [...new Set(hits.map((p) => p.status))].join('/');
        return { value: hits.length, breached: hits.length > 0, detail };
      }
    }
  }

  /** Moves the rule's alert by its figure `m` (null: cannot be told this round, the alert stays as it is). */
  private apply(rule: AlertRuleDto, m: { value: number; breached: boolean; detail?: string } | null, status: ConsumerStatus | null, now: number): boolean {
    if (!m) return false;
    const active = this.store.state.active.find((a) => a.ruleId === rule.id);
    // dlqGrowth's duration is its look-back window, so it fires at once.
    const holdMs = rule.kind === 'dlqGrowth' ? 0 : rule.forSeconds * 1000;
    if (m.breached) {
      const a: AlertDto = active ?? {
        id: randomUUID(),
        ruleId: rule.id,
        ruleName: rule.name,
        group: rule.group,
        topic: rule.topic,
        ...(isBrokerRule(rule) ? { brokerName: rule.brokerName ?? null } : {}),
        kind: rule.kind,
        severity: rule.severity,
        state: 'pending',
        value: m.value,
        threshold: rule.threshold,
        activeAt: iso(now),
        firedAt: null,
        resolvedAt: null,
        silencedUntil: null,
        consumerStatus: status,
        summary: '',
      };
      if (!active) this.store.state.active.push(a);
      const changed = !active || a.value !== m.value || a.consumerStatus !== status;
      a.value = m.value;
      a.consumerStatus = status;
      a.summary = describe(rule, m.value, m.detail);
      a.silencedUntil = this.silencedUntil(rule.id);
      if (a.state === 'pending' && now - Date.parse(a.activeAt) >= holdMs) {
        a.state = 'firing';
        a.firedAt = iso(now);
        log.warn({ rule: rule.name, group: rule.group, value: m.value }, 'alert firing');
        this.notify(rule, a, 'firing');
        return true;
      }
      return changed;
    }
    if (active) {
      active.value = m.value;
      active.consumerStatus = status;
      this.end(active, now, active.state === 'firing');
      if (active.state === 'resolved' && active.firedAt) this.notify(rule, active, 'resolved');
      return true;
    }
    return false;
  }

  /** Takes an alert out of the active list; a fired one goes to history as resolved. */
  private end(a: AlertDto, now: number, log_: boolean): void {
    this.store.state.active = this.store.state.active.filter((x) => x !== a);
    if (a.state !== 'firing') return;
    a.state = 'resolved';
    a.resolvedAt = iso(now);
    this.store.state.history.unshift(a);
    if (log_) log.info({ rule: a.ruleName, group: a.group }, 'alert resolved');
  }

  private notify(rule: AlertRuleDto, a: AlertDto, event: 'firing' | 'resolved'): void {
    if (!rule.webhookUrl || this.silencedUntil(rule.id)) return;
    const n: NotificationDto = {
      id: randomUUID(),
      alertId: a.id,
      ruleName: rule.name,
      event,
      url: rule.webhookUrl,
      status: 'sending',
      attempts: 0,
      lastError: null,
      at: iso(this.now()),
    };
    this.store.state.notifications.unshift(n);
    const payload = {
      version: '1',
      source: 'orbit-console',
      status: event,
      alert: { ...a },
      rule: {
        id: rule.id,
        name: rule.name,
        kind: rule.kind,
        group: rule.group,
        topic: rule.topic,
        ...(isBrokerRule(rule) ? { brokerName: rule.brokerName ?? null } : {}),
        threshold: rule.threshold,
        forSeconds: rule.forSeconds,
        severity: rule.severity,
        ...(rule.statuses ? { statuses: rule.statuses } : {}),
      },
      sentAt: iso(this.now()),
    };
    const delivery = postWebhook(rule.webhookUrl, payload, {
      ...this.opts.webhook,
      signal: this.deliveryAbort.signal,
      onAttempt: (attempt, error) => {
        n.attempts = attempt;
        n.lastError = error;
      },
    }).then((r) => {
      n.status = r.ok ? 'delivered' : 'failed';
      n.attempts = r.attempts;
      if (!r.ok) n.lastError = r.lastError;
      if (!r.ok) log.warn({ url: n.url, rule: rule.name, error: r.lastError }, 'alert webhook failed');
      this.saveState();
    });
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }
}
