import { describe, expect, it } from 'vitest';
import { buildSubscriptionData, tagMatches } from './subscription';

describe('buildSubscriptionData', () => {
  it('treats empty and * as all', () => {
    expect(buildSubscriptionData('T', '').subString).toBe('*');
    expect(buildSubscriptionData('T', ' * ').tagsSet).toEqual([]);
  });
  it('splits on || and hashes tags as Java', () => {
    const s = buildSubscriptionData('T', 'TagA || TagB ||TagA');
    expect(s.tagsSet).toEqual(['TagA', 'TagB']);
    expect(s.codeSet).toEqual([2598919, 2598920]);
  });
  it('re-filters by tag string', () => {
    const s = buildSubscriptionData('T', 'A || B');
    expect(tagMatches(s, 'A')).toBe(true);
    expect(tagMatches(s, 'C')).toBe(false);
    expect(tagMatches(s, undefined)).toBe(false);
    expect(tagMatches(buildSubscriptionData('T', '*'), undefined)).toBe(true);
  });
});
