import { describe, expect, it } from 'vitest';
import { localIPv4 } from './client-config';
import { createUniqId, uniqIdIp, uniqIdTimestamp } from './uniq-id';

describe('createUniqId (MessageClientIDSetter layout)', () => {
  it('is 32 uppercase hex characters with a fixed 20-character prefix', () => {
    const a = createUniqId();
    const b = createUniqId();
    expect(a).toMatch(/^[0-9A-F]{32}$/);
    expect(a.slice(0, 20)).toBe(b.slice(0, 20));
    expect(a).not.toBe(b);
  });

  it('encodes the IPv4 address and the pid', () => {
    const id = createUniqId();
    expect(uniqIdIp(id)).toBe(localIPv4());
    expect(parseInt(id.slice(8, 12), 16)).toBe(process.pid & 0xffff);
  });

  it('encodes the time since the start of the month', () => {
    const now = Date.now();
    expect(Math.abs(uniqIdTimestamp(createUniqId(now), now) - now)).toBeLessThan(2);
    const t = new Date(2026, 0, 15, 12).getTime();
    expect(uniqIdTimestamp(createUniqId(t), t)).toBe(t);
  });

  it('does not repeat over many ids', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => createUniqId()));
    expect(ids.size).toBe(20_000);
  });
});
