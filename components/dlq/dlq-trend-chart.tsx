'use client';

import { useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DlqTrendDto } from '@/lib/dto/dlq';
import { INTL_TAGS, type Locale } from '@/lib/i18n/locales';
import { useFormat } from '@/lib/i18n/use-format';

/** An axis tick in the console's language (`May 17 10:00`, `5月17日 10:00`), not the browser's. */
function label(t: number, unit: DlqTrendDto['unit'], locale: Locale): string {
  const d = new Date(t);
  const tag = INTL_TAGS[locale];
  return unit === 'hour' ? `${d.toLocaleDateString(tag, { month: 'short', day: 'numeric' })} ${String(d.getHours()).padStart(2, '0')}:00` : d.toLocaleDateString(tag);
}

/** Dead letters per hour (or per day over a longer span), by store time in the DLQ. */
export function DlqTrendChart({ trend }: { trend: DlqTrendDto }) {
  const t = useTranslations('dlq');
  const f = useFormat();
  return (
    <div className="h-44 px-2 py-3" data-testid="dlq-trend" data-points={trend.points.length} data-unit={trend.unit}>
      {trend.points.length === 0 ? (
        <p className="px-2 py-12 text-center text-sm text-slate-500">{t('trendEmpty')}</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={trend.points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="t" tickFormatter={(ms: number) => label(ms, trend.unit, f.locale)} fontSize={11} minTickGap={40} />
            <YAxis fontSize={11} width={56} allowDecimals={false} />
            <Tooltip labelFormatter={(ms) => label(Number(ms), trend.unit, f.locale)} formatter={(v) => [f.count(Number(v)), t('trendSeries')]} />
            <Bar dataKey="count" fill="#dc2626" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
