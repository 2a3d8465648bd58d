/**
 * Where alert rules and alert state live: two JSON files under `<console data dir>/alerts/`, each written
 * atomically (temp file + rename), so a crash leaves either the old or the new file.
 *
 *   rules.json  { rules: AlertRuleDto[], silences: SilenceDto[], settings: { sampleIntervalMs } }
 *   state.json  { active: AlertDto[], history: AlertDto[], notifications: NotificationDto[] }
 *
 * Rules change rarely and are written at once; state is written after each evaluation that changed it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AlertDto, AlertRuleDto, GroupStatusDto, LagPointDto, NotificationDto, SilenceDto } from '../../../lib/dto/alerts';
import { logger } from '../../common/logger';

const log = logger.child({ module: 'console-alerts' });

export const DEFAULT_SAMPLE_INTERVAL_MS = 10_000;
/** Resolved alerts and notifications kept. */
export const HISTORY_LIMIT = 200;
export const NOTIFICATION_LIMIT = 100;
/** `lastError` of a delivery found still `sending` when the state is read. */
export const INTERRUPTED_DELIVERY = 'interrupted: the console stopped before the delivery finished';

export interface RulesFile {
  rules: AlertRuleDto[];
  silences: SilenceDto[];
  /** `sampleIntervalMs` only when set on the alerts page; unset, the engine's default applies. */
  settings: { sampleIntervalMs?: number };
}

/** One offset sample of one queue (see consumer-status). */
export interface StoredOffsetSample {
  t: number;
  brokerOffset: number;
  consumerOffset: number;
  online: boolean;
}

/** A group's recent samples, as the engine keeps them. */
export interface GroupSamples {
  /** Lag chart points, oldest first. */
  points: LagPointDto[];
  /** Burrow window per queue (`topic@broker@queueId`), oldest first. */
  partitions: Record<string, StoredOffsetSample[]>;
  /** `%DLQ%<group>` depths, oldest first. */
  dlq: { t: number; depth: number }[];
  status: GroupStatusDto | null;
}

export interface StateFile {
  active: AlertDto[];
  history: AlertDto[];
  notifications: NotificationDto[];
}

const emptyRules = (): RulesFile => ({ rules: [], silences: [], settings: {} });
const emptyState = (): StateFile => ({ active: [], history: [], notifications: [] });

/** Writes `value` as JSON to `file` through a temp file and a rename. */
export function writeJsonAtomic(file: string, value: unknown, compact = false): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, `${compact ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}

function readJson<T>(file: string, fallback: () => T, valid: (v: any) => boolean): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err, file }, 'cannot read alert file; starting empty');
    return fallback();
  }
  try {
    const v = JSON.parse(text);
    if (valid(v)) return { ...fallback(), ...v };
  } catch {
    // fall through
  }
  log.warn({ file }, 'alert file is invalid; starting empty');
  return fallback();
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const arrayOf = <T>(v: unknown, ok: (x: any) => boolean): T[] => (Array.isArray(v) ? (v.filter(ok) as T[]) : []);

/** The groups of a samples file, dropping anything malformed (it is only a cache of what the cluster said). */
function parseSamples(v: any): Record<string, GroupSamples> {
  const out: Record<string, GroupSamples> = {};
  if (!v || typeof v !== 'object' || v.version !== 1 || !v.groups || typeof v.groups !== 'object') return out;
  for (const [group, g] of Object.entries<any>(v.groups)) {
    if (!g || typeof g !== 'object') continue;
    const partitions: GroupSamples['partitions'] = {};
    if (g.partitions && typeof g.partitions === 'object') {
      for (const [key, w] of Object.entries(g.partitions)) {
        const window = arrayOf<StoredOffsetSample>(w, (s) => isNum(s?.t) && isNum(s.brokerOffset) && isNum(s.consumerOffset) && typeof s.online === 'boolean');
        if (window.length) partitions[key] = window;
      }
    }
    out[group] = {
      points: arrayOf<LagPointDto>(g.points, (p) => isNum(p?.t) && isNum(p.lag) && (p.timeLagSeconds === null || isNum(p.timeLagSeconds))),
      partitions,
      dlq: arrayOf(g.dlq, (d) => isNum(d?.t) && isNum(d.depth)),
      status: g.status && typeof g.status === 'object' && typeof g.status.status === 'string' && Array.isArray(g.status.partitions) ? g.status : null,
    };
  }
  return out;
}

export class AlertStore {
  readonly rulesFile: string;
  readonly stateFile: string;
  readonly samplesFile: string;
  rules: RulesFile;
  state: StateFile;

  constructor(readonly dir: string) {
    this.rulesFile = path.join(dir, 'rules.json');
    this.stateFile = path.join(dir, 'state.json');
    this.samplesFile = path.join(dir, 'samples.json');
    this.rules = readJson(this.rulesFile, emptyRules, (v) => Array.isArray(v?.rules));
    this.rules.settings = { ...emptyRules().settings, ...this.rules.settings };
    if (!isNum(this.rules.settings.sampleIntervalMs)) delete this.rules.settings.sampleIntervalMs;
    this.state = readJson(this.stateFile, emptyState, (v) => Array.isArray(v?.active));
    for (const n of this.state.notifications) {
      if (n.status !== 'sending') continue;
      n.status = 'failed';
      n.lastError = n.lastError ? `${INTERRUPTED_DELIVERY} (last attempt: ${n.lastError})` : INTERRUPTED_DELIVERY;
    }
  }

  /** The recent samples saved by `saveSamples` (empty when none or unreadable). */
  loadSamples(): Record<string, GroupSamples> {
    return parseSamples(readJson<any>(this.samplesFile, () => ({}), (v) => v?.version === 1));
  }

  saveSamples(groups: Record<string, GroupSamples>, now: number): void {
    writeJsonAtomic(this.samplesFile, { version: 1, savedAt: now, groups }, true);
  }

  saveRules(): void {
    writeJsonAtomic(this.rulesFile, this.rules);
  }

  saveState(): void {
    this.state.history = this.state.history.slice(0, HISTORY_LIMIT);
    this.state.notifications = this.state.notifications.slice(0, NOTIFICATION_LIMIT);
    writeJsonAtomic(this.stateFile, this.state);
  }
}
