/**
 * What Orbit's client and remoting code log through: the part of pino's API they use, so an application can hand
 * the SDK its own pino (or any logger with pino's `(obj, msg)` methods and `child()`), and the default logger is
 * made on first use rather than at import.
 */
import { pino } from 'pino';
import { sdkLogLevel } from './log-level';

/** A pino-compatible logger: `log.warn({ topic }, 'no route')`; `child()` adds bindings to every line. */
export interface LogSink {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): LogSink;
}

let sdkDefault: LogSink | undefined;

/**
 * JSON lines on stderr at {@link sdkLogLevel}. Synchronous writes: pino's asynchronous destination registers a
 * process exit hook to flush, and the SDK installs nothing process-wide; warnings are rare enough to write at once.
 */
export function sdkDefaultLogger(): LogSink {
  sdkDefault ??= pino({ level: sdkLogLevel(), base: { pid: process.pid } }, pino.destination({ dest: 2, sync: true }));
  return sdkDefault;
}
