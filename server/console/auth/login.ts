/** Password login and logout, with per-user and per-address throttling. */
import { consoleAuth, type ConsoleAuthState } from './auth-state';
import { AuthError, RateLimitedError } from './authorize';
import { hashPassword, verifyPassword } from './password';
import type { Session } from './session-store';

let dummyHash: Promise<string> | undefined;

/** Checked against when the user does not exist, so a wrong name costs as long as a wrong password. */
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(`not-a-user-${Math.random()}`);
  return dummyHash;
}

function rateLimited(retryAfterMs: number): RateLimitedError {
  const sec = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new RateLimitedError(`too many failed logins; try again in ${sec} s`, sec);
}

export async function login(name: string, password: string, ip: string, state: ConsoleAuthState = consoleAuth()): Promise<Session> {
  if (state.mode !== 'users') throw new AuthError(409, 'AUTH_DISABLED', 'this console runs without users; there is nothing to log in to');
  const userKey = `user:${name.toLowerCase()}`;
  const ipKey = `ip:${ip}`;
  for (const key of [ipKey, userKey]) {
    const verdict = key === ipKey ? state.ipLimiter.check(key) : state.userLimiter.check(key);
    if (!verdict.allowed) throw rateLimited(verdict.retryAfterMs);
  }
  const user = state.users.get(name);
  const ok = (await verifyPassword(password, user?.password ?? (await dummy()))) && user !== undefined;
  if (!ok) {
    state.ipLimiter.recordFailure(ipKey);
    state.userLimiter.recordFailure(userKey);
    throw new AuthError(401, 'BAD_CREDENTIALS', 'wrong user name or password');
  }
  state.userLimiter.reset(userKey);
  return state.sessions.create(user.name, user.role);
}

export function logout(sessionId: string | undefined, state: ConsoleAuthState = consoleAuth()): void {
  state.sessions.destroy(sessionId);
}
