'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslations } from 'next-intl';
import { formatClock } from '@/lib/format';
import { useFormat } from '@/lib/i18n/use-format';
import { useLagTrendQuery } from '@/lib/queries/alerts';
import { Card } from '../ui/card';
import { Alert } from '../ui/states';

/** A group's lag as the alert loop samples it, with each rule's threshold drawn across. */
export function LagTrendChart({ group }: { group: string }) {
  const t = useTranslations('alerts');
  const f = useFormat();
  const { data, error } = useLagTrendQuery(group);
  const points = data?.points ?? [];
  const lagRules = (data?.thresholds ?? []).filter((t) => t.kind === 'messageLag');
  const timeRules = (data?.thresholds ?? []).filter((t) => t.kind === 'timeLag');
  const hasTime = timeRules.length > 0 || points.some((p) => p.timeLagSeconds !== null);
  const maxLag = Math.max(0, ...points.map((p) => p.lag), ...lagRules.map((r) => r.threshold));
  return (
    <Card
      title={t('lagTrendTitle', { group })}
      description={t('lagTrendDescription', { seconds: Math.round((data?.sampleIntervalMs ?? 10_000) / 100) / 10 })}
      testId="lag-trend"
    >
      {error && (
        <div className="p-4">
          <Alert tone="amber" title={t('lagTrendError')}>{error.message}</Alert>
        </div>
      )}
      <div className="h-56 px-2 py-3" data-testid="lag-trend-body" data-points={points.length} data-thresholds={lagRules.length + timeRules.length}>
        {points.length === 0 ? (
          <p className="px-2 py-16 text-center text-sm text-slate-500">{t('lagTrendCollecting')}</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="t" tickFormatter={(t: number) => formatClock(new Date(t))} fontSize={11} minTickGap={40} />
              <YAxis yAxisId="lag" fontSize={11} width={56} allowDecimals={false} domain={[0, Math.ceil(maxLag * 1.1) || 1]} />
              {hasTime && <YAxis yAxisId="time" orientation="right" fontSize={11} width={48} unit="s" />}
              <Tooltip labelFormatter={(t) => formatClock(new Date(Number(t)))} formatter={(v, _name, item) => (item.dataKey === 'timeLagSeconds' ? `${v} s` : f.count(Number(v)))} />
              <Line yAxisId="lag" type="monotone" dataKey="lag" name={t('kind.messageLag')} stroke="#0284c7" dot={false} isAnimationActive={false} />
              {hasTime && <Line yAxisId="time" type="monotone" dataKey="timeLagSeconds" name={t('kind.timeLag')} stroke="#9333ea" dot={false} isAnimationActive={false} />}
              {lagRules.map((r) => (
                <ReferenceLine key={r.ruleId} yAxisId="lag" y={r.threshold} stroke="#dc2626" strokeDasharray="6 4" label={{ value: r.ruleName, position: 'insideTopRight', fontSize: 11, fill: '#b91c1c' }} />
              ))}
              {hasTime &&
                timeRules.map((r) => (
                  <ReferenceLine key={r.ruleId} yAxisId="time" y={r.threshold} stroke="#9333ea" strokeDasharray="6 4" label={{ value: r.ruleName, position: 'insideBottomRight', fontSize: 11, fill: '#7e22ce' }} />
                ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}
