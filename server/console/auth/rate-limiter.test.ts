import { describe, expect, it } from 'vitest';
import { RateLimiter, USER_LOGIN_RULE } from './rate-limiter';

describe('RateLimiter', () => {
  it('locks a key after 5 failures a minute, with doubling backoff', () => {
    const c = { t: 0 };
    const rl = new RateLimiter(USER_LOGIN_RULE, () => c.t);
    for (let i = 0; i < 4; i++) expect(rl.recordFailure('user:a').allowed).toBe(true);
    expect(rl.check('user:a').allowed).toBe(true);
    expect(rl.recordFailure('user:a')).toEqual({ allowed: false, retryAfterMs: 60_000 });
    expect(rl.check('user:a')).toEqual({ allowed: false, retryAfterMs: 60_000 });
    expect(rl.check('user:b').allowed).toBe(true);
    c.t += 30_000;
    expect(rl.check('user:a').retryAfterMs).toBe(30_000);
    c.t += 30_000;
    expect(rl.check('user:a').allowed).toBe(true);
    for (let i = 0; i < 4; i++) rl.recordFailure('user:a');
    expect(rl.recordFailure('user:a').retryAfterMs).toBe(120_000);
    c.t += 120_000;
    for (let i = 0; i < 4; i++) rl.recordFailure('user:a');
    expect(rl.recordFailure('user:a').retryAfterMs).toBe(240_000);
  });
  it('counts failures in a sliding window', () => {
    const c = { t: 0 };
    const rl = new RateLimiter(USER_LOGIN_RULE, () => c.t);
    for (let i = 0; i < 4; i++) rl.recordFailure('k');
    c.t += 61_000;
    expect(rl.recordFailure('k').allowed).toBe(true);
  });
  it('caps the lock and forgets a key on reset', () => {
    const c = { t: 0 };
    const rl = new RateLimiter({ limit: 1, windowMs: 1000, lockMs: 1000, maxLockMs: 3000 }, () => c.t);
    const locks = [];
    for (let i = 0; i < 4; i++) {
      locks.push(rl.recordFailure('k').retryAfterMs);
      c.t += 10_000;
    }
    expect(locks).toEqual([1000, 2000, 3000, 3000]);
    rl.recordFailure('k');
    rl.reset('k');
    expect(rl.check('k').allowed).toBe(true);
    expect(rl.recordFailure('k').retryAfterMs).toBe(1000);
  });
});
