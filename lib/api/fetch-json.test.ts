import { describe, expect, it } from 'vitest';
import { ApiRequestError, readCsrfToken, toApiRequestError } from './fetch-json';

describe('toApiRequestError', () => {
  it('reads the API error body', async () => {
    const res = Response.json(
      { error: { code: 'VALIDATION_FAILED', message: 'namesrvAddr: bad', issues: [{ path: 'namesrvAddr', message: 'bad' }] } },
      { status: 422 },
    );
    const err = await toApiRequestError(res);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(err).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', message: 'namesrvAddr: bad' });
    expect(err.issues).toEqual([{ path: 'namesrvAddr', message: 'bad' }]);
  });
  it('falls back to the status line for a body that is not the API shape', async () => {
    const err = await toApiRequestError(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(err).toMatchObject({ status: 502, code: 'HTTP_ERROR', message: 'request failed: 502 Bad Gateway' });
  });
});

describe('readCsrfToken', () => {
  it('finds the console CSRF cookie among others', () => {
    expect(readCsrfToken('a=1; orbit_csrf=abc-_%3D; b=2')).toBe('abc-_=');
    expect(readCsrfToken('a=1')).toBeUndefined();
    expect(readCsrfToken('')).toBeUndefined();
  });
});
