import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../common/errors';
import { hashPassword } from './password';
import { loadUsersFile, parseUsersConfig } from './users';

let hash: string;
beforeAll(async () => {
  hash = await hashPassword('pw', { N: 1024, r: 8, p: 1 });
});

describe('users file', () => {
  it('reads JSON', () => {
    const cfg = parseUsersConfig(JSON.stringify({ users: [{ name: 'alice', role: 'admin', password: hash }] }));
    expect(cfg.users).toEqual([{ name: 'alice', role: 'admin', password: hash }]);
  });
  it('reads YAML, with a metrics token', () => {
    const cfg = parseUsersConfig(`users:\n  - name: bob\n    role: viewer\n    password: '${hash}'\nmetricsToken: 0123456789abcdef0123\n`);
    expect(cfg.users[0]).toMatchObject({ name: 'bob', role: 'viewer' });
    expect(cfg.metricsToken).toBe('0123456789abcdef0123');
  });
  it('says what is wrong', () => {
    expect(() => parseUsersConfig('{ not json')).toThrow(ConfigError);
    expect(() => parseUsersConfig(JSON.stringify({ users: [{ name: 'a', role: 'root', password: hash }] }))).toThrow(/users\.0\.role/);
    expect(() => parseUsersConfig(JSON.stringify({ users: [{ name: 'a', role: 'admin', password: 'secret' }] }))).toThrow(/hash-password/);
    expect(() =>
      parseUsersConfig(JSON.stringify({ users: [{ name: 'a', role: 'admin', password: hash }, { name: 'a', role: 'viewer', password: hash }] })),
    ).toThrow(/listed twice/);
    expect(() => parseUsersConfig(JSON.stringify({ users: [{ name: 'a b', role: 'admin', password: hash }] }))).toThrow(/letters/);
  });
  it('loads a file and names a missing one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'orbit-users-'));
    const file = path.join(dir, 'users.yaml');
    writeFileSync(file, `users: [{ name: carol, role: admin, password: '${hash}' }]\n`);
    expect(loadUsersFile(file).users[0].name).toBe('carol');
    expect(() => loadUsersFile(path.join(dir, 'nope.json'))).toThrow(/cannot read the users file .*ENOENT/);
  });
});
