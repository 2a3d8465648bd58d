import { beforeAll, describe, expect, it } from 'vitest';
import { createAuthState, type ConsoleAuthState } from './auth-state';
import { gateRequest } from './gate';
import { hashPassword } from './password';

let state: ConsoleAuthState;
beforeAll(async () => {
  state = createAuthState({
    users: [{ name: 'ada', role: 'admin', password: await hashPassword('pw', { N: 1024, r: 8, p: 1 }) }],
    metricsToken: 'metrics-token-0123456789',
  });
});

const get = (url: string, headers: { cookie?: string; authorization?: string } = {}, method = 'GET') => gateRequest(state, { method, url, headers });

describe('gateRequest', () => {
  it('passes everything in open mode', () => {
    expect(gateRequest(createAuthState(undefined), { url: '/topics', headers: {} })).toEqual({ kind: 'pass' });
  });
  it('sends pages without a session to /login, keeping where they were going', () => {
    expect(get('/')).toEqual({ kind: 'redirect', location: '/login' });
    expect(get('/topics?q=a')).toEqual({ kind: 'redirect', location: '/login?next=%2Ftopics%3Fq%3Da' });
    expect(get('/audit/', { cookie: 'orbit_session=forged' })).toMatchObject({ kind: 'redirect' });
  });
  it('answers API calls without a session with 401', () => {
    expect(get('/api/topics')).toMatchObject({ kind: 'deny', status: 401 });
    expect(get('/api/topics', {}, 'POST')).toMatchObject({ kind: 'deny', status: 401 });
    expect(get('/topics', {}, 'POST')).toMatchObject({ kind: 'deny', status: 401 });
  });
  it('leaves the login, the session probe and static assets open', () => {
    for (const u of ['/login', '/login?next=/x', '/api/auth/login', '/api/auth/session', '/_next/static/chunks/a.js', '/favicon.ico']) {
      expect(get(u)).toEqual({ kind: 'pass' });
    }
    expect(get('/_next/static/../../api/topics')).toMatchObject({ kind: 'deny' });
    expect(get('/api/auth/logout', {}, 'POST')).toMatchObject({ kind: 'deny' });
  });
  it('passes a live session', () => {
    const s = state.sessions.create('ada', 'admin');
    expect(get('/topics', { cookie: `orbit_session=${s.id}` })).toEqual({ kind: 'pass' });
    expect(get('/api/topics', { cookie: `orbit_session=${s.id}` }, 'POST')).toEqual({ kind: 'pass' });
  });
  it('wants the bearer token (or a session) for /metrics', () => {
    expect(get('/metrics')).toMatchObject({ kind: 'deny', status: 401, headers: { 'www-authenticate': expect.stringContaining('Bearer') } });
    expect(get('/metrics', { authorization: 'Bearer wrong' })).toMatchObject({ kind: 'deny' });
    expect(get('/metrics', { authorization: 'Bearer metrics-token-0123456789' })).toEqual({ kind: 'pass' });
  });
});
