'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useNamesrvSettingQuery } from '@/lib/queries/settings';

/** The name server list the console is talking to, shown in the top bar; links to Settings. */
export function NamesrvIndicator() {
  const { data } = useNamesrvSettingQuery();
  const t = useTranslations('shell');
  return (
    <Link href="/settings" className="flex items-center gap-2 text-xs text-slate-500 hover:text-slate-800" title={t('namesrvHint')}>
      <span>{t('namesrv')}</span>
      <code data-testid="topbar-namesrv" className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-700">
        {data?.namesrvAddr ?? '…'}
      </code>
    </Link>
  );
}
