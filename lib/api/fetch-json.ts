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

export async function fetchJson<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    headers: { accept: 'application/json', ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: json === undefined ? rest.body : JSON.stringify(json),
    cache: 'no-store',
  });
  if (!res.ok) throw await toApiRequestError(res);
  return (await res.json()) as T;
}
