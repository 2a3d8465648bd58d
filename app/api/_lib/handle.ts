/**
 * The one wrapper every API route goes through: same-origin check for changes, the access rule (session,
 * role, CSRF token; see `authorizeRequest`), an audit record for every mutation and for every refusal of a
 * request without a session (throttled per address, see `recordRefusal`), JSON answers, errors mapped by
 * `toApiError`. A handler may return a `Response` of its own (to set cookies).
 */
import {
  assertSameOrigin,
  AuthError,
  authorizeRequest,
  clientIpOf,
  consoleAuth,
  describeAction,
  principalFor,
  RateLimitedError,
  recordAudit,
  recordRefusal,
  toApiError,
  type AuditOutcome,
  type Principal,
} from '@/server/console';

type Handler<Ctx> = (request: Request, context: Ctx, principal: Principal | undefined) => Promise<unknown>;

export interface HandleOptions {
  /** Callable without a session (login, session probe). */
  public?: boolean;
  /** A mutation viewers may make too (logout). */
  anyRole?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function peekJson(request: Request): Promise<unknown> {
  if (!request.headers.get('content-type')?.toLowerCase().startsWith('application/json')) return undefined;
  try {
    return await request.clone().json();
  } catch {
    return undefined;
  }
}

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'success';
  return status === 401 || status === 403 || status === 429 ? 'denied' : 'failure';
}

function safePrincipal(request: Request): Principal | undefined {
  try {
    return principalFor(consoleAuth(), request.headers.get('cookie'), false);
  } catch {
    return undefined;
  }
}

export function handle<Ctx = unknown>(fn: Handler<Ctx>, opts: HandleOptions = {}): (request: Request, context: Ctx) => Promise<Response> {
  return async (request, context) => {
    const mutation = !SAFE_METHODS.has(request.method.toUpperCase());
    const body = mutation ? await peekJson(request) : undefined;
    let principal: Principal | undefined;
    const audit = async (status: number, detail?: string) => {
      const anonymousRefusal = !principal && outcomeOf(status) === 'denied';
      if (!mutation && !anonymousRefusal) return;
      const { action, target } = describeAction(request.method, new URL(request.url).pathname, body);
      const user = principal?.user ?? (action === 'auth.login' && target ? target : '-');
      await (anonymousRefusal ? recordRefusal : recordAudit)({
        ts: new Date().toISOString(),
        user,
        role: principal?.role,
        ip: clientIpOf(request.headers),
        method: request.method.toUpperCase(),
        path: new URL(request.url).pathname,
        action,
        target,
        outcome: outcomeOf(status),
        status,
        detail,
      }).catch(() => {});
    };
    try {
      assertSameOrigin(request);
      principal = authorizeRequest(request, { mutation, public: opts.public, anyRole: opts.anyRole });
      const result = await fn(request, context, principal);
      const response = result instanceof Response ? result : Response.json(result);
      response.headers.set('cache-control', 'no-store');
      await audit(response.status);
      return response;
    } catch (err) {
      if (err instanceof AuthError && err.principal) principal = err.principal;
      const { status, body: errBody } = toApiError(err);
      // Refused before the session was looked at: still name who it was, without keeping the session alive.
      if (errBody.error.code === 'CROSS_ORIGIN') principal ??= safePrincipal(request);
      await audit(status, errBody.error.code);
      const headers: Record<string, string> = { 'cache-control': 'no-store' };
      if (err instanceof RateLimitedError) headers['retry-after'] = String(err.retryAfterSec);
      return Response.json(errBody, { status, headers });
    }
  };
}
