/**
 * The console's languages. The choice is a cookie (`orbit_locale`), so it persists across visits and reaches the
 * server render; without one, the browser's Accept-Language decides. Shared by browser and Node code.
 */
export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
export const LOCALE_COOKIE = 'orbit_locale';

/** Names shown in the language switch, each in its own language. */
export const LOCALE_LABELS: Record<Locale, string> = { en: 'English', zh: '中文' };

/** BCP 47 tags for Intl (dates and numbers). */
export const INTL_TAGS: Record<Locale, string> = { en: 'en-US', zh: 'zh-CN' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The locale for a request: the cookie when it names a language we have, else the first Accept-Language entry we
 * have (by primary subtag, quality order), else English.
 */
export function resolveLocale(cookie: string | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { primary: tag.toLowerCase().split('-')[0], quality: Number.isFinite(quality) ? quality : 0, i };
    })
    .filter((e) => e.primary && e.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.i - b.i);
  for (const e of ranked) if (isLocale(e.primary)) return e.primary;
  return DEFAULT_LOCALE;
}
