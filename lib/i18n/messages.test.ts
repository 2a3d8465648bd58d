import { describe, expect, it } from 'vitest';
import { LOCALES } from './locales';
import { MESSAGES } from './messages';

/** Every key path of a catalogue, with its value. */
function entries(obj: unknown, prefix = ''): [string, unknown][] {
  if (obj === null || typeof obj !== 'object') return [[prefix, obj]];
  return Object.entries(obj).flatMap(([k, v]) => entries(v, prefix ? `${prefix}.${k}` : k));
}

describe('message catalogues', () => {
  const en = new Map(entries(MESSAGES.en));
  it.each(LOCALES.filter((l) => l !== 'en'))('%s has exactly the English keys, each a non-empty string', (locale) => {
    const other = new Map(entries(MESSAGES[locale]));
    expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, value] of other) expect(typeof value === 'string' && value.trim() !== '', key).toBe(true);
  });

  it('keeps the ICU placeholders of each English message in its translations', () => {
    const placeholders = (s: unknown) => [...String(s).matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
    for (const locale of LOCALES) {
      for (const [key, value] of entries(MESSAGES[locale])) expect(placeholders(value), `${locale}:${key}`).toEqual(placeholders(en.get(key)));
    }
  });
});
