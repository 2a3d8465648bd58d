import { describe, expect, it } from 'vitest';
import type { MessageExt } from '../impl/message';
import { IdempotentFilter } from './idempotent';

const msg = (msgId: string) => ({ msgId }) as MessageExt;

describe('IdempotentFilter', () => {
  it('runs a key once, and again after a failure', async () => {
    const f = new IdempotentFilter();
    let runs = 0;
    expect(await f.process(msg('a'), () => void runs++)).toBe(true);
    expect(await f.process(msg('a'), () => void runs++)).toBe(false);
    await expect(f.process(msg('b'), () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await f.process(msg('b'), () => void runs++)).toBe(true);
    expect(runs).toBe(2);
  });

  it('does not run a key twice concurrently', async () => {
    const f = new IdempotentFilter();
    let runs = 0;
    const slow = () => new Promise<void>((r) => setTimeout(() => (runs++, r()), 20));
    const res = await Promise.all([f.process(msg('a'), slow), f.process(msg('a'), slow)]);
    expect(res.sort()).toEqual([false, true]);
    expect(runs).toBe(1);
  });

  it('forgets by count and by age', () => {
    let now = 0;
    const f = new IdempotentFilter({ maxKeys: 3, ttlMs: 1000, now: () => now });
    for (const k of ['a', 'b', 'c', 'd']) f.markDone(k);
    expect(f.size).toBe(3);
    expect(f.isDuplicate('a')).toBe(false);
    expect(f.isDuplicate('d')).toBe(true);
    now = 2000;
    expect(f.isDuplicate('d')).toBe(false);
    expect(f.size).toBe(0);
  });

  it('can key by business key', async () => {
    const f = new IdempotentFilter({ keyOf: (m) => m.keys[0] });
    const mk = (id: string, key: string) => ({ msgId: id, keys: [key] }) as unknown as MessageExt;
    expect(await f.process(mk('1', 'order-9'), () => {})).toBe(true);
    expect(await f.process(mk('2', 'order-9'), () => {})).toBe(false);
  });
});
