import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../common/errors';
import { prepareConsoleAuth, runConsole } from './console-command';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('console start-up without users', () => {
  it('runs open on loopback', () => {
    expect(prepareConsoleAuth('127.0.0.1', undefined)).toEqual({ mode: 'open', users: undefined });
  });
  it('refuses a non-loopback address', async () => {
    await expect(runConsole({ host: '0.0.0.0', port: 0, embedded: false, dev: false })).rejects.toThrow(ConfigError);
    await expect(runConsole({ host: '0.0.0.0', port: 0, embedded: false, dev: false })).rejects.toThrow(/refusing to serve the console on 0\.0\.0\.0 without users/);
  });
  it('refuses an empty or unreadable users file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'orbit-cli-users-'));
    writeFileSync(path.join(dir, 'empty.json'), '{"users": []}');
    expect(() => prepareConsoleAuth('0.0.0.0', path.join(dir, 'empty.json'))).toThrow(/no users/);
    expect(() => prepareConsoleAuth('0.0.0.0', path.join(dir, 'missing.json'))).toThrow(/cannot read the users file/);
  });
  it('`orbit console --host 0.0.0.0` exits non-zero and says why', () => {
    const env = { ...process.env, ORBIT_CONSOLE_USERS: '', ORBIT_LOG_LEVEL: 'silent' };
    const r = spawnSync(process.execPath, ['bin/orbit.js', 'console', '--host', '0.0.0.0', '--port', '0', '--namesrv', '127.0.0.1:9'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/orbit console: refusing to serve the console on 0\.0\.0\.0 without users.*--users FILE/);
    expect(r.stdout).not.toMatch(/listening/);
  });
  it('`orbit console hash-password` prints a scrypt hash of stdin', () => {
    const r = spawnSync(process.execPath, ['bin/orbit.js', 'console', 'hash-password'], { cwd: ROOT, input: 'long enough password\n', encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });
});
