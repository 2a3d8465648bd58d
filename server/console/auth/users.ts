/**
 * The console's users file (`--users FILE` / ORBIT_CONSOLE_USERS), JSON or YAML:
 *
 *   users:
 *     - { name: alice, role: admin,  password: 'scrypt$32768$8$1$…$…' }
 *     - { name: bob,   role: viewer, password: 'scrypt$…' }
 *   metricsToken: 'a long random string'   # optional: `Authorization: Bearer …` for GET /metrics
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../common/errors';
import { parsePasswordHash } from './password';

export const ROLES = ['viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ConsoleUser {
  name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash`. */
  password: string;
}

export interface UsersConfig {
  users: ConsoleUser[];
  metricsToken?: string;
}

const userSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._@-]+$/, 'user names are letters, digits and . _ @ -'),
  role: z.enum(ROLES),
  password: z.string().superRefine((v, ctx) => {
    try {
      parsePasswordHash(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `${(err as Error).message} (make one with \`orbit console hash-password\`)` });
    }
  }),
});

const usersConfigSchema = z
  .object({
    users: z.array(userSchema),
    metricsToken: z.string().min(16, 'metricsToken must be at least 16 characters').optional(),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.users.forEach((u, i) => {
      if (seen.has(u.name)) ctx.addIssue({ code: 'custom', path: ['users', i, 'name'], message: `user "${u.name}" is listed twice` });
      seen.add(u.name);
    });
  });

/** Parses the text of a users file (JSON when it parses as JSON, YAML otherwise). */
export function parseUsersConfig(text: string, source = 'users file'): UsersConfig {
  let raw: unknown;
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${source}: not valid JSON or YAML: ${(err as Error).message}`);
  }
  const parsed = usersConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`${source}: ${first.path.map(String).join('.') || '(root)'}: ${first.message}`);
  }
  return parsed.data;
}

export function loadUsersFile(file: string): UsersConfig {
  const resolved = path.resolve(/* turbopackIgnore: true */ file);
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read the users file ${resolved}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseUsersConfig(text, resolved);
}
