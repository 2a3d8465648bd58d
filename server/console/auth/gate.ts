/**
 * The first check of every HTTP request, in the console's node:http server before Next.js sees it: with
 * users configured, pages without a session are redirected to /login and API calls answer 401. The API
 * routes check again (role, CSRF) in `handle.ts`; this gate is what protects the pages themselves.
 *
 * Always open: /login, /api/auth/login, /api/auth/session and the build's static assets. /metrics takes
 * `Authorization: Bearer <metricsToken>` from the users file (or a session).
 */
import { timingSafeEqual } from 'node:crypto';
import type { ConsoleAuthState } from './auth-state';
import { principalFor } from './principal';

export type GateDecision =
  | { kind: 'pass' }
  | { kind: 'redirect'; location: string }
  | { kind: 'deny'; status: number; headers: Record<string, string>; body: string };

const PUBLIC_PATHS = new Set(['/login', '/api/auth/login', '/api/auth/session', '/favicon.ico']);
const PUBLIC_PREFIXES = ['/_next/static/', '/_next/webpack-hmr', '/__nextjs'];

function bearerMatches(expected: string | undefined, authorization: string | undefined): boolean {
  if (!expected || !authorization) return false;
  const m = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (!m) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(m[1]);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function gateRequest(
  state: ConsoleAuthState,
  req: { method?: string; url?: string; headers: { cookie?: string; authorization?: string } },
): GateDecision {
  if (state.mode === 'open') return { kind: 'pass' };
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://console.invalid');
  } catch {
    return { kind: 'deny', status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'bad request' };
  }
  const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  if (PUBLIC_PATHS.has(pathname) || PUBLIC_PREFIXES.some((p) => pathname.startsWith(p))) return { kind: 'pass' };
  const principal = principalFor(state, req.headers.cookie);
  if (pathname === '/metrics') {
    if (principal || bearerMatches(state.metricsToken, req.headers.authorization)) return { kind: 'pass' };
    return {
      kind: 'deny',
      status: 401,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="orbit-metrics"' },
      body: 'metrics need Authorization: Bearer <metricsToken from the users file>\n',
    };
  }
  if (principal) return { kind: 'pass' };
  const method = (req.method ?? 'GET').toUpperCase();
  if (pathname.startsWith('/api/') || (method !== 'GET' && method !== 'HEAD')) {
    return {
      kind: 'deny',
      status: 401,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'log in first' } }),
    };
  }
  const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + url.search)}`;
  return { kind: 'redirect', location: `/login${next}` };
}
