/** Cookie names of the console and the small parsing/serializing they need. */
export const SESSION_COOKIE = 'orbit_session';
/** Readable by the page's script (not HttpOnly): the double-submit copy of the session's CSRF token. */
export const CSRF_COOKIE = 'orbit_csrf';
export const CSRF_HEADER = 'x-orbit-csrf';
/** Set by the console's HTTP server from the socket (any value a client sends is replaced). */
export const CLIENT_IP_HEADER = 'x-orbit-client-ip';

export function parseCookies(header: string | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (!out.has(name)) {
      try {
        out.set(name, decodeURIComponent(raw));
      } catch {
        out.set(name, raw);
      }
    }
  }
  return out;
}

export interface CookieOptions {
  httpOnly?: boolean;
  secure?: boolean;
  /** Seconds; 0 deletes the cookie. Omitted: a browser-session cookie. */
  maxAge?: number;
}

/** Always `Path=/` and `SameSite=Strict`. */
export function serializeCookie(name: string, value: string, opts: CookieOptions = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Strict'];
  if (opts.httpOnly) parts.push('HttpOnly');
  if (opts.secure) parts.push('Secure');
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(opts.maxAge))}`);
  return parts.join('; ');
}
