/** The browser side of the console API: JSON in, JSON out, API errors as `ApiRequestError`. */
import type { ApiErrorDto } from '../dto/api';

export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: { path: string; message: string }[];

  constructor(status: number, code: string, message: string, issues: { path: string; message: string }[] = []) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

function isApiErrorDto(body: unknown): body is ApiErrorDto {
  const e = (body as ApiErrorDto | null)?.error;
  return typeof e === 'object' && e !== null && typeof e.message === 'string' && typeof e.code === 'string';
}

/** Turns a non-2xx answer into an `ApiRequestError`, using the API's error body when there is one. */
export async function toApiRequestError(res: Response): Promise<ApiRequestError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status line.
  }
  if (isApiErrorDto(body)) {
    return new ApiRequestError(res.status, body.error.code, body.error.message, body.error.issues ?? []);
  }
  return new ApiRequestError(res.status, 'HTTP_ERROR', `request failed: ${res.status} ${res.statusText}`.trim());
}

/** The cookie the console sets at login with the session's CSRF token, and the header it must come back in. */
export const CSRF_COOKIE = 'orbit_csrf';
export const CSRF_HEADER = 'x-orbit-csrf';

/** The CSRF token from `cookieText` (default: this page's cookies), or undefined. */
export function readCsrfToken(cookieText: string = typeof document === 'undefined' ? '' : document.cookie): string | undefined {
  for (const part of cookieText.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function fetchJson<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const csrf = SAFE_METHODS.has((rest.method ?? 'GET').toUpperCase()) ? undefined : readCsrfToken();
  const res = await fetch(url, {
    ...rest,
    headers: {
      accept: 'application/json',
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(csrf ? { [CSRF_HEADER]: csrf } : {}),
      ...headers,
    },
    body: json === undefined ? rest.body : JSON.stringify(json),
    cache: 'no-store',
  });
  if (res.status === 401 && typeof window !== 'undefined' && !url.startsWith('/api/auth/') && window.location.pathname !== '/login') {
    // The session ended (expired, logged out elsewhere): back to the login page, then here again.
    const here = window.location.pathname + window.location.search;
    window.location.assign(`/login?next=${encodeURIComponent(here)}`);
  }
  if (!res.ok) throw await toApiRequestError(res);
  return (await res.json()) as T;
}
