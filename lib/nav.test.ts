import { describe, expect, it } from 'vitest';
import { NAV_ITEMS, isActivePath } from './nav';

describe('navigation', () => {
  it('has unique ids and hrefs', () => {
    expect(new Set(NAV_ITEMS.map((i) => i.id)).size).toBe(NAV_ITEMS.length);
    expect(new Set(NAV_ITEMS.map((i) => i.href)).size).toBe(NAV_ITEMS.length);
  });
  it('matches the root only exactly, sections by prefix', () => {
    expect(isActivePath('/', '/')).toBe(true);
    expect(isActivePath('/topics', '/')).toBe(false);
    expect(isActivePath('/topics', '/topics')).toBe(true);
    expect(isActivePath('/topics/TopicTest', '/topics')).toBe(true);
    expect(isActivePath('/topicsx', '/topics')).toBe(false);
  });
});
