'use client';

import type { JobDto } from '@/lib/dto/jobs';
import { formatCount, formatDateTime } from '@/lib/format';
import { useCancelJobMutation, useJobsQuery } from '@/lib/queries/triage';
import { AdminOnly } from '../auth/admin-only';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Alert } from '../ui/states';

const TONES = { running: 'blue', done: 'green', cancelled: 'amber', failed: 'red' } as const;

function JobRow({ job }: { job: JobDto }) {
  const cancel = useCancelJobMutation();
  const handled = job.done + job.failed + job.skipped;
  return (
    <li className="border-b border-slate-100 px-4 py-2 last:border-0" data-testid="job-row" data-job-id={job.id} data-kind={job.kind} data-status={job.status}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={TONES[job.status]} testId="job-status">
          {job.status}
        </Badge>
        <span className="font-medium">{job.kind}</span>
        <span className="text-slate-600">{job.target}</span>
        <span className="ml-auto text-xs text-slate-500">
          {job.user} · started {formatDateTime(Date.parse(job.startedAt))}
          {job.endedAt ? ` · ended ${formatDateTime(Date.parse(job.endedAt))}` : ''} · ≤ {formatCount(job.ratePerSec)} msg/s
        </span>
        {job.status === 'running' && (
          <AdminOnly>
            <Button variant="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate(job.id)} data-testid="job-cancel">
              Cancel
            </Button>
          </AdminOnly>
        )}
      </div>
      <div className="mt-1 flex items-center gap-2 text-xs text-slate-600">
        <progress className="h-2 w-48" max={Math.max(1, job.total)} value={Math.min(handled, job.total)} data-testid="job-progress" />
        <span data-testid="job-counts">
          {formatCount(job.done)} sent of {formatCount(job.total)}
          {job.failed > 0 && <span className="text-red-700"> · {formatCount(job.failed)} failed</span>}
          {job.skipped > 0 && <span> · {formatCount(job.skipped)} skipped</span>}
        </span>
        <span className="text-slate-500">{job.detail}</span>
      </div>
      {job.error && <p className="mt-1 text-xs text-red-700" data-testid="job-error">{job.error}</p>}
    </li>
  );
}

/** The console's background jobs (newest first), optionally only those whose target contains `filter`. */
export function JobsPanel({ filter, title = 'Jobs' }: { filter?: string; title?: string }) {
  const { data, error } = useJobsQuery();
  const jobs = (data?.jobs ?? []).filter((j) => !filter || j.target.includes(filter));
  return (
    <Card testId="jobs-panel" title={title} description={data ? `Jobs above ${formatCount(data.confirmLimit)} messages need the previewed count confirmed.` : undefined}>
      {error && (
        <div className="p-4">
          <Alert title="Could not load the jobs.">{error.message}</Alert>
        </div>
      )}
      {jobs.length === 0 ? <p className="px-4 py-3 text-sm text-slate-500" data-testid="jobs-empty">No jobs yet.</p> : <ul>{jobs.map((j) => <JobRow key={j.id} job={j} />)}</ul>}
    </Card>
  );
}
