'use client';

import { useState } from 'react';
import type { ReplayMode } from '@/lib/schemas/replay';
import { formatCount, formatDateTime, toDateTimeLocal } from '@/lib/format';
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

const MODES: Record<ReplayMode, string> = {
  group: 'Re-deliver to one group (reset its offsets to the start)',
  exact: 'Re-deliver only the range to one group (through %RETRY%group)',
  copy: 'Copy the range to another topic',
};

/** /replay: a time range of a topic re-delivered to one group, or copied to another topic; preview first. */
export function ReplayView({ topic: initialTopic = '', group: initialGroup = '' }: { topic?: string; group?: string }) {
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
    const f = localDateTimeToMs(from);
    const t = localDateTimeToMs(to);
    if (f === null || t === null) return;
    start.reset();
    setQuery({ mode, topic: topic.trim(), from: f, to: t, group: mode === 'copy' ? undefined : group.trim(), target: mode === 'copy' ? target.trim() : undefined });
  }

  return (
    <>
      <PageHeader title="Replay" description="Re-deliver a time range of a topic to one consumer group, or copy it to another topic. Nothing happens before the preview." />
      <Card testId="replay-form" className="mb-4">
        <form
          className="grid grid-cols-1 gap-3 px-4 py-3 md:grid-cols-3"
          onSubmit={(e) => {
            e.preventDefault();
            onPreview();
          }}
        >
          <Field label="Mode" className="md:col-span-3">
            <Select value={mode} onChange={(e) => setMode(e.target.value as ReplayMode)} data-testid="replay-mode">
              {Object.entries(MODES).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Topic">
            <TextInput value={topic} onChange={(e) => setTopic(e.target.value)} data-testid="replay-topic" required />
          </Field>
          {mode === 'copy' ? (
            <Field label="Copy to topic">
              <TextInput value={target} onChange={(e) => setTarget(e.target.value)} data-testid="replay-target" required />
            </Field>
          ) : (
            <Field label="Consumer group">
              <TextInput value={group} onChange={(e) => setGroup(e.target.value)} data-testid="replay-group" required />
            </Field>
          )}
          <Field label="Rate limit (messages/s)" hint={mode === 'group' ? 'not used: the group consumes at its own pace' : undefined}>
            <TextInput value={rate} onChange={(e) => setRate(e.target.value)} inputMode="numeric" data-testid="replay-rate" />
          </Field>
          <Field label="From (stored at or after)">
            <TextInput type="datetime-local" step="1" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="replay-from" />
          </Field>
          <Field label="To (stored at or before)">
            <TextInput type="datetime-local" step="1" value={to} onChange={(e) => setTo(e.target.value)} data-testid="replay-to" />
          </Field>
          <div className="flex items-end">
            <Button type="submit" variant="secondary" data-testid="replay-preview">
              Preview
            </Button>
          </div>
        </form>
      </Card>
      {preview.isFetching && !p && <LoadingState label="Counting messages…" />}
      {preview.error && (
        <Alert className="mb-4" title="No preview." testId="replay-preview-error">
          {preview.error.message}
        </Alert>
      )}
      {p && query && (
        <Card
          testId="replay-preview-box"
          className="mb-4"
          title={`Preview: ${formatCount(p.total)} message${p.total === 1 ? '' : 's'} to ${p.destination}`}
          description={
            p.mode === 'group'
              ? `The group's offsets go back to ${formatDateTime(p.from)}; it then re-consumes everything stored since (${formatCount(p.inRange)} in the range, ${formatCount(p.total)} up to now).`
              : `${formatCount(p.inRange)} messages stored ${formatDateTime(p.from)} … ${formatDateTime(p.to)}, sent one by one with their keys, tags and properties.`
          }
        >
          <Table>
            <THead>
              <tr>
                <TH>Queue</TH>
                <TH className="text-right">Offsets</TH>
                <TH className="text-right">In range</TH>
                {p.mode === 'group' && <TH className="text-right">Committed now</TH>}
                {p.mode === 'group' && <TH className="text-right">Re-consumes</TH>}
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
                  <TD className="text-right tabular-nums">{formatCount(q.inRange)}</TD>
                  {p.mode === 'group' && <TD className="text-right tabular-nums">{q.currentOffset ?? '—'}</TD>}
                  {p.mode === 'group' && (
                    <TD className="text-right tabular-nums" data-testid="replay-queue-reconsume">
                      {formatCount(q.reconsume)}
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
                    {formatDateTime(m.storeTimestamp)} · {m.msgId} · {m.keys ?? '—'} · {m.bodyPreview}
                  </li>
                ))}
              </ul>
            )}
            {p.needsConfirm && (
              <Field label={`More than ${formatCount(p.confirmLimit)}: type ${p.total} to confirm`} className="mb-3 w-72">
                <TextInput value={confirm} onChange={(e) => setConfirm(e.target.value)} inputMode="numeric" data-testid="replay-confirm" />
              </Field>
            )}
            <AdminOnly>
              <Button
                onClick={() => start.mutate({ ...query, ratePerSec: Number(rate), confirm: p.needsConfirm ? Number(confirm) : undefined })}
                disabled={start.isPending || p.total === 0 || !(Number(rate) > 0) || (p.needsConfirm && Number(confirm) !== p.total)}
                data-testid="replay-start"
              >
                {p.mode === 'group' ? 'Reset offsets and re-deliver' : 'Start job'}
              </Button>
            </AdminOnly>
            {start.error && (
              <Alert className="mt-2" title="Not started." testId="replay-start-error">
                {start.error.message}
              </Alert>
            )}
            {start.data?.mode === 'group' && (
              <p className="mt-2 text-slate-700" data-testid="replay-result">
                Reset {start.data.reset.offsets.length} queue{start.data.reset.offsets.length === 1 ? '' : 's'} ({start.data.reset.method === 'offline' ? 'group offline: committed offsets' : 'online consumers told'}); {formatCount(start.data.total)} messages to re-consume.
              </p>
            )}
            {start.data && start.data.mode !== 'group' && (
              <p className="mt-2 text-slate-700" data-testid="replay-result">
                Job started for {formatCount(start.data.total)} messages; progress below.
              </p>
            )}
          </div>
        </Card>
      )}
      <JobsPanel title="Replay jobs" filter={topic.trim() || undefined} />
    </>
  );
}
