import { describe, expect, it } from 'vitest';
import { safeNext } from './login';

describe('safeNext', () => {
  it('keeps paths on this console', () => {
    expect(safeNext('/topics?q=a')).toBe('/topics?q=a');
    expect(safeNext('/groups/G1')).toBe('/groups/G1');
  });
  it('refuses other sites and loops', () => {
    for (const bad of [undefined, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login?next=/x', 'javascript:alert(1)', '/\nx']) {
      expect(safeNext(bad)).toBe('/');
    }
  });
});
