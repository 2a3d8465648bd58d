import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelayMs, DELIVERY_CANCELLED, postWebhook } from './webhook';

let server: Server | undefined;

/** A loopback receiver answering each POST with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; bodies: unknown[]; times: number[] }> {
  const bodies: unknown[] = [];
  const times: number[] = [];
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      times.push(Date.now());
      res.statusCode = statuses[Math.min(bodies.length - 1, statuses.length - 1)];
      res.end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, times };
}

afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

describe('postWebhook', () => {
  it('backs off exponentially, capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, 100, 1000))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('retries 5xx answers with growing waits until one succeeds', async () => {
    const r = await receiver([500, 503, 200]);
    const attempts: (string | null)[] = [];
    const result = await postWebhook(r.url, { status: 'firing' }, { baseDelayMs: 50, onAttempt: (_n, e) => attempts.push(e) });
    expect(result).toEqual({ ok: true, attempts: 3, lastError: null });
    expect(attempts).toEqual(['HTTP 500', 'HTTP 503', null]);
    expect(r.bodies).toEqual([{ status: 'firing' }, { status: 'firing' }, { status: 'firing' }]);
    const gaps = [r.times[1] - r.times[0], r.times[2] - r.times[1]];
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
  });

  it('gives up after maxAttempts and reports the last error', async () => {
    const r = await receiver([502]);
    const result = await postWebhook(r.url, {}, { maxAttempts: 3, baseDelayMs: 10 });
    expect(result).toEqual({ ok: false, attempts: 3, lastError: 'HTTP 502' });
    expect(r.bodies).toHaveLength(3);
  });

  it('treats a refused connection as a failed attempt', async () => {
    const r = await receiver([200]);
    const url = r.url;
    await new Promise((res) => server!.close(res));
    server = undefined;
    const result = await postWebhook(url, {}, { maxAttempts: 2, baseDelayMs: 10 });
    expect(result.ok).toBe(false);
    expect(result.lastError).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it('stops retrying at once when its signal aborts', async () => {
    const r = await receiver([503]);
    const abort = new AbortController();
    const started = Date.now();
    const pending = postWebhook(r.url, {}, { maxAttempts: 5, baseDelayMs: 10_000, signal: abort.signal, onAttempt: () => abort.abort() });
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toEqual({ ok: false, attempts: 1, lastError: `${DELIVERY_CANCELLED} (last attempt: HTTP 503)` });
    expect(r.bodies).toHaveLength(1);
  });
});
