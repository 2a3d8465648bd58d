import { describe, expect, it } from 'vitest';
import { formatTable, parseTimestamp } from './admin-command';

describe('formatTable', () => {
  it('aligns columns and leaves the last one unpadded', () => {
    expect(formatTable([['#Topic', '#QID'], ['LongTopicName', '0'], []])).toBe('#Topic         #QID\nLongTopicName  0\n\n');
  });
});

describe('parseTimestamp', () => {
  it('reads now, epoch ms, ISO and mqadmin dates', () => {
    expect(parseTimestamp('1700000000000')).toBe(1700000000000);
    expect(Math.abs(parseTimestamp('now') - Date.now())).toBeLessThan(1000);
    expect(parseTimestamp('2026-01-02T03:04:05.006Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    expect(parseTimestamp('2026-01-02#03:04:05:006')).toBe(new Date(2026, 0, 2, 3, 4, 5, 6).getTime());
    expect(() => parseTimestamp('yesterday')).toThrow(/bad timestamp/);
  });
});
