/**
 * Log levels from ORBIT_LOG_LEVEL, read when a logger is first made, never at import. Apart from config.ts
 * because the client SDK needs them and must not pull in config.ts's zod schema.
 */
import { ConfigError } from './errors';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function envLogLevel(): LogLevel | undefined {
  const raw = process.env.ORBIT_LOG_LEVEL;
  if (raw === undefined || raw === '') return undefined;
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new ConfigError(`ORBIT_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${raw}"`);
  return raw as LogLevel;
}

/** The servers' level: ORBIT_LOG_LEVEL, else info; quiet under test runners so test output stays readable. */
export function serverLogLevel(): LogLevel {
  return envLogLevel() ?? (process.env.VITEST ? 'silent' : 'info');
}

/**
 * The SDK's default logger level: ORBIT_LOG_LEVEL, else warn, since a library's routine info lines (rebalances,
 * idle connections) do not belong on an application's stderr unless asked for.
 */
export function sdkLogLevel(): LogLevel {
  return envLogLevel() ?? (process.env.VITEST ? 'silent' : 'warn');
}
