/**
 * The console's own settings: for now, the name server list it talks to.
 *
 * The value in force comes from, in order: the start-up environment (`--namesrv` / ORBIT_NAMESRV, which the
 * embedded mode sets to its own name server), the value saved from the UI under the console data dir, and
 * the default `127.0.0.1:9876`. Saving from the UI applies at once and is written to
 * `<ORBIT_CONSOLE_DATA or .orbit-data/console>/settings.json`; an explicit start-up value wins again on the
 * next start.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { env } from '../common/config';
import { ConsoleError } from '../common/errors';
import { logger } from '../common/logger';
import type { NamesrvSettingDto } from '../../lib/dto/settings';
import { namesrvAddrListSchema, splitNamesrvList } from '../../lib/schemas/namesrv';

export const DEFAULT_NAMESRV_ADDR = '127.0.0.1:9876';
export const DEFAULT_CONSOLE_DATA_DIR = path.join('.orbit-data', 'console');
const SETTINGS_FILE = 'settings.json';

const log = logger.child({ module: 'console' });

const savedSettingsSchema = z.object({ namesrvAddr: namesrvAddrListSchema.optional() });

interface SettingsState {
  namesrvAddr: string;
  source: NamesrvSettingDto['source'];
}

/**
 * Next.js may load this module once per route bundle; the state lives on globalThis so every route of one
 * server sees the same setting.
 */
const STATE_KEY = Symbol.for('orbit.console.settings');
type Holder = { [STATE_KEY]?: SettingsState };
const holder = globalThis as typeof globalThis & Holder;

export function consoleDataDir(): string {
  // A runtime location, not part of the build: keep the bundler from tracing it.
  return path.resolve(/* turbopackIgnore: true */ env().ORBIT_CONSOLE_DATA || DEFAULT_CONSOLE_DATA_DIR);
}

function settingsFile(): string {
  return path.join(consoleDataDir(), SETTINGS_FILE);
}

function readSaved(): z.infer<typeof savedSettingsSchema> {
  let text: string;
  try {
    text = readFileSync(settingsFile(), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err }, 'cannot read console settings; using defaults');
    return {};
  }
  try {
    return savedSettingsSchema.parse(JSON.parse(text));
  } catch (err) {
    log.warn({ err, file: settingsFile() }, 'console settings file is invalid; ignoring it');
    return {};
  }
}

function load(): SettingsState {
  const fromEnv = env().ORBIT_NAMESRV?.trim();
  if (fromEnv) {
    const parsed = namesrvAddrListSchema.safeParse(fromEnv);
    if (parsed.success) return { namesrvAddr: parsed.data, source: env().ORBIT_EMBEDDED === '1' ? 'embedded' : 'env' };
    log.warn({ value: fromEnv }, 'ORBIT_NAMESRV is not a host:port list; ignoring it');
  }
  const saved = readSaved().namesrvAddr;
  if (saved) return { namesrvAddr: saved, source: 'saved' };
  return { namesrvAddr: DEFAULT_NAMESRV_ADDR, source: 'default' };
}

function state(): SettingsState {
  holder[STATE_KEY] ??= load();
  return holder[STATE_KEY];
}

function toDto(s: SettingsState): NamesrvSettingDto {
  return { namesrvAddr: s.namesrvAddr, addrs: splitNamesrvList(s.namesrvAddr), source: s.source };
}

/** The name server list in force, `;`-separated. */
export function currentNamesrvAddr(): string {
  return state().namesrvAddr;
}

export async function getNamesrvSetting(): Promise<NamesrvSettingDto> {
  return toDto(state());
}

/**
 * Validates, saves and applies a new name server list. Throws `ConsoleError` 422 for a bad list and 500
 * when the settings file cannot be written (the value in force is then unchanged).
 */
export async function setNamesrvSetting(namesrvAddr: string): Promise<NamesrvSettingDto> {
  const parsed = namesrvAddrListSchema.safeParse(namesrvAddr);
  if (!parsed.success) {
    throw new ConsoleError(422, 'VALIDATION_FAILED', parsed.error.issues[0]?.message ?? 'bad name server list');
  }
  const file = settingsFile();
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ ...readSaved(), namesrvAddr: parsed.data }, null, 2)}\n`);
    renameSync(tmp, file);
  } catch (err) {
    throw new ConsoleError(500, 'SETTINGS_WRITE_FAILED', `cannot save console settings to ${file}`, err);
  }
  const previous = state().namesrvAddr;
  holder[STATE_KEY] = { namesrvAddr: parsed.data, source: 'saved' };
  log.info({ namesrvAddr: parsed.data, previous }, 'name server list changed');
  return toDto(holder[STATE_KEY]);
}

/** Forgets the state in memory so the next read loads it afresh (tests, and after `setConsoleEnv`). */
export function resetConsoleSettings(): void {
  delete holder[STATE_KEY];
}
