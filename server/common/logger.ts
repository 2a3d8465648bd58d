import { pino, type Logger } from 'pino';
import { serverLogLevel } from './log-level';

/**
 * The servers' root logger; modules take `logger.child({ module: 'broker' })`. Logs go to stderr so stdout stays
 * for ready lines. Made at import, which suits server processes; the client SDK never imports this module (it
 * logs through log-sink.ts), so an application importing the SDK gets no logger and no exit hook from it.
 */
export const logger: Logger = pino({ level: serverLogLevel(), base: { pid: process.pid } }, pino.destination(2));

export type { Logger };
