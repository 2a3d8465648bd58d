/**
 * The API's access rule, applied by `app/api/_lib/handle.ts` to every route: with users configured a live
 * session is required (401), and a mutation needs the admin role (403) and the session's CSRF token in the
 * `x-orbit-csrf` header (403). In open mode everyone is admin (the Origin check still applies).
 */
import { ConsoleError } from '../../common/errors';
import { consoleAuth, type ConsoleAuthState } from './auth-state';
import { CSRF_HEADER } from './cookies';
import { csrfTokenMatches } from './csrf';
import { principalFor, type Principal } from './principal';

/** A refusal; carries who was refused (when known) for the audit log. */
export class AuthError extends ConsoleError {
  constructor(
    httpStatus: number,
    code: string,
    message: string,
    readonly principal?: Principal,
  ) {
    super(httpStatus, code, message);
  }
}

/** An error that tells the client when to try again (sent as Retry-After). */
export class RateLimitedError extends ConsoleError {
  constructor(
    message: string,
    readonly retryAfterSec: number,
  ) {
    super(429, 'TOO_MANY_ATTEMPTS', message);
  }
}

export interface AuthorizeOptions {
  mutation: boolean;
  /** Routes anyone may call (the login itself, the session probe). */
  public?: boolean;
  /** A mutation a viewer may make too (logging out); the CSRF token is still required. */
  anyRole?: boolean;
}

export function authorizeRequest(request: Request, opts: AuthorizeOptions, state: ConsoleAuthState = consoleAuth()): Principal | undefined {
  const principal = principalFor(state, request.headers.get('cookie'));
  if (opts.public) return principal;
  if (!principal) throw new AuthError(401, 'UNAUTHENTICATED', 'log in first');
  if (!opts.mutation || !principal.session) return principal;
  if (principal.role !== 'admin' && !opts.anyRole) throw new AuthError(403, 'FORBIDDEN', `user ${principal.user} is a viewer; changes need the admin role`, principal);
  if (!csrfTokenMatches(principal.session.csrfToken, request.headers.get(CSRF_HEADER))) {
    throw new AuthError(403, 'CSRF_TOKEN_INVALID', 'missing or wrong CSRF token; reload the page', principal);
  }
  return principal;
}
