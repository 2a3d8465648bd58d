/**
 * Console passwords: scrypt (node:crypto) hashes written as `scrypt$N$r$p$salt$hash`, salt and hash in
 * base64url. `orbit console hash-password` prints one for the users file.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^15, 8, 1: about 32 MiB and a few tens of milliseconds per check. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const MAX_N = 2 ** 20;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

function maxmem(params: ScryptParams): number {
  return 128 * params.N * params.r * (params.p + 1) + 1024 * 1024;
}

export interface ParsedHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

/** Parses `scrypt$N$r$p$salt$hash`; throws with the reason when the text is not one. */
export function parsePasswordHash(encoded: string): ParsedHash {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw new Error('password hash must look like scrypt$N$r$p$salt$hash');
  const [N, r, p] = parts.slice(1, 4).map((x) => Number(x));
  if (!Number.isInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0) throw new Error('scrypt N must be a power of two up to 2^20');
  if (!Number.isInteger(r) || r < 1 || r > 64) throw new Error('scrypt r must be 1..64');
  if (!Number.isInteger(p) || p < 1 || p > 16) throw new Error('scrypt p must be 1..16');
  const salt = Buffer.from(parts[4], 'base64url');
  const hash = Buffer.from(parts[5], 'base64url');
  if (salt.length < 8) throw new Error('scrypt salt is too short');
  if (hash.length < 16) throw new Error('scrypt hash is too short');
  return { N, r, p, salt, hash };
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  if (password.length === 0) throw new Error('the password is empty');
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...params, maxmem: maxmem(params) });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `encoded`; false (never a throw) for a malformed hash. Constant-time compare. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  let parsed: ParsedHash;
  try {
    parsed = parsePasswordHash(encoded);
  } catch {
    return false;
  }
  const key = await scrypt(password, parsed.salt, parsed.hash.length, { N: parsed.N, r: parsed.r, p: parsed.p, maxmem: maxmem(parsed) });
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}
