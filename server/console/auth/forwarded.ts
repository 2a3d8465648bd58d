/**
 * Which request facts the console believes: the client address, the host the browser asked for and whether it
 * used https. X-Forwarded-For / -Host / -Proto are anyone's to send, so they count only when the TCP peer is
 * a proxy the operator named (`orbit console --trust-proxy`, `ORBIT_CONSOLE_TRUSTED_PROXIES`).
 *
 * The console's HTTP server decides once per request (`resolveForwarded`) and writes the result into the
 * `x-orbit-*` headers below, replacing anything the client sent; the API (Origin check, Secure cookies,
 * throttling, audit) reads only those, falling back to the Host header and the URL when they are absent.
 */
import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../../common/errors';
import { CLIENT_IP_HEADER } from './cookies';

/** The host (`name[:port]`) the browser addressed, as the console's server judged it. */
export const REQUEST_HOST_HEADER = 'x-orbit-host';
/** `http` or `https`, as the console's server judged it. */
export const REQUEST_PROTO_HEADER = 'x-orbit-proto';

export interface TrustedProxies {
  /** The list as given, for logs. */
  readonly spec: string[];
  has(address: string): boolean;
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { spec: [], has: () => false };

function normalizeAddress(addr: string): string {
  const a = addr.trim().replace(/^\[|\]$/g, '');
  return a.toLowerCase().startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/** Parses `addr,addr/prefix,…` (IPv4 or IPv6, CIDR allowed); throws a ConfigError naming a bad entry. */
export function parseTrustedProxies(list: string | undefined): TrustedProxies {
  const spec = (list ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (spec.length === 0) return NO_TRUSTED_PROXIES;
  const blocks = new BlockList();
  for (const entry of spec) {
    const [addr, prefix, extra] = entry.split('/');
    const a = normalizeAddress(addr);
    const family = isIP(a);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))) {
      throw new ConfigError(`--trust-proxy: "${entry}" is not an IP address or CIDR block`);
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) blocks.addAddress(a, type);
    else blocks.addSubnet(a, bits, type);
  }
  return {
    spec,
    has: (address) => {
      const a = normalizeAddress(address);
      const family = isIP(a);
      return family !== 0 && blocks.check(a, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

export interface ForwardedFacts {
  clientIp: string;
  host: string;
  proto: 'http' | 'https';
}

type HeaderValue = string | string[] | undefined;

function first(v: HeaderValue): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  const head = s?.split(',')[0]?.trim();
  return head || undefined;
}

/**
 * The client is the right-most X-Forwarded-For entry that is not itself a trusted proxy: entries left of
 * it were written by whoever sent the request and prove nothing.
 */
function forwardedClient(xff: HeaderValue, peer: string, trusted: TrustedProxies): string {
  const hops = (Array.isArray(xff) ? xff.join(',') : (xff ?? '')).split(',').map((s) => normalizeAddress(s)).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i])) return hops[i];
  return hops[0] ?? peer;
}

/** The facts for one request that reached the server from `peerAddress` with these headers. */
export function resolveForwarded(peerAddress: string | undefined, headers: Record<string, HeaderValue>, trusted: TrustedProxies): ForwardedFacts {
  const peer = normalizeAddress(peerAddress ?? 'unknown');
  const host = first(headers.host) ?? '';
  if (!trusted.has(peer)) return { clientIp: peer, host, proto: 'http' };
  const proto = first(headers['x-forwarded-proto'])?.toLowerCase() === 'https' ? 'https' : 'http';
  return { clientIp: forwardedClient(headers['x-forwarded-for'], peer, trusted), host: first(headers['x-forwarded-host']) ?? host, proto };
}

/**
 * Writes the facts into the request's headers for the API. From an untrusted peer the forwarded headers are
 * dropped too, so nothing downstream (Next.js included) can be misled by them.
 */
export function applyForwarded(headers: Record<string, HeaderValue>, facts: ForwardedFacts, fromTrustedProxy: boolean): void {
  if (!fromTrustedProxy) {
    delete headers['x-forwarded-for'];
    delete headers['x-forwarded-host'];
    delete headers['x-forwarded-proto'];
    delete headers.forwarded;
  }
  headers[CLIENT_IP_HEADER] = facts.clientIp;
  headers[REQUEST_HOST_HEADER] = facts.host;
  headers[REQUEST_PROTO_HEADER] = facts.proto;
}

type Headers = { get(name: string): string | null };

/** The host the browser addressed: the server's judgement, else the Host header, else the URL's. */
export function requestHostOf(headers: Headers, url: string): string {
  return headers.get(REQUEST_HOST_HEADER) || headers.get('host') || new URL(url).host;
}

/** Whether the browser reached the console over https (directly, or through a trusted TLS-terminating proxy). */
export function isHttpsRequest(request: { headers: Headers; url: string }): boolean {
  const judged = request.headers.get(REQUEST_PROTO_HEADER);
  if (judged) return judged === 'https';
  try {
    return new URL(request.url).protocol === 'https:';
  } catch {
    return false;
  }
}
