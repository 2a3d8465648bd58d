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
import type { AlertDto, AlertRuleDto, NotificationDto, SilenceDto } from '../../../lib/dto/alerts';
import { logger } from '../../common/logger';

const log = logger.child({ module: 'console-alerts' });

export const DEFAULT_SAMPLE_INTERVAL_MS = 10_000;
/** Resolved alerts and notifications kept. */
export const HISTORY_LIMIT = 200;
export const NOTIFICATION_LIMIT = 100;

export interface RulesFile {
  rules: AlertRuleDto[];
  silences: SilenceDto[];
  settings: { sampleIntervalMs: number };
}

export interface StateFile {
  active: AlertDto[];
  history: AlertDto[];
  notifications: NotificationDto[];
}

const emptyRules = (): RulesFile => ({ rules: [], silences: [], settings: { sampleIntervalMs: DEFAULT_SAMPLE_INTERVAL_MS } });
const emptyState = (): StateFile => ({ active: [], history: [], notifications: [] });

/** Writes `value` as JSON to `file` through a temp file and a rename. */
export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
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

export class AlertStore {
  readonly rulesFile: string;
  readonly stateFile: string;
  rules: RulesFile;
  state: StateFile;

  constructor(readonly dir: string) {
    this.rulesFile = path.join(dir, 'rules.json');
    this.stateFile = path.join(dir, 'state.json');
    this.rules = readJson(this.rulesFile, emptyRules, (v) => Array.isArray(v?.rules));
    this.rules.settings = { ...emptyRules().settings, ...this.rules.settings };
    this.state = readJson(this.stateFile, emptyState, (v) => Array.isArray(v?.active));
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
