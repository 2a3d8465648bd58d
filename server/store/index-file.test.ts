import { describe, expect, it } from 'vitest';
import { javaStringHashCode } from '../common/message/tag-hash';
import { dirtyRuns, indexKeyHash } from './index-file';

/** RocketMQ's IndexService: abs(hashCode of "topic#key"), with Integer.MIN_VALUE mapped to 0. */
function reference(topic: string, key: string): number {
  const h = javaStringHashCode(`${topic}#${key}`);
  return h === -2147483648 ? 0 : Math.abs(h);
}

describe('indexKeyHash', () => {
  it('hashes topic and key as the joined index key, without joining them', () => {
    const keys = ['', 'k', 'order-1', '7F0000010A2B18B4AAC2055F4B0C0000', 'ключ', '😀x', 'x'.repeat(300)];
    for (const topic of ['T', 'BenchmarkTest', '%RETRY%group', 'TopicÜ']) {
      for (const key of keys) expect(indexKeyHash(topic, key)).toBe(reference(topic, key));
    }
  });

  it('maps a hash of Integer.MIN_VALUE to 0', () => {
    expect(javaStringHashCode('T#k869909eb')).toBe(-2147483648);
    expect(indexKeyHash('T', 'k869909eb')).toBe(0);
  });
});

describe('dirtyRuns', () => {
  it('merges pages separated by small gaps into spans', () => {
    expect(dirtyRuns([], 16)).toEqual([]);
    expect(dirtyRuns([0], 16)).toEqual([[0, 1]]);
    expect(dirtyRuns([0, 1, 2, 5], 0)).toEqual([
      [0, 3],
      [5, 6],
    ]);
    expect(dirtyRuns([0, 1, 2, 5], 2)).toEqual([[0, 6]]);
    expect(dirtyRuns([3, 40, 41, 100], 16)).toEqual([
      [3, 4],
      [40, 42],
      [100, 101],
    ]);
  });
});
