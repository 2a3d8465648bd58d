'use client';

import { useTranslations } from 'next-intl';
import type { JobDto, JobKind } from '@/lib/dto/jobs';
import { useFormat } from '@/lib/i18n/use-format';
import { useCancelJobMutation, useJobsQuery } from '@/lib/queries/triage';
import { AdminOnly } from '../auth/admin-only';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Alert } from '../ui/states';

const TONES = { running: 'blue', done: 'green', cancelled: 'amber', failed: 'red' } as const;

/** Catalogue keys of the kinds: next-intl reads dots in a key as nesting. */
const KIND_KEYS = { 'dlq.republish': 'dlqRepublish', 'replay.copy': 'replayCopy', 'replay.exact': 'replayExact' } as const satisfies Record<JobKind, string>;

function JobRow({ job }: { job: JobDto }) {
  const t = useTranslations('jobs');
  const f = useFormat();
  const cancel = useCancelJobMutation();
  const handled = job.done + job.failed + job.skipped;
  return (
    <li className="border-b border-slate-100 px-4 py-2 last:border-0" data-testid="job-row" data-job-id={job.id} data-kind={job.kind} data-status={job.status}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={TONES[job.status]} testId="job-status">
          {t(`status.${job.status}`)}
        </Badge>
        <span className="font-medium">{t(`kind.${KIND_KEYS[job.kind]}`)}</span>
        <span className="text-slate-600">{job.target}</span>
        <span className="ml-auto text-xs text-slate-500">
          {job.user} · {t('started', { time: f.dateTime(Date.parse(job.startedAt)) })}
          {job.endedAt ? ` · ${t('ended', { time: f.dateTime(Date.parse(job.endedAt)) })}` : ''} · {t('rate', { rate: f.count(job.ratePerSec) })}
        </span>
        {job.status === 'running' && (
          <AdminOnly>
            <Button variant="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(job.id)} data-testid="job-cancel">
              {t('cancel')}
            </Button>
          </AdminOnly>
        )}
      </div>
      <div className="mt-1 flex items-center gap-2 text-xs text-slate-600">
        <progress className="h-2 w-48" max={Math.max(1, job.total)} value={Math.min(handled, job.total)} data-testid="job-progress" />
        <span data-testid="job-counts">
          {t('counts', { done: f.count(job.done), total: f.count(job.total) })}
          {job.failed > 0 && <span className="text-red-700"> · {t('failed', { count: f.count(job.failed) })}</span>}
          {job.skipped > 0 && <span> · {t('skipped', { count: f.count(job.skipped) })}</span>}
        </span>
        <span className="text-slate-500">{job.detail}</span>
      </div>
      {job.error && <p className="mt-1 text-xs text-red-700" data-testid="job-error">{job.error}</p>}
    </li>
  );
}

/** The console's background jobs (newest first), optionally only those whose target contains `filter`. */
export function JobsPanel({ filter, title }: { filter?: string; title?: string }) {
  const t = useTranslations('jobs');
  const f = useFormat();
  const { data, error } = useJobsQuery();
  const jobs = (data?.jobs ?? []).filter((j) => !filter || j.target.includes(filter));
  return (
    <Card testId="jobs-panel" title={title ?? t('title')} description={data ? t('description', { limit: f.count(data.confirmLimit) }) : undefined}>
      {error && (
        <div className="p-4">
          <Alert title={t('loadError')}>{error.message}</Alert>
        </div>
      )}
      {jobs.length === 0 ? <p className="px-4 py-3 text-sm text-slate-500" data-testid="jobs-empty">{t('empty')}</p> : <ul>{jobs.map((j) => <JobRow key={j.id} job={j} />)}</ul>}
    </Card>
  );
}
