import { pino, type Logger } from 'pino';
import { logLevel } from './config';

/** Root logger; modules take `logger.child({ module: 'broker' })`. Logs go to stderr so stdout stays for ready lines. */
export const logger: Logger = pino({ level: logLevel(), base: { pid: process.pid } }, pino.destination(2));

export type { Logger };
