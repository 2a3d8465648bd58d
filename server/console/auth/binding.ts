/**
 * The start-up rule: without users the console runs open (everyone is admin, no login), which is allowed
 * only when it listens on loopback. Any other address without a users file is refused.
 */
import { isIP } from 'node:net';
import { ConfigError } from '../../common/errors';

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

export type ConsoleAuthMode = 'open' | 'users';

/** The mode the console will run in; throws a ConfigError saying why when it must not start. */
export function consoleAuthMode(host: string, userCount: number | undefined): ConsoleAuthMode {
  if (userCount !== undefined) {
    if (userCount === 0) throw new ConfigError('the users file lists no users; add at least one admin (see `orbit console hash-password`)');
    return 'users';
  }
  if (isLoopbackHost(host)) return 'open';
  throw new ConfigError(
    `refusing to serve the console on ${host} without users: anyone who can reach it could change the cluster. ` +
      'Pass --users FILE (or set ORBIT_CONSOLE_USERS), or bind to 127.0.0.1.',
  );
}
