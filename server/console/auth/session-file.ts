/**
 * Sessions on disk, so a console restart does not log everyone out: `<console data dir>/sessions.json`,
 * mode 0600, written whole to a temporary file and renamed (a crash leaves the old file or the new one).
 *
 * Only a SHA-256 of each session id is stored, never the cookie value: whoever reads the file cannot replay
 * a session. A file that is torn, garbage or of another version is ignored (with a warning): the console
 * starts with no sessions, as it did before sessions were kept.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { logger } from '../../common/logger';

export const SESSIONS_FILE = 'sessions.json';

const log = logger.child({ module: 'console-sessions' });

export interface StoredSession {
  /** base64url SHA-256 of the session id. */
  idHash: string;
  user: string;
  role: 'admin' | 'viewer';
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

const storedSchema = z.object({
  version: z.literal(1),
  sessions: z.array(
    z.object({
      idHash: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
      user: z.string().min(1),
      role: z.enum(['admin', 'viewer']),
      csrfToken: z.string().min(16),
      createdAt: z.number().finite(),
      lastSeenAt: z.number().finite(),
      expiresAt: z.number().finite(),
    }),
  ),
});

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/** The stored sessions, or [] (with a warning) when the file is missing, torn or not ours. */
export function loadSessionFile(file: string): StoredSession[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err, file }, 'cannot read the sessions file; starting with no sessions');
    return [];
  }
  try {
    return storedSchema.parse(JSON.parse(text)).sessions;
  } catch (err) {
    log.warn({ file, err: err instanceof Error ? err.message.slice(0, 200) : String(err) }, 'the sessions file is damaged; starting with no sessions');
    return [];
  }
}

export function saveSessionFile(file: string, sessions: StoredSession[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, sessions }), { mode: 0o600 });
  // The mode option does not apply to an existing file; a leftover temporary one must not stay readable.
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
