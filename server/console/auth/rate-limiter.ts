/**
 * Login throttling: failures are counted per key (`ip:…`, `user:…`) in a sliding window. Reaching the limit
 * locks the key; each further lock-out of the same key doubles the lock (backoff), up to `maxLockMs`.
 */
export interface RateLimitRule {
  /** Failures allowed in `windowMs` before the key is locked. */
  limit: number;
  windowMs: number;
  /** First lock-out; doubled on each repeat. */
  lockMs: number;
  maxLockMs: number;
}

export interface RateLimitVerdict {
  allowed: boolean;
  /** When not allowed: how long until the next try may go through. */
  retryAfterMs: number;
}

interface KeyState {
  failures: number[];
  lockedUntil: number;
  lockouts: number;
  lastActivity: number;
}

export class RateLimiter {
  private readonly keys = new Map<string, KeyState>();
  private readonly now: () => number;

  constructor(
    private readonly rule: RateLimitRule,
    now: () => number = Date.now,
  ) {
    this.now = now;
  }

  check(key: string): RateLimitVerdict {
    const s = this.keys.get(key);
    const now = this.now();
    if (s && s.lockedUntil > now) return { allowed: false, retryAfterMs: s.lockedUntil - now };
    return { allowed: true, retryAfterMs: 0 };
  }

  recordFailure(key: string): RateLimitVerdict {
    const now = this.now();
    this.sweep(now);
    let s = this.keys.get(key);
    if (!s) {
      s = { failures: [], lockedUntil: 0, lockouts: 0, lastActivity: now };
      this.keys.set(key, s);
    }
    s.lastActivity = now;
    s.failures = s.failures.filter((t) => now - t < this.rule.windowMs);
    s.failures.push(now);
    if (s.failures.length >= this.rule.limit) {
      const lock = Math.min(this.rule.lockMs * 2 ** s.lockouts, this.rule.maxLockMs);
      s.lockouts++;
      s.lockedUntil = now + lock;
      s.failures = [];
      return { allowed: false, retryAfterMs: lock };
    }
    return { allowed: true, retryAfterMs: 0 };
  }

  /** A success clears the key's failures and its backoff. */
  reset(key: string): void {
    this.keys.delete(key);
  }

  /** Forgets keys idle for longer than the longest lock, so memory stays bounded. */
  private sweep(now: number): void {
    if (this.keys.size < 1000) return;
    const horizon = Math.max(this.rule.maxLockMs, this.rule.windowMs) * 2;
    for (const [k, s] of this.keys) if (s.lockedUntil <= now && now - s.lastActivity > horizon) this.keys.delete(k);
  }
}

/** Per user name: 5 failures a minute, then 1 min, 2 min, 4 min … up to 15 min. */
export const USER_LOGIN_RULE: RateLimitRule = { limit: 5, windowMs: 60_000, lockMs: 60_000, maxLockMs: 15 * 60_000 };
/** Per client address: looser, since people behind one NAT share it. */
export const IP_LOGIN_RULE: RateLimitRule = { limit: 20, windowMs: 60_000, lockMs: 60_000, maxLockMs: 15 * 60_000 };
