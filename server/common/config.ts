/**
 * The reader of process.env for the servers and the console (log-level.ts reads ORBIT_LOG_LEVEL, which the
 * client SDK needs without this module's zod). Everything else receives its settings as typed values.
 */
import { z } from 'zod';

const envSchema = z.object({
  ORBIT_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
  ORBIT_NAMESRV: z.string().optional(),
  ORBIT_CONSOLE_DATA: z.string().optional(),
  ORBIT_EMBEDDED: z.string().optional(),
  /** The console's users file (JSON or YAML); unset: open mode, allowed on loopback only. */
  ORBIT_CONSOLE_USERS: z.string().optional(),
  /** Proxies whose X-Forwarded-For/-Host/-Proto the console believes (`addr,cidr,…`); unset: none. */
  ORBIT_CONSOLE_TRUSTED_PROXIES: z.string().optional(),
  /** The audit log's size before it rotates (bytes, default 10 MiB) and how many files it keeps (default 5). */
  ORBIT_CONSOLE_AUDIT_MAX_BYTES: z.string().optional(),
  ORBIT_CONSOLE_AUDIT_MAX_FILES: z.string().optional(),
  /** The console's default alert sample interval in ms (200 ms to 1 h); a value saved on the alerts page overrides it. */
  ORBIT_ALERT_SAMPLE_INTERVAL_MS: z.string().optional(),
  /** Console jobs (DLQ republish, replay) above this many messages need the previewed count confirmed; default 100000. */
  ORBIT_CONSOLE_JOB_CONFIRM_LIMIT: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

export type OrbitEnv = z.infer<typeof envSchema>;

let cached: OrbitEnv | undefined;

export function env(): OrbitEnv {
  cached ??= envSchema.parse(process.env);
  return cached;
}

/**
 * `ORBIT_ALERT_SAMPLE_INTERVAL_MS` as a number: undefined when unset, blank, not a whole number of ms, or out
 * of 200 ms..1 h (the range the alerts settings accept), so a typo falls back to the built-in default instead
 * of stopping the console.
 */
export function alertSampleIntervalMs(): number | undefined {
  const raw = env().ORBIT_ALERT_SAMPLE_INTERVAL_MS?.trim();
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const ms = Number(raw);
  return ms >= 200 && ms <= 3_600_000 ? ms : undefined;
}

/** `ORBIT_CONSOLE_JOB_CONFIRM_LIMIT` as a positive whole number; undefined when unset or not one. */
export function consoleJobConfirmLimit(): number | undefined {
  const raw = env().ORBIT_CONSOLE_JOB_CONFIRM_LIMIT?.trim();
  return raw && /^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}

/** Settings the CLI hands to the console's Next.js server, which runs the same code in another module graph. */
export function setConsoleEnv(values: { namesrv?: string; dataDir?: string; embedded?: boolean; usersFile?: string }): void {
  if (values.namesrv !== undefined) process.env.ORBIT_NAMESRV = values.namesrv;
  if (values.dataDir !== undefined) process.env.ORBIT_CONSOLE_DATA = values.dataDir;
  if (values.embedded !== undefined) process.env.ORBIT_EMBEDDED = values.embedded ? '1' : '0';
  if (values.usersFile !== undefined) process.env.ORBIT_CONSOLE_USERS = values.usersFile;
  cached = undefined;
}
