import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashSessionId } from './session-file';
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

describe('SessionStore with a file', () => {
  const dir = () => mkdtempSync(path.join(tmpdir(), 'orbit-sessions-'));

  it('keeps sessions across a restart, stores only id hashes (0600), and logouts stick', () => {
    const file = path.join(dir(), 'console', 'sessions.json');
    const first = new SessionStore({ file });
    const a = first.create('ada', 'admin');
    const b = first.create('vic', 'viewer');
    first.flush();
    expect(new SessionStore({ file }).get(b.id)).toBeDefined();
    first.destroy(b.id);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(a.id);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = new SessionStore({ file });
    expect(second.get(a.id)).toMatchObject({ id: a.id, user: 'ada', role: 'admin', csrfToken: a.csrfToken });
    expect(second.get(b.id)).toBeUndefined();
    expect(second.get(hashSessionId(a.id))).toBeUndefined();
  });
  it('drops sessions expired while it was down', () => {
    const c = clock();
    const file = path.join(dir(), 'sessions.json');
    const first = new SessionStore({ file, idleMs: 1000, now: c.now });
    const a = first.create('ada', 'admin');
    c.t += 500;
    const live = first.create('ada', 'admin');
    first.flush();
    c.t += 600;
    const second = new SessionStore({ file, idleMs: 1000, now: c.now });
    expect(second.get(a.id)).toBeUndefined();
    expect(second.get(live.id)).toBeDefined();
    expect(second.size).toBe(1);
  });
  it('writes idle-timer restarts later, and on flush', () => {
    const c = clock();
    const file = path.join(dir(), 'sessions.json');
    const first = new SessionStore({ file, idleMs: 1000, now: c.now, saveDelayMs: 60_000 });
    const a = first.create('ada', 'admin');
    c.t += 900;
    first.get(a.id);
    first.flush();
    c.t += 900;
    expect(new SessionStore({ file, idleMs: 1000, now: c.now }).get(a.id)).toBeDefined();
  });
  it('starts empty (and works) when the file is torn or garbage', () => {
    for (const junk of ['{"version":1,"sessions":[{"idHash":"x"', 'not json at all', '{"version":2,"sessions":[]}', '']) {
      const file = path.join(dir(), 'sessions.json');
      writeFileSync(file, junk);
      const s = new SessionStore({ file });
      expect(s.size).toBe(0);
      const a = s.create('ada', 'admin');
      s.flush();
      expect(new SessionStore({ file }).get(a.id)).toBeDefined();
    }
  });
});
