import { beforeAll, describe, expect, it } from 'vitest';
import { createAuthState, type ConsoleAuthState } from './auth-state';
import { authorizeRequest, RateLimitedError } from './authorize';
import { csrfTokenMatches } from './csrf';
import { login } from './login';
import { hashPassword } from './password';
import { OPEN_PRINCIPAL } from './principal';

let state: ConsoleAuthState;
beforeAll(async () => {
  const opts = { N: 1024, r: 8, p: 1 };
  state = createAuthState({
    users: [
      { name: 'ada', role: 'admin', password: await hashPassword('admin-pw', opts) },
      { name: 'vic', role: 'viewer', password: await hashPassword('viewer-pw', opts) },
    ],
  });
});

function req(method: string, headers: Record<string, string> = {}) {
  return new Request('http://127.0.0.1:3000/api/topics', { method, headers });
}

describe('CSRF token check', () => {
  it('needs the exact token', () => {
    expect(csrfTokenMatches('abc', 'abc')).toBe(true);
    expect(csrfTokenMatches('abc', 'abd')).toBe(false);
    expect(csrfTokenMatches('abc', 'abcd')).toBe(false);
    expect(csrfTokenMatches('abc', null)).toBe(false);
    expect(csrfTokenMatches(undefined, 'abc')).toBe(false);
    expect(csrfTokenMatches('', '')).toBe(false);
  });
});

describe('authorizeRequest', () => {
  it('lets everyone do everything in open mode', () => {
    const open = createAuthState(undefined);
    expect(authorizeRequest(req('POST'), { mutation: true }, open)).toBe(OPEN_PRINCIPAL);
  });
  it('wants a session, the admin role and the CSRF token', async () => {
    expect(() => authorizeRequest(req('GET'), { mutation: false }, state)).toThrow(expect.objectContaining({ httpStatus: 401 }));
    expect(authorizeRequest(req('GET'), { mutation: false, public: true }, state)).toBeUndefined();

    const viewer = await login('vic', 'viewer-pw', '10.0.0.1', state);
    const vc = { cookie: `orbit_session=${viewer.id}`, 'x-orbit-csrf': viewer.csrfToken };
    expect(authorizeRequest(req('GET', vc), { mutation: false }, state)).toMatchObject({ user: 'vic', role: 'viewer' });
    expect(() => authorizeRequest(req('POST', vc), { mutation: true }, state)).toThrow(expect.objectContaining({ httpStatus: 403, code: 'FORBIDDEN' }));
    expect(authorizeRequest(req('POST', vc), { mutation: true, anyRole: true }, state)).toMatchObject({ user: 'vic' });

    const admin = await login('ada', 'admin-pw', '10.0.0.1', state);
    const ac = { cookie: `x=1; orbit_session=${admin.id}` };
    expect(() => authorizeRequest(req('POST', ac), { mutation: true }, state)).toThrow(expect.objectContaining({ httpStatus: 403, code: 'CSRF_TOKEN_INVALID' }));
    expect(() => authorizeRequest(req('POST', { ...ac, 'x-orbit-csrf': viewer.csrfToken }), { mutation: true }, state)).toThrow(
      expect.objectContaining({ code: 'CSRF_TOKEN_INVALID' }),
    );
    expect(authorizeRequest(req('DELETE', { ...ac, 'x-orbit-csrf': admin.csrfToken }), { mutation: true }, state)).toMatchObject({ user: 'ada', role: 'admin' });

    state.sessions.destroy(admin.id);
    expect(() => authorizeRequest(req('GET', ac), { mutation: false }, state)).toThrow(expect.objectContaining({ httpStatus: 401 }));
  });
});

describe('login', () => {
  it('refuses wrong passwords and unknown users alike', async () => {
    await expect(login('ada', 'nope', '10.0.0.2', state)).rejects.toMatchObject({ httpStatus: 401, code: 'BAD_CREDENTIALS' });
    await expect(login('nobody', 'nope', '10.0.0.2', state)).rejects.toMatchObject({ httpStatus: 401, code: 'BAD_CREDENTIALS' });
  });
  it('throttles a user after 5 failures, even with the right password then (429)', async () => {
    for (let i = 0; i < 5; i++) await expect(login('vic', 'wrong', `10.1.0.${i}`, state)).rejects.toMatchObject({ httpStatus: 401 });
    const err = await login('vic', 'viewer-pw', '10.1.0.9', state).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toMatchObject({ httpStatus: 429, retryAfterSec: 60 });
  });
  it('throttles an address after 20 failures across names', async () => {
    for (let i = 0; i < 20; i++) await login(`u${i}`, 'x', '10.9.9.9', state).catch(() => {});
    await expect(login('ada', 'admin-pw', '10.9.9.9', state)).rejects.toMatchObject({ httpStatus: 429 });
    await expect(login('ada', 'admin-pw', '10.9.9.8', state)).resolves.toMatchObject({ user: 'ada' });
  });
  it('is refused in open mode', async () => {
    await expect(login('ada', 'admin-pw', '1.1.1.1', createAuthState(undefined))).rejects.toMatchObject({ httpStatus: 409 });
  });
});

describe('refusals name who was refused', () => {
  it('carries the principal for the audit log', async () => {
    const s = await login('ada', 'admin-pw', '10.7.0.1', state);
    const err = (() => {
      try {
        authorizeRequest(req('POST', { cookie: `orbit_session=${s.id}` }), { mutation: true }, state);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toMatchObject({ code: 'CSRF_TOKEN_INVALID', principal: { user: 'ada', role: 'admin' } });
  });
});
