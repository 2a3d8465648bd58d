/**
 * How the console API turns a thrown error into an HTTP answer; used by every route through
 * `app/api/_lib/handle.ts`. 400 for a body that is not JSON, 422 for input that fails validation,
 * a `ConsoleError`'s own status, and 500 with a generic message for anything else (details go to the log).
 */
import { z } from 'zod';
import type { ApiErrorDto } from '../../lib/dto/api';
import { BrokerError, ClientError, ConsoleError, RemotingError } from '../common/errors';
import { logger } from '../common/logger';
import { requestHostOf } from './auth/forwarded';

const log = logger.child({ module: 'console-api' });

export interface ApiErrorAnswer {
  status: number;
  body: ApiErrorDto;
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'symbol' ? p.toString() : String(p))).join('.');
}

export function toApiError(err: unknown): ApiErrorAnswer {
  if (err instanceof z.ZodError) {
    const issues = err.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
    const first = issues[0];
    const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'invalid input';
    return { status: 422, body: { error: { code: 'VALIDATION_FAILED', message, issues } } };
  }
  if (err instanceof ConsoleError) {
    if (err.httpStatus >= 500) log.error({ err }, 'console request failed');
    return { status: err.httpStatus, body: { error: { code: err.code, message: err.message } } };
  }
  if (err instanceof BrokerError) {
    // TOPIC_NOT_EXIST (17) and SUBSCRIPTION_GROUP_NOT_EXIST (26) are "not found"; other answers are the cluster's word.
    const notFound = err.responseCode === 17 || err.responseCode === 26;
    return {
      status: notFound ? 404 : 502,
      body: { error: { code: notFound ? 'NOT_FOUND' : 'BROKER_ERROR', message: `the cluster answered: ${err.remark || `response code ${err.responseCode}`}` } },
    };
  }
  if (err instanceof ClientError) {
    return { status: 422, body: { error: { code: err.code, message: err.message } } };
  }
  if (err instanceof RemotingError) {
    log.warn({ err }, 'cluster unreachable');
    return { status: 503, body: { error: { code: 'CLUSTER_UNREACHABLE', message: `cannot reach the cluster: ${err.message}` } } };
  }
  log.error({ err }, 'unexpected error in console request');
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error; see the console server log' } } };
}

/**
 * Reads a JSON request body and validates it: 415 unless it is sent as `application/json` (which a plain
 * cross-site HTML form cannot do), 400 when it is not JSON, 422 (ZodError) when it does not fit.
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ConsoleError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the request body as application/json');
  }
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new ConsoleError(400, 'BAD_JSON', 'request body must be JSON');
  }
  return schema.parse(raw);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that a browser sent from another origin (403): the console changes
 * cluster settings and has no login, so a page elsewhere must not be able to drive it.
 * Requests without an Origin header (curl, scripts) are let through. The expected host is the Host header,
 * or X-Forwarded-Host only from a trusted proxy (see `auth/forwarded.ts`).
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get('origin');
  if (!origin) return;
  // Not X-Forwarded-Host: the console's server puts the host it believes in the header read here.
  const host = requestHostOf(request.headers, request.url);
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = '';
  }
  if (originHost !== host) throw new ConsoleError(403, 'CROSS_ORIGIN', 'cross-origin requests may not change the console');
}

/** Validates query parameters (as a plain object of strings) against a schema. */
export function parseSearchParams<S extends z.ZodType>(url: string | URL, schema: S): z.output<S> {
  return schema.parse(Object.fromEntries(new URL(url).searchParams));
}
