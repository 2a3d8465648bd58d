'use client';

import { useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatTps } from '@/lib/format';
import { useBrokerRuntimeQuery } from '@/lib/queries/admin';
import { Card } from '../ui/card';
import { Alert } from '../ui/states';

const MAX_SAMPLES = 120;

type Sample = { t: number; put: number; get: number };

/** Cluster-wide produce and consume TPS, one sample per poll of the brokers' runtime info, kept while the page is open. */
export function TpsChart() {
  const { data, error, dataUpdatedAt } = useBrokerRuntimeQuery();
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(() => {
    if (!data) return;
    const t = dataUpdatedAt;
    setSamples((s) => (s.length && s[s.length - 1].t === t ? s : [...s, { t, put: data.totalPutTps, get: data.totalGetTps }].slice(-MAX_SAMPLES)));
  }, [data, dataUpdatedAt]);
  return (
    <Card title="Throughput" description="Messages per second across all brokers (put = produced, get = consumed)." testId="tps-chart">
      {error && (
        <div className="p-4">
          <Alert tone="amber" title="Broker rates unavailable.">{error.message}</Alert>
        </div>
      )}
      <div className="h-56 px-2 py-3" data-testid="tps-chart-body" data-samples={samples.length}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={samples} margin={{ top: 5, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="t" tickFormatter={(t: number) => formatClock(new Date(t))} fontSize={11} minTickGap={40} />
            <YAxis fontSize={11} width={48} allowDecimals={false} />
            <Tooltip labelFormatter={(t) => formatClock(new Date(Number(t)))} formatter={(v) => formatTps(Number(v))} />
            <Legend />
            <Line type="monotone" dataKey="put" name="Produce TPS" stroke="#0284c7" dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="get" name="Consume TPS" stroke="#16a34a" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}
