import { describe, expect, it } from 'vitest';
import { resolveLocale } from './locales';

describe('resolveLocale', () => {
  it('takes the cookie when it names a language the console has', () => {
    expect(resolveLocale('zh', 'en-US,en;q=0.9')).toBe('zh');
    expect(resolveLocale('en', 'zh-CN')).toBe('en');
  });

  it('falls back to Accept-Language by quality, then English', () => {
    expect(resolveLocale(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(resolveLocale('fr', 'fr-FR, en;q=0.5, zh;q=0.7')).toBe('zh');
    expect(resolveLocale(undefined, 'de-DE,fr;q=0.8')).toBe('en');
    expect(resolveLocale(undefined, 'zh;q=0, en')).toBe('en');
    expect(resolveLocale(undefined, undefined)).toBe('en');
    expect(resolveLocale(undefined, ';;,q=,')).toBe('en');
  });
});
