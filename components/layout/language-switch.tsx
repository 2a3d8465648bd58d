'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { LOCALE_COOKIE, LOCALE_LABELS, LOCALES, isLocale } from '@/lib/i18n/locales';

/** The top bar's language choice: kept in a cookie for a year, applied by a server re-render of the current page. */
export function LanguageSwitch() {
  const locale = useLocale();
  const t = useTranslations('shell');
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-1.5 text-xs text-slate-500">
      <span className="sr-only">{t('language')}</span>
      <select
        data-testid="language-switch"
        aria-label={t('language')}
        value={locale}
        disabled={pending}
        onChange={(e) => {
          const next = e.target.value;
          if (!isLocale(next)) return;
          document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
          startTransition(() => router.refresh());
        }}
        className="rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-700"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LOCALE_LABELS[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
