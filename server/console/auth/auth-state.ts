/**
 * The console's authentication state for one server process: the mode, the users, the session store and
 * the login rate limiters. It lives on globalThis because Next.js evaluates server modules once per route
 * bundle and the CLI's HTTP server (which gates requests) is yet another module graph.
 *
 * `orbit console` installs it with `configureConsoleAuth` before serving; a process that did not (a bare
 * `next dev`, tests) gets it from ORBIT_CONSOLE_USERS on first use.
 */
import { env } from '../../common/config';
import { IP_LOGIN_RULE, RateLimiter, USER_LOGIN_RULE } from './rate-limiter';
import { SessionStore, type SessionStoreOptions } from './session-store';
import { loadUsersFile, type ConsoleUser, type UsersConfig } from './users';

export interface ConsoleAuthState {
  mode: 'open' | 'users';
  users: ReadonlyMap<string, ConsoleUser>;
  metricsToken?: string;
  sessions: SessionStore;
  userLimiter: RateLimiter;
  ipLimiter: RateLimiter;
}

const STATE_KEY = Symbol.for('orbit.console.auth');
type Holder = { [STATE_KEY]?: ConsoleAuthState };
const holder = globalThis as typeof globalThis & Holder;

export function createAuthState(config: UsersConfig | undefined, opts: SessionStoreOptions = {}): ConsoleAuthState {
  return {
    mode: config ? 'users' : 'open',
    users: new Map((config?.users ?? []).map((u) => [u.name, u])),
    metricsToken: config?.metricsToken,
    sessions: new SessionStore(opts),
    userLimiter: new RateLimiter(USER_LOGIN_RULE, opts.now),
    ipLimiter: new RateLimiter(IP_LOGIN_RULE, opts.now),
  };
}

/** Installs the state for this process (`undefined`: open mode). */
export function configureConsoleAuth(config: UsersConfig | undefined, opts: SessionStoreOptions = {}): ConsoleAuthState {
  const state = createAuthState(config, opts);
  holder[STATE_KEY] = state;
  return state;
}

export function consoleAuth(): ConsoleAuthState {
  let state = holder[STATE_KEY];
  if (!state) {
    const file = env().ORBIT_CONSOLE_USERS;
    state = createAuthState(file ? loadUsersFile(file) : undefined);
    holder[STATE_KEY] = state;
  }
  return state;
}

/** For tests: forget the installed state. */
export function resetConsoleAuth(): void {
  delete holder[STATE_KEY];
}
