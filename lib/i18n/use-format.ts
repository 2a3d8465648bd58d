/**
 * The locale-aware helpers of lib/format.ts bound to the console's current language, for client components and
 * non-async server components (next-intl's useLocale works in both).
 */
import { useLocale } from 'next-intl';
import { useMemo } from 'react';
import { formatAge, formatAgo, formatBytes, formatClock, formatCount, formatDateTime, formatRtt, formatTps } from '../format';
import { DEFAULT_LOCALE, isLocale, type Locale } from './locales';

export type BoundFormat = ReturnType<typeof bindFormat>;

/** The helpers for one locale; exported for code that has the locale already (tests, server code). */
export function bindFormat(locale: Locale) {
  return {
    locale,
    count: (n: number | null | undefined) => formatCount(n, locale),
    tps: (n: number | null | undefined) => formatTps(n, locale),
    ago: (iso: string | Date, now?: Date) => formatAgo(iso, now, locale),
    age: (ms: number | null | undefined) => formatAge(ms, locale),
    dateTime: (ms: number | null | undefined) => formatDateTime(ms, locale),
    clock: formatClock,
    bytes: formatBytes,
    rtt: formatRtt,
  };
}

export function useFormat(): BoundFormat {
  const current = useLocale();
  const locale = isLocale(current) ? current : DEFAULT_LOCALE;
  return useMemo(() => bindFormat(locale), [locale]);
}
