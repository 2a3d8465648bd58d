import { describe, expect, it } from 'vitest';
import { SessionStore } from './session-store';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('SessionStore', () => {
  it('creates opaque random sessions with their own CSRF token', () => {
    const s = new SessionStore();
    const a = s.create('alice', 'admin');
    const b = s.create('alice', 'admin');
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.csrfToken).not.toBe(a.id);
    expect(s.get(a.id)).toMatchObject({ user: 'alice', role: 'admin' });
    expect(s.get('forged')).toBeUndefined();
    expect(s.get(undefined)).toBeUndefined();
  });
  it('expires after the idle time, and use keeps it alive', () => {
    const c = clock();
    const s = new SessionStore({ idleMs: 1000, absoluteMs: 10_000, now: c.now });
    const a = s.create('a', 'viewer');
    c.t += 900;
    expect(s.get(a.id)).toBeDefined();
    c.t += 900;
    expect(s.get(a.id)).toBeDefined();
    c.t += 1000;
    expect(s.get(a.id)).toBeUndefined();
    expect(s.size).toBe(0);
  });
  it('expires at the absolute limit however busy', () => {
    const c = clock();
    const s = new SessionStore({ idleMs: 1000, absoluteMs: 2500, now: c.now });
    const a = s.create('a', 'viewer');
    for (let i = 0; i < 4; i++) {
      c.t += 600;
      expect(s.get(a.id)).toBeDefined();
    }
    c.t += 600;
    expect(s.get(a.id)).toBeUndefined();
  });
  it('destroys sessions, per id and per user, and bounds their number', () => {
    const s = new SessionStore({ maxSessions: 2 });
    const a = s.create('a', 'admin');
    const b = s.create('b', 'admin');
    s.destroy(a.id);
    expect(s.get(a.id)).toBeUndefined();
    s.destroyUser('b');
    expect(s.get(b.id)).toBeUndefined();
    const x = s.create('x', 'viewer');
    s.create('y', 'viewer');
    s.create('z', 'viewer');
    expect(s.size).toBe(2);
    expect(s.get(x.id)).toBeUndefined();
  });
});
