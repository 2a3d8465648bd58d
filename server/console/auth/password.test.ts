import { describe, expect, it } from 'vitest';
import { hashPassword, parsePasswordHash, verifyPassword } from './password';

const FAST = { N: 1024, r: 8, p: 1 };

describe('console passwords', () => {
  it('hashes to scrypt$N$r$p$salt$hash and verifies', async () => {
    const h = await hashPassword('correct horse', FAST);
    expect(h).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('correct horsE', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });
  it('salts every hash', async () => {
    expect(await hashPassword('same', FAST)).not.toBe(await hashPassword('same', FAST));
  });
  it('uses strong defaults', async () => {
    const h = await hashPassword('pw');
    expect(parsePasswordHash(h)).toMatchObject({ N: 32768, r: 8, p: 1 });
    expect(await verifyPassword('pw', h)).toBe(true);
  });
  it('never accepts a malformed hash', async () => {
    for (const bad of ['', 'plain', 'scrypt$1024$8$1$c2FsdHNhbHQ', 'bcrypt$1$2$3$4$5', 'scrypt$1000$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA', 'scrypt$1024$8$1$$']) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
    expect(() => parsePasswordHash('scrypt$1000$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toThrow(/power of two/);
    expect(() => parsePasswordHash('scrypt$4194304$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toThrow(/power of two up to/);
  });
  it('refuses to hash an empty password', async () => {
    await expect(hashPassword('', FAST)).rejects.toThrow(/empty/);
  });
});
