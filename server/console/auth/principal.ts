/** Who is asking: the session behind a request's cookie, or everyone-is-admin in open mode. */
import type { ConsoleAuthState } from './auth-state';
import { CLIENT_IP_HEADER, parseCookies, SESSION_COOKIE } from './cookies';
import type { Session } from './session-store';
import type { Role } from './users';

export interface Principal {
  user: string;
  role: Role;
  /** Absent in open mode. */
  session?: Session;
}

export const OPEN_PRINCIPAL: Principal = Object.freeze({ user: 'anonymous', role: 'admin' as const });

/**
 * The principal for these request cookies, or undefined when users are configured and there is no live
 * session. `touch: false` only looks (for naming who was refused) without restarting the idle timer.
 */
export function principalFor(state: ConsoleAuthState, cookieHeader: string | null | undefined, touch = true): Principal | undefined {
  if (state.mode === 'open') return OPEN_PRINCIPAL;
  const session = state.sessions.get(parseCookies(cookieHeader).get(SESSION_COOKIE), touch);
  if (!session) return undefined;
  // A user removed from the file (or whose role changed) since login loses the session.
  const user = state.users.get(session.user);
  if (!user || user.role !== session.role) {
    state.sessions.destroy(session.id);
    return undefined;
  }
  return { user: session.user, role: session.role, session };
}

/** The client address the console's HTTP server recorded for this request. */
export function clientIpOf(headers: { get(name: string): string | null }): string {
  return headers.get(CLIENT_IP_HEADER) || 'unknown';
}
