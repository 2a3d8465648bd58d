import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageQueue } from '../impl/message';
import { javaHashCode, selectMessageQueueByHash, selectMessageQueueByKeyHash, selectMessageQueueByRandom } from './selectors';

const mqs: MessageQueue[] = Array.from({ length: 4 }, (_, i) => ({ topic: 'T', brokerName: 'b', queueId: i }));
const msg = { topic: 'T', body: 'x' };

describe('javaHashCode', () => {
  it('matches Java for strings, ints, longs and booleans', () => {
    expect(javaHashCode('hello')).toBe(99162322);
    expect(javaHashCode('order-1')).toBe(-1207111310);
    expect(javaHashCode(42)).toBe(42);
    expect(javaHashCode(-7)).toBe(-7);
    // Long.hashCode(5_000_000_000L) = (int)(v ^ (v >>> 32)) = 705032704 ^ 1
    expect(javaHashCode(5_000_000_000)).toBe(705032705);
    expect(javaHashCode(-1n)).toBe(0);
    expect(javaHashCode(true)).toBe(1231);
  });
});

describe('selectMessageQueueByHash', () => {
  it('is abs(hash % n), so one key always maps to one queue', () => {
    expect(selectMessageQueueByHash(mqs, msg, 'hello').queueId).toBe(99162322 % 4);
    expect(selectMessageQueueByHash(mqs, msg, 'order-1').queueId).toBe(Math.abs(-1207111310 % 4));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer()), (k) => {
        const a = selectMessageQueueByHash(mqs, msg, k);
        expect(a).toBe(selectMessageQueueByHash(mqs, msg, k));
        expect(mqs).toContain(a);
      }),
    );
  });

  it('refuses an empty list', () => {
    expect(() => selectMessageQueueByHash([], msg, 1)).toThrow(RangeError);
  });
});

describe('selectMessageQueueByKeyHash', () => {
  it('hashes the first message key', () => {
    expect(selectMessageQueueByKeyHash(mqs, { ...msg, keys: ['hello', 'other'] }, undefined)).toBe(selectMessageQueueByHash(mqs, msg, 'hello'));
    expect(selectMessageQueueByKeyHash(mqs, { ...msg, keys: 'hello other' }, undefined)).toBe(selectMessageQueueByHash(mqs, msg, 'hello'));
    expect(() => selectMessageQueueByKeyHash(mqs, msg, undefined)).toThrow();
  });
});

describe('selectMessageQueueByRandom', () => {
  it('returns a queue of the list', () => {
    for (let i = 0; i < 20; i++) expect(mqs).toContain(selectMessageQueueByRandom(mqs, msg, undefined));
  });
});
