/**
 * Server-side sessions, in memory: an opaque random id (the HttpOnly cookie) maps to the user, the role and
 * a CSRF token bound to the session. Sessions end after `idleMs` without use or `absoluteMs` after login.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from './users';

export interface Session {
  id: string;
  user: string;
  role: Role;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface SessionStoreOptions {
  idleMs?: number;
  absoluteMs?: number;
  maxSessions?: number;
  now?: () => number;
}

export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;
export const DEFAULT_SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(opts: SessionStoreOptions = {}) {
    this.idleMs = opts.idleMs ?? DEFAULT_SESSION_IDLE_MS;
    this.absoluteMs = opts.absoluteMs ?? DEFAULT_SESSION_ABSOLUTE_MS;
    this.maxSessions = opts.maxSessions ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.sessions.size;
  }

  create(user: string, role: Role): Session {
    this.prune();
    if (this.sessions.size >= this.maxSessions) {
      // Drop the oldest: a flood of logins must not grow memory without bound.
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const now = this.now();
    const session: Session = {
      id: randomToken(32),
      user,
      role,
      csrfToken: randomToken(32),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: Math.min(now + this.idleMs, now + this.absoluteMs),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session for this id (its idle timer restarted), or undefined when unknown or expired. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const now = this.now();
    if (now >= s.expiresAt) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeenAt = now;
    s.expiresAt = Math.min(now + this.idleMs, s.createdAt + this.absoluteMs);
    return s;
  }

  destroy(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** Ends every session of a user (e.g. when the users file drops them). */
  destroyUser(user: string): void {
    for (const [id, s] of this.sessions) if (s.user === user) this.sessions.delete(id);
  }

  prune(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (now >= s.expiresAt) this.sessions.delete(id);
  }
}
