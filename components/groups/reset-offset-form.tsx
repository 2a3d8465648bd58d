'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { toDateTimeLocal } from '@/lib/format';
import { useFormat } from '@/lib/i18n/use-format';
import { useResetOffsetMutation, useResetPreviewQuery } from '@/lib/queries/admin';
import { localDateTimeToMs } from '@/lib/schemas/admin';
import { Button } from '../ui/button';
import { Field, Select, TextInput } from '../ui/form';
import { Alert, LoadingState } from '../ui/states';
import { ResetPreviewTable, ResetQuestion } from './reset-preview-table';

/**
 * Reset to a time (datetime input) or skip the backlog, on one topic or all the group consumes. The preview
 * of the chosen time shows per queue what the reset would do; the reset asks once more with its totals.
 */
export function ResetOffsetForm({ group, topics }: { group: string; topics: string[] }) {
  const t = useTranslations('groups');
  const tu = useTranslations('ui');
  const f = useFormat();
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
      setProblem(t('enterDateTime'));
      return;
    }
    ask(whenMs);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 p-4" data-testid="reset-offset-form">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('colTopic')}>
          <Select value={topic} onChange={(e) => {
              setTopic(e.target.value);
              setPending(null);
            }} data-testid="reset-topic">
            <option value="">{t('allTopics')}</option>
            {topics.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('consumeAgainFrom')} error={problem} testId="reset-time">
          <TextInput type="datetime-local" step={1} value={when} onChange={(e) => {
              setWhen(e.target.value);
              setPending(null);
            }} data-testid="reset-time" />
        </Field>
      </div>
      <div className="text-xs text-slate-500" data-testid="reset-preview-caption">
        {previewAt === null ? t('previewHint') : previewAt < 0 ? t('previewSkipBacklog') : t('previewResetTo', { time: f.dateTime(previewAt) })}
      </div>
      {preview.isPending && previewAt !== null && <LoadingState label={t('previewLoading')} />}
      {preview.error && (
        <Alert tone="amber" testId="reset-preview-error" title={t('previewError')}>
          {preview.error.message}
        </Alert>
      )}
      {preview.data && <ResetPreviewTable preview={preview.data} />}
      {pending === null ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={mutation.isPending} data-testid="reset-submit">
            {t('resetSubmit')}
          </Button>
          <Button variant="secondary" disabled={mutation.isPending} onClick={() => ask(-1)} data-testid="skip-backlog">
            {t('skipBacklog')}
          </Button>
          {mutation.data && (
            <span className="text-sm text-emerald-700" data-testid="reset-result">
              {mutation.data.method === 'offline'
                ? t('resetResultOffline', { count: mutation.data.offsets.length })
                : t('resetResult', { count: mutation.data.offsets.length })}
            </span>
          )}
        </div>
      ) : (
        <div role="alertdialog" className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="reset-confirm-box">
          <span data-testid="reset-confirm-question">
            {ready ? <ResetQuestion preview={preview.data!} /> : preview.error ? t('confirmNoPreview') : t('confirmComputing')}
          </span>
          <Button className="bg-red-700 hover:bg-red-600" disabled={mutation.isPending || (!ready && !preview.error)} onClick={confirm} data-testid="reset-confirm">
            {t('confirmReset')}
          </Button>
          <Button variant="secondary" disabled={mutation.isPending} onClick={() => setPending(null)} data-testid="reset-cancel">
            {tu('cancel')}
          </Button>
        </div>
      )}
      {mutation.error && (
        <Alert testId="reset-error" title={t('resetError')}>
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}
