import { describe, expect, it } from 'vitest';
import { assertSameOrigin, toApiError } from '../api-errors';
import { applyForwarded, isHttpsRequest, parseTrustedProxies, resolveForwarded } from './forwarded';

const forged = { host: '127.0.0.1:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-for': '6.6.6.6' };

function mutationFrom(headers: Record<string, string | string[] | undefined>): Request {
  const h = new Headers();
  for (const [k, v] of Object.entries(headers)) if (typeof v === 'string') h.set(k, v);
  return new Request('http://127.0.0.1:3000/api/topics', { method: 'POST', headers: h });
}

describe('trusted proxies', () => {
  it('parses addresses and CIDR blocks, IPv4 and IPv6, and refuses anything else', () => {
    const t = parseTrustedProxies(' 10.0.0.5, 192.168.1.0/24 ,::1, fd00::/8');
    expect(['10.0.0.5', '::ffff:10.0.0.5', '192.168.1.77', '::1', 'fd00::12'].map((a) => t.has(a))).toEqual([true, true, true, true, true]);
    expect(['10.0.0.6', '192.168.2.1', '127.0.0.1', 'unknown', ''].map((a) => t.has(a))).toEqual([false, false, false, false, false]);
    expect(parseTrustedProxies(undefined).has('127.0.0.1')).toBe(false);
    for (const bad of ['proxy.example', '10.0.0.0/33', '10.0.0.1/8/2', '1.2.3']) expect(() => parseTrustedProxies(bad)).toThrow(/--trust-proxy/);
  });
});

describe('resolveForwarded', () => {
  it('ignores forwarded headers from a peer that is not a trusted proxy', () => {
    expect(resolveForwarded('::ffff:127.0.0.1', forged, parseTrustedProxies(''))).toEqual({ clientIp: '127.0.0.1', host: '127.0.0.1:3000', proto: 'http' });
    expect(resolveForwarded('127.0.0.1', forged, parseTrustedProxies('10.0.0.1'))).toEqual({ clientIp: '127.0.0.1', host: '127.0.0.1:3000', proto: 'http' });
  });
  it('believes a trusted proxy, taking the right-most untrusted X-Forwarded-For hop as the client', () => {
    const t = parseTrustedProxies('10.0.0.1,10.0.0.2');
    const headers = { host: 'internal:3000', 'x-forwarded-host': 'console.example, other', 'x-forwarded-proto': 'https', 'x-forwarded-for': '1.1.1.1, 203.0.113.9, 10.0.0.2' };
    expect(resolveForwarded('10.0.0.1', headers, t)).toEqual({ clientIp: '203.0.113.9', host: 'console.example', proto: 'https' });
    expect(resolveForwarded('10.0.0.1', { host: 'internal:3000' }, t)).toEqual({ clientIp: '10.0.0.1', host: 'internal:3000', proto: 'http' });
  });
});

describe('the Origin check and Secure cookies follow the server’s judgement', () => {
  it('refuses a foreign Origin with a matching forged X-Forwarded-Host from an untrusted peer', () => {
    const headers: Record<string, string | string[] | undefined> = { ...forged, origin: 'http://evil.example' };
    applyForwarded(headers, resolveForwarded('127.0.0.1', headers, parseTrustedProxies('')), false);
    expect(headers['x-forwarded-host']).toBeUndefined();
    const request = mutationFrom(headers);
    expect(toApiError(catchIt(() => assertSameOrigin(request)))).toMatchObject({ status: 403, body: { error: { code: 'CROSS_ORIGIN' } } });
    expect(isHttpsRequest(request)).toBe(false);
  });
  it('never reads X-Forwarded-Host itself, even without the server in front', () => {
    expect(toApiError(catchIt(() => assertSameOrigin(mutationFrom({ ...forged, origin: 'http://evil.example' }))))).toMatchObject({ status: 403 });
    expect(isHttpsRequest(mutationFrom(forged))).toBe(false);
  });
  it('accepts the forwarded host and https from a trusted proxy', () => {
    const headers: Record<string, string | string[] | undefined> = { ...forged, origin: 'https://evil.example', 'x-orbit-host': 'spoofed' };
    applyForwarded(headers, resolveForwarded('10.0.0.1', headers, parseTrustedProxies('10.0.0.1')), true);
    expect(headers['x-orbit-client-ip']).toBe('6.6.6.6');
    expect(headers['x-orbit-host']).toBe('evil.example');
    const request = mutationFrom(headers);
    expect(() => assertSameOrigin(request)).not.toThrow();
    expect(isHttpsRequest(request)).toBe(true);
  });
});

function catchIt(fn: () => void): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
