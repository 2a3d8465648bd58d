'use client';

import { useState, type FormEvent } from 'react';
import { formatDateTime, toDateTimeLocal } from '@/lib/format';
import { useResetOffsetMutation, useResetPreviewQuery } from '@/lib/queries/admin';
import { localDateTimeToMs } from '@/lib/schemas/admin';
import { Button } from '../ui/button';
import { Field, Select, TextInput } from '../ui/form';
import { Alert, LoadingState } from '../ui/states';
import { ResetPreviewTable, resetQuestion } from './reset-preview-table';

/**
 * Reset to a time (datetime input) or skip the backlog, on one topic or all the group consumes. The preview
 * of the chosen time shows per queue what the reset would do; the reset asks once more with its totals.
 */
export function ResetOffsetForm({ group, topics }: { group: string; topics: string[] }) {
  const [topic, setTopic] = useState('');
  const [when, setWhen] = useState(() => toDateTimeLocal(Date.now() - 3_600_000));
  const [problem, setProblem] = useState<string | null>(null);
  /** The timestamp waiting for confirmation (−1 = skip backlog); null when none is asked. */
  const [pending, setPending] = useState<number | null>(null);
  const mutation = useResetOffsetMutation(group);
  const whenMs = localDateTimeToMs(when);
  const previewAt = pending ?? whenMs;
  const preview = useResetPreviewQuery(group, topic, previewAt);
  const ready = preview.data && !preview.isPlaceholderData && !preview.isFetching;

  function ask(timestamp: number) {
    setProblem(null);
    mutation.reset();
    setPending(timestamp);
    // The totals the question shows must be those of now, not of when the preview was first drawn.
    if (timestamp === previewAt) void preview.refetch();
  }

  function confirm() {
    if (pending === null) return;
    mutation.mutate({ timestamp: pending, ...(topic ? { topic } : {}) }, { onSettled: () => setPending(null) });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (whenMs === null) {
      setProblem('enter a date and time');
      return;
    }
    ask(whenMs);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 p-4" data-testid="reset-offset-form">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Topic">
          <Select value={topic} onChange={(e) => {
              setTopic(e.target.value);
              setPending(null);
            }} data-testid="reset-topic">
            <option value="">All topics of the group</option>
            {topics.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Consume again from" error={problem} testId="reset-time">
          <TextInput type="datetime-local" step={1} value={when} onChange={(e) => {
              setWhen(e.target.value);
              setPending(null);
            }} data-testid="reset-time" />
        </Field>
      </div>
      <div className="text-xs text-slate-500" data-testid="reset-preview-caption">
        {previewAt === null ? 'Enter a time to see what a reset would do.' : `Preview: ${previewAt < 0 ? 'skip the backlog (the end of every queue)' : `reset to ${formatDateTime(previewAt)}`}`}
      </div>
      {preview.isPending && previewAt !== null && <LoadingState label="Computing the preview…" />}
      {preview.error && (
        <Alert tone="amber" testId="reset-preview-error" title="No preview.">
          {preview.error.message}
        </Alert>
      )}
      {preview.data && <ResetPreviewTable preview={preview.data} />}
      {pending === null ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={mutation.isPending} data-testid="reset-submit">
            Reset to this time
          </Button>
          <Button variant="secondary" disabled={mutation.isPending} onClick={() => ask(-1)} data-testid="skip-backlog">
            Skip backlog
          </Button>
          {mutation.data && (
            <span className="text-sm text-emerald-700" data-testid="reset-result">
              Reset {mutation.data.offsets.length} queue{mutation.data.offsets.length === 1 ? '' : 's'}
              {mutation.data.method === 'offline' ? ' (group offline: offsets written directly)' : ''}.
            </span>
          )}
        </div>
      ) : (
        <div role="alertdialog" className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="reset-confirm-box">
          <span data-testid="reset-confirm-question">
            {ready ? resetQuestion(preview.data!) : preview.error ? 'Reset without a preview?' : 'Computing what the reset will do…'}
          </span>
          <Button className="bg-red-700 hover:bg-red-600" disabled={mutation.isPending || (!ready && !preview.error)} onClick={confirm} data-testid="reset-confirm">
            Yes, reset
          </Button>
          <Button variant="secondary" disabled={mutation.isPending} onClick={() => setPending(null)} data-testid="reset-cancel">
            Cancel
          </Button>
        </div>
      )}
      {mutation.error && (
        <Alert testId="reset-error" title="The offsets were not reset.">
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}
