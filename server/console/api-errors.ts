/**
 * How the console API turns a thrown error into an HTTP answer; used by every route through
 * `app/api/_lib/handle.ts`. 400 for a body that is not JSON, 422 for input that fails validation,
 * a `ConsoleError`'s own status, and 500 with a generic message for anything else (details go to the log).
 */
import { z } from 'zod';
import type { ApiErrorDto } from '../../lib/dto/api';
import { ConsoleError } from '../common/errors';
import { logger } from '../common/logger';

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
  log.error({ err }, 'unexpected error in console request');
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error; see the console server log' } } };
}

/** Reads a JSON request body and validates it: 400 when it is not JSON, 422 (ZodError) when it does not fit. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new ConsoleError(400, 'BAD_JSON', 'request body must be JSON');
  }
  return schema.parse(raw);
}

/** Validates query parameters (as a plain object of strings) against a schema. */
export function parseSearchParams<S extends z.ZodType>(url: string | URL, schema: S): z.output<S> {
  return schema.parse(Object.fromEntries(new URL(url).searchParams));
}
