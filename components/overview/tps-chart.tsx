'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { GroupLagDto, TopicTpsDto } from '@/lib/dto/overview';
import { useFormat } from '@/lib/i18n/use-format';
import { useOverviewSeriesQuery } from '@/lib/queries/overview';
import { OVERVIEW_RANGES, type OverviewRange } from '@/lib/schemas/overview';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import { Alert, EmptyState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

function RangePicker({ value, onChange }: { value: OverviewRange; onChange: (r: OverviewRange) => void }) {
  const t = useTranslations('overview');
  return (
    <div className="inline-flex overflow-hidden rounded-md border border-slate-300" role="group" aria-label={t('rangeLabel')} data-testid="tps-range">
      {OVERVIEW_RANGES.map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={r === value}
          data-testid={`tps-range-${r}`}
          onClick={() => onChange(r)}
          className={cn('px-2.5 py-1 text-xs font-medium', r === value ? 'bg-sky-600 text-white' : 'bg-white text-slate-700 hover:bg-slate-50')}
        >
          {t(`range.${r}`)}
        </button>
      ))}
    </div>
  );
}

/**
 * Cluster-wide produce and consume TPS over time, the busiest topics and the groups furthest behind. The
 * console server samples the cluster every 10 s and keeps 6 hours, across restarts.
 */
export function TpsChart() {
  const t = useTranslations('overview');
  const f = useFormat();
  const [range, setRange] = useState<OverviewRange>('1h');
  const { data, error } = useOverviewSeriesQuery(range);
  const points = data?.points ?? [];
  const seconds = data ? data.intervalMs / 1000 : 10;
  return (
    <>
      <Card
        title={t('throughputTitle')}
        description={t('throughputDescription', { seconds })}
        actions={<RangePicker value={range} onChange={setRange} />}
        testId="tps-chart"
      >
        {error && (
          <div className="p-4">
            <Alert tone="amber" title={t('historyError')}>
              {error.message}
            </Alert>
          </div>
        )}
        {data?.lastError && (
          <div className="p-4">
            <Alert tone="amber" title={t('sampleError')} testId="tps-sample-error">
              {data.lastError}
            </Alert>
          </div>
        )}
        <div className="h-56 px-2 py-3" data-testid="tps-chart-body" data-samples={points.length} data-range={range}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 5, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(ms: number) => f.clock(new Date(ms))} fontSize={11} minTickGap={40} />
              <YAxis fontSize={11} width={48} allowDecimals={false} tickFormatter={(v: number) => f.count(v)} />
              <Tooltip labelFormatter={(ms) => f.clock(new Date(Number(ms)))} formatter={(v) => f.tps(Number(v))} />
              <Legend />
              <Line type="monotone" dataKey="putTps" name={t('legendProduce')} stroke="#0284c7" dot={false} isAnimationActive={false} connectNulls={false} />
              <Line type="monotone" dataKey="getTps" name={t('legendConsume')} stroke="#16a34a" dot={false} isAnimationActive={false} connectNulls={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <TopTopics topics={data?.topTopics} at={data?.lastSampleAt ?? null} />
        <TopGroups groups={data?.topGroups} at={data?.lastSampleAt ?? null} />
      </div>
    </>
  );
}

function TopTopics({ topics, at }: { topics: TopicTpsDto[] | undefined; at: string | null }) {
  const t = useTranslations('overview');
  const f = useFormat();
  return (
    <Card title={t('topTopicsTitle')} description={at ? t('topTopicsDescriptionAt', { time: f.clock(at) }) : t('topTopicsDescription')} testId="top-topics">
      {topics && topics.length === 0 ? (
        <EmptyState testId="top-topics-empty" title={t('topTopicsEmpty')} />
      ) : (
        <Table data-testid="top-topics-table">
          <THead>
            <tr>
              <TH>{t('colTopic')}</TH>
              <TH className="text-right">{t('colProduceTps')}</TH>
            </tr>
          </THead>
          <TBody>
            {(topics ?? []).map((row) => (
              <TR key={row.topic} data-testid="top-topic-row" data-topic={row.topic}>
                <TD className="font-mono">
                  <Link href={`/topics/${encodeURIComponent(row.topic)}`} className="text-sky-700 hover:underline" data-testid="top-topic-link">
                    {row.topic}
                  </Link>
                </TD>
                <TD className="text-right tabular-nums" data-testid="top-topic-tps">
                  {f.tps(row.putTps)}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}

function TopGroups({ groups, at }: { groups: GroupLagDto[] | undefined; at: string | null }) {
  const t = useTranslations('overview');
  const f = useFormat();
  return (
    <Card
      title={t('topGroupsTitle')}
      description={at ? t('topGroupsDescriptionAt', { time: f.clock(at) }) : t('topGroupsDescription')}
      testId="top-groups"
    >
      {groups && groups.length === 0 ? (
        <EmptyState testId="top-groups-empty" title={t('topGroupsEmpty')} />
      ) : (
        <Table data-testid="top-groups-table">
          <THead>
            <tr>
              <TH>{t('colGroup')}</TH>
              <TH className="text-right">{t('colLag')}</TH>
              <TH className="text-right">{t('colTimeLag')}</TH>
            </tr>
          </THead>
          <TBody>
            {(groups ?? []).map((g) => (
              <TR key={g.group} data-testid="top-group-row" data-group={g.group}>
                <TD className="font-mono">
                  <Link href={`/groups/${encodeURIComponent(g.group)}`} className="text-sky-700 hover:underline" data-testid="top-group-link">
                    {g.group}
                  </Link>
                </TD>
                <TD className="text-right tabular-nums" data-testid="top-group-lag">
                  {f.count(g.lag)}
                </TD>
                <TD className="text-right tabular-nums" data-testid="top-group-time-lag" data-ms={g.timeLagMs ?? ''}>
                  {f.age(g.timeLagMs)}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
