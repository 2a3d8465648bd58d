import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConsoleError } from '../common/errors';
import { namesrvSettingInputSchema } from '../../lib/schemas/namesrv';
import { assertSameOrigin, parseJsonBody, parseSearchParams, toApiError } from './api-errors';

describe('toApiError', () => {
  it('answers 422 with field issues for a validation failure', () => {
    const r = namesrvSettingInputSchema.safeParse({ namesrvAddr: 'nope' });
    const { status, body } = toApiError(r.error);
    expect(status).toBe(422);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toBe('namesrvAddr: "nope" is not host:port');
    expect(body.error.issues).toEqual([{ path: 'namesrvAddr', message: '"nope" is not host:port' }]);
  });

  it('passes a ConsoleError status, code and message through', () => {
    expect(toApiError(new ConsoleError(404, 'TOPIC_NOT_FOUND', 'no topic "T"'))).toEqual({
      status: 404,
      body: { error: { code: 'TOPIC_NOT_FOUND', message: 'no topic "T"' } },
    });
    expect(toApiError(new ConsoleError(503, 'NAMESRV_DOWN', 'no name server answered')).status).toBe(503);
  });

  it('hides anything else behind a generic 500', () => {
    const { status, body } = toApiError(new Error('ECONNRESET at secret-host:1234'));
    expect(status).toBe(500);
    expect(body.error.code).toBe('INTERNAL');
    expect(body.error.message).not.toContain('secret-host');
    expect(toApiError('a string').status).toBe(500);
    expect(toApiError(undefined).status).toBe(500);
  });
});

describe('parseJsonBody', () => {
  const put = (body: string) => new Request('http://x/api', { method: 'PUT', body, headers: { 'content-type': 'application/json' } });

  it('returns the parsed, normalised body', async () => {
    await expect(parseJsonBody(put('{"namesrvAddr":" a:1 ; b:2 "}'), namesrvSettingInputSchema)).resolves.toEqual({ namesrvAddr: 'a:1;b:2' });
  });

  it('maps a non-JSON body to 400', async () => {
    const err = await parseJsonBody(put('{oops'), namesrvSettingInputSchema).catch((e: unknown) => e);
    expect(toApiError(err)).toMatchObject({ status: 400, body: { error: { code: 'BAD_JSON' } } });
  });

  it('maps a body not sent as JSON to 415', async () => {
    const form = new Request('http://x/api', { method: 'PUT', body: 'namesrvAddr=a:1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const err = await parseJsonBody(form, namesrvSettingInputSchema).catch((e: unknown) => e);
    expect(toApiError(err)).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    const charset = new Request('http://x/api', { method: 'PUT', body: '{"namesrvAddr":"a:1"}', headers: { 'content-type': 'application/json; charset=utf-8' } });
    await expect(parseJsonBody(charset, namesrvSettingInputSchema)).resolves.toEqual({ namesrvAddr: 'a:1' });
  });

  it('maps a body of the wrong shape to 422', async () => {
    const err = await parseJsonBody(put('{"namesrv":"a:1"}'), namesrvSettingInputSchema).catch((e: unknown) => e);
    expect(toApiError(err).status).toBe(422);
  });
});

describe('parseSearchParams', () => {
  it('validates query parameters', () => {
    const schema = z.object({ topic: z.string().min(1), limit: z.coerce.number().int().max(100).default(20) });
    expect(parseSearchParams('http://x/api?topic=T', schema)).toEqual({ topic: 'T', limit: 20 });
    expect(() => parseSearchParams('http://x/api?limit=500', schema)).toThrow(z.ZodError);
  });
});

describe('assertSameOrigin', () => {
  const req = (method: string, headers: Record<string, string>) => new Request('http://127.0.0.1:3000/api/settings/namesrv', { method, headers });

  it('lets reads, same-origin changes and non-browser clients through', () => {
    expect(() => assertSameOrigin(req('GET', { origin: 'http://evil.example', host: '127.0.0.1:3000' }))).not.toThrow();
    expect(() => assertSameOrigin(req('PUT', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }))).not.toThrow();
    expect(() => assertSameOrigin(req('PUT', { host: '127.0.0.1:3000' }))).not.toThrow();
  });

  it('refuses a change from another origin with 403', () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:3001', 'null']) {
      const err = (() => {
        try {
          assertSameOrigin(req('PUT', { origin, host: '127.0.0.1:3000' }));
        } catch (e) {
          return e;
        }
      })();
      expect(toApiError(err)).toMatchObject({ status: 403, body: { error: { code: 'CROSS_ORIGIN' } } });
    }
  });
});

describe('toApiError for cluster answers', () => {
  it('maps a missing topic to 404 and other broker answers to 502', async () => {
    const { BrokerError, RemotingConnectError } = await import('../common/errors');
    expect(toApiError(new BrokerError(17, 'No topic route info'))).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(toApiError(new BrokerError(1, 'boom'))).toMatchObject({ status: 502, body: { error: { code: 'BROKER_ERROR', message: 'the cluster answered: boom' } } });
    expect(toApiError(new RemotingConnectError('connect to x failed'))).toMatchObject({ status: 503, body: { error: { code: 'CLUSTER_UNREACHABLE' } } });
  });
});
