/**
 * Server-side sessions: an opaque random id (the HttpOnly cookie) maps to the user, the role and a CSRF
 * token bound to the session. Sessions end after `idleMs` without use or `absoluteMs` after login.
 *
 * The map is keyed by a hash of the id, so the optional file (`file`, see session-file.ts) that keeps
 * sessions across restarts never holds a cookie value. Logouts are written at once (an ended session must
 * not come back); logins and the idle timer's restarts within `saveDelayMs`, and on `flush` (a clean stop):
 * a crash loses at most that much.
 */
import { randomBytes } from 'node:crypto';
import { hashSessionId, loadSessionFile, saveSessionFile, type StoredSession } from './session-file';
import type { Role } from './users';

export interface Session {
  /** The cookie value; known for sessions created or presented since this process started. */
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
  /** Where to keep sessions across restarts; none: memory only. */
  file?: string;
  saveDelayMs?: number;
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
  private readonly file?: string;
  private readonly saveDelayMs: number;
  private saveTimer?: NodeJS.Timeout;

  constructor(opts: SessionStoreOptions = {}) {
    this.idleMs = opts.idleMs ?? DEFAULT_SESSION_IDLE_MS;
    this.absoluteMs = opts.absoluteMs ?? DEFAULT_SESSION_ABSOLUTE_MS;
    this.maxSessions = opts.maxSessions ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.file = opts.file;
    this.saveDelayMs = opts.saveDelayMs ?? 5_000;
    if (this.file) this.load(this.file);
  }

  private load(file: string): void {
    const now = this.now();
    const stored = loadSessionFile(file).sort((a, b) => a.createdAt - b.createdAt);
    for (const s of stored.slice(-this.maxSessions)) {
      // The limits in force now apply, not those of the process that wrote the file.
      const expiresAt = Math.min(s.expiresAt, s.lastSeenAt + this.idleMs, s.createdAt + this.absoluteMs);
      if (now >= expiresAt) continue;
      this.sessions.set(s.idHash, { id: '', user: s.user, role: s.role, csrfToken: s.csrfToken, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt });
    }
  }

  /** Writes the sessions now (no-op without a file). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.file) return;
    const out: StoredSession[] = [];
    for (const [idHash, s] of this.sessions) out.push({ idHash, user: s.user, role: s.role, csrfToken: s.csrfToken, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt });
    saveSessionFile(this.file, out);
  }

  private saveSoon(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), this.saveDelayMs);
    this.saveTimer.unref();
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
    const id = randomToken(32);
    const session: Session = {
      id,
      user,
      role,
      csrfToken: randomToken(32),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: Math.min(now + this.idleMs, now + this.absoluteMs),
    };
    this.sessions.set(hashSessionId(id), session);
    // Written soon, not now: with thousands of sessions a write per login would stall every request.
    this.saveSoon();
    return session;
  }

  /** The live session for this id (its idle timer restarted), or undefined when unknown or expired. */
  /**
   * The live session for this id, or undefined when unknown or expired. Its idle timer restarts unless
   * `touch` is false (a request that is being refused anyway must not keep a session alive).
   */
  get(id: string | undefined, touch = true): Session | undefined {
    if (!id) return undefined;
    const key = hashSessionId(id);
    const s = this.sessions.get(key);
    if (!s) return undefined;
    const now = this.now();
    if (now >= s.expiresAt) {
      this.sessions.delete(key);
      this.saveSoon();
      return undefined;
    }
    s.id = id;
    if (touch) {
      s.lastSeenAt = now;
      s.expiresAt = Math.min(now + this.idleMs, s.createdAt + this.absoluteMs);
      this.saveSoon();
    }
    return s;
  }

  destroy(id: string | undefined): void {
    if (id && this.sessions.delete(hashSessionId(id))) this.flush();
  }

  /** Ends every session of a user (e.g. when the users file drops them). */
  destroyUser(user: string): void {
    let changed = false;
    for (const [key, s] of this.sessions) if (s.user === user) changed = this.sessions.delete(key) || changed;
    if (changed) this.flush();
  }

  prune(): void {
    const now = this.now();
    for (const [key, s] of this.sessions) if (now >= s.expiresAt) this.sessions.delete(key);
  }
}
