'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DlqTrendDto } from '@/lib/dto/dlq';
import { formatCount } from '@/lib/format';

function label(t: number, unit: DlqTrendDto['unit']): string {
  const d = new Date(t);
  return unit === 'hour' ? `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${String(d.getHours()).padStart(2, '0')}:00` : d.toLocaleDateString();
}

/** Dead letters per hour (or per day over a longer span), by store time in the DLQ. */
export function DlqTrendChart({ trend }: { trend: DlqTrendDto }) {
  return (
    <div className="h-44 px-2 py-3" data-testid="dlq-trend" data-points={trend.points.length} data-unit={trend.unit}>
      {trend.points.length === 0 ? (
        <p className="px-2 py-12 text-center text-sm text-slate-500">No dead letters.</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={trend.points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="t" tickFormatter={(t: number) => label(t, trend.unit)} fontSize={11} minTickGap={40} />
            <YAxis fontSize={11} width={56} allowDecimals={false} />
            <Tooltip labelFormatter={(t) => label(Number(t), trend.unit)} formatter={(v) => [formatCount(Number(v)), 'Dead letters']} />
            <Bar dataKey="count" fill="#dc2626" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
