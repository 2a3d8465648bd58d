'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { ReplayMode } from '@/lib/schemas/replay';
import { toDateTimeLocal } from '@/lib/format';
import { useFormat } from '@/lib/i18n/use-format';
import { useReplayPreviewQuery, useStartReplayMutation, type ReplayQuery } from '@/lib/queries/triage';
import { localDateTimeToMs } from '@/lib/schemas/admin';
import { AdminOnly } from '../auth/admin-only';
import { JobsPanel } from '../jobs/jobs-panel';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Field, Select, TextInput } from '../ui/form';
import { PageHeader } from '../ui/page-header';
import { Alert, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

const MODES: ReplayMode[] = ['group', 'exact', 'copy'];

/** /replay: a time range of a topic re-delivered to one group, or copied to another topic; preview first. */
export function ReplayView({ topic: initialTopic = '', group: initialGroup = '' }: { topic?: string; group?: string }) {
  const t = useTranslations('replay');
  const f = useFormat();
  const [mode, setMode] = useState<ReplayMode>('group');
  const [topic, setTopic] = useState(initialTopic);
  const [group, setGroup] = useState(initialGroup);
  const [target, setTarget] = useState('');
  const [from, setFrom] = useState(() => toDateTimeLocal(Date.now() - 3_600_000));
  const [to, setTo] = useState(() => toDateTimeLocal(Date.now() + 60_000));
  const [rate, setRate] = useState('500');
  const [confirm, setConfirm] = useState('');
  const [query, setQuery] = useState<ReplayQuery | null>(null);
  const preview = useReplayPreviewQuery(query);
  const start = useStartReplayMutation();
  const p = preview.data;

  function onPreview() {
    const fromMs = localDateTimeToMs(from);
    const toMs = localDateTimeToMs(to);
    if (fromMs === null || toMs === null) return;
    start.reset();
    setQuery({ mode, topic: topic.trim(), from: fromMs, to: toMs, group: mode === 'copy' ? undefined : group.trim(), target: mode === 'copy' ? target.trim() : undefined });
  }

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card testId="replay-form" className="mb-4">
        <form
          className="grid grid-cols-1 gap-3 px-4 py-3 md:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault();
            onPreview();
          }}
        >
          <Field label={t('fieldMode')} className="md:col-span-3">
            <Select value={mode} onChange={(e) => setMode(e.target.value as ReplayMode)} data-testid="replay-mode">
              {MODES.map((k) => (
                <option key={k} value={k}>
                  {t(`mode.${k}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('fieldTopic')}>
            <TextInput value={topic} onChange={(e) => setTopic(e.target.value)} data-testid="replay-topic" required />
          </Field>
          {mode === 'copy' ? (
            <Field label={t('fieldTarget')}>
              <TextInput value={target} onChange={(e) => setTarget(e.target.value)} data-testid="replay-target" required />
            </Field>
          ) : (
            <Field label={t('fieldGroup')}>
              <TextInput value={group} onChange={(e) => setGroup(e.target.value)} data-testid="replay-group" required />
            </Field>
          )}
          <Field label={t('fieldRate')} hint={mode === 'group' ? t('rateUnusedHint') : undefined}>
            <TextInput value={rate} onChange={(e) => setRate(e.target.value)} inputMode="numeric" data-testid="replay-rate" />
          </Field>
          <Field label={t('fieldFrom')}>
            <TextInput type="datetime-local" step="1" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="replay-from" />
          </Field>
          <Field label={t('fieldTo')}>
            <TextInput type="datetime-local" step="1" value={to} onChange={(e) => setTo(e.target.value)} data-testid="replay-to" />
          </Field>
          <div className="flex items-end">
            <Button type="submit" variant="secondary" data-testid="replay-preview">
              {t('preview')}
            </Button>
          </div>
        </form>
      </Card>
      {preview.isFetching && !p && <LoadingState label={t('counting')} />}
      {preview.error && (
        <Alert className="mb-4" title={t('previewError')} testId="replay-preview-error">
          {preview.error.message}
        </Alert>
      )}
      {p && query && (
        <Card
          testId="replay-preview-box"
          className="mb-4"
          title={t('previewTitle', { count: p.total, destination: p.destination })}
          description={
            p.mode === 'group'
              ? t('previewGroup', { from: f.dateTime(p.from), inRange: f.count(p.inRange), total: f.count(p.total) })
              : t('previewCopy', { inRange: p.inRange, from: f.dateTime(p.from), to: f.dateTime(p.to) })
          }
        >
          <Table>
            <THead>
              <tr>
                <TH>{t('colQueue')}</TH>
                <TH className="text-right">{t('colOffsets')}</TH>
                <TH className="text-right">{t('colInRange')}</TH>
                {p.mode === 'group' && <TH className="text-right">{t('colCommitted')}</TH>}
                {p.mode === 'group' && <TH className="text-right">{t('colReconsume')}</TH>}
              </tr>
            </THead>
            <TBody>
              {p.queues.map((q) => (
                <TR key={`${q.brokerName}:${q.queueId}`} data-testid="replay-queue">
                  <TD>
                    {q.brokerName} #{q.queueId}
                  </TD>
                  <TD className="text-right tabular-nums">
                    {q.startOffset} … {q.endOffset}
                  </TD>
                  <TD className="text-right tabular-nums">{f.count(q.inRange)}</TD>
                  {p.mode === 'group' && <TD className="text-right tabular-nums">{q.currentOffset ?? '—'}</TD>}
                  {p.mode === 'group' && (
                    <TD className="text-right tabular-nums" data-testid="replay-queue-reconsume">
                      {f.count(q.reconsume)}
                    </TD>
                  )}
                </TR>
              ))}
            </TBody>
          </Table>
          <div className="px-4 py-3 text-sm">
            <span className="hidden" data-testid="replay-total">
              {p.total}
            </span>
            {p.first.length > 0 && (
              <ul className="mb-3 space-y-0.5 font-mono text-xs text-slate-600" data-testid="replay-first">
                {p.first.map((m) => (
                  <li key={m.offsetMsgId}>
                    {f.dateTime(m.storeTimestamp)} · {m.msgId} · {m.keys ?? '—'} · {m.bodyPreview}
                  </li>
                ))}
              </ul>
            )}
            {p.needsConfirm && (
              <Field label={t('confirm', { limit: f.count(p.confirmLimit), total: p.total })} className="mb-3 w-72">
                <TextInput value={confirm} onChange={(e) => setConfirm(e.target.value)} inputMode="numeric" data-testid="replay-confirm" />
              </Field>
            )}
            <AdminOnly>
              <Button
                onClick={() => start.mutate({ ...query, ratePerSec: Number(rate), confirm: p.needsConfirm ? Number(confirm) : undefined })}
                disabled={start.isPending || p.total === 0 || !(Number(rate) > 0) || (p.needsConfirm && Number(confirm) !== p.total)}
                data-testid="replay-start"
              >
                {p.mode === 'group' ? t('startGroup') : t('startJob')}
              </Button>
            </AdminOnly>
            {start.error && (
              <Alert className="mt-2" title={t('startError')} testId="replay-start-error">
                {start.error.message}
              </Alert>
            )}
            {start.data?.mode === 'group' && (
              <p className="mt-2 text-slate-700" data-testid="replay-result">
                {t('resultGroup', {
                  queues: start.data.reset.offsets.length,
                  method: start.data.reset.method === 'offline' ? t('methodOffline') : t('methodOnline'),
                  total: start.data.total,
                })}
              </p>
            )}
            {start.data && start.data.mode !== 'group' && (
              <p className="mt-2 text-slate-700" data-testid="replay-result">
                {t('resultJob', { total: start.data.total })}
              </p>
            )}
          </div>
        </Card>
      )}
      <JobsPanel title={t('jobsTitle')} filter={topic.trim() || undefined} />
    </>
  );
}
