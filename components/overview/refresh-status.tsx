'use client';

import { useTranslations } from 'next-intl';
import { useFormat } from '@/lib/i18n/use-format';
import { Button } from '../ui/button';

/** "Updated 12:03:04" with a manual refresh; the dot pulses while a fetch is in flight. */
export function RefreshStatus({ updatedAt, fetching, onRefresh }: { updatedAt: number; fetching: boolean; onRefresh: () => void }) {
  const t = useTranslations('overview');
  const f = useFormat();
  return (
    <div className="flex items-center gap-3 text-xs text-slate-500">
      <span className="flex items-center gap-1.5" data-testid="refresh-status">
        <span aria-hidden className={`size-2 rounded-full ${fetching ? 'animate-pulse bg-sky-500' : 'bg-slate-300'}`} />
        {updatedAt ? t('updated', { time: f.clock(new Date(updatedAt)) }) : t('notLoaded')}
      </span>
      <Button variant="secondary" onClick={onRefresh} disabled={fetching} data-testid="refresh-button">
        {t('refresh')}
      </Button>
    </div>
  );
}
