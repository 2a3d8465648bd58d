'use client';

import { useState } from 'react';
import { formatCount, formatDateTime } from '@/lib/format';
import { useRepublishPreviewMutation, useStartRepublishMutation, type RepublishSelection } from '@/lib/queries/triage';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Field, Select, TextInput } from '../ui/form';
import { Alert } from '../ui/states';

/** Preview, then start, a batch republish of a signature group or a selection of dead letters. */
export function RepublishPanel({ group, selection, label, onClose }: { group: string; selection: RepublishSelection; label: string; onClose: () => void }) {
  const [to, setTo] = useState<'original' | 'retry'>('retry');
  const [rate, setRate] = useState('200');
  const [confirm, setConfirm] = useState('');
  const preview = useRepublishPreviewMutation(group);
  const start = useStartRepublishMutation(group);
  const p = preview.data;
  const rateNum = Number(rate);

  return (
    <Card
      testId="republish-panel"
      title={`Republish ${label}`}
      description="A dead letter stays in the DLQ after it is republished; purge the DLQ once the consumer handles them."
      actions={
        <Button variant="secondary" onClick={onClose} data-testid="republish-close">
          Close
        </Button>
      }
      className="mb-4"
    >
      <div className="flex flex-wrap items-end gap-3 px-4 py-3">
        <Field label="Send to" className="w-72">
          <Select
            value={to}
            onChange={(e) => {
              setTo(e.target.value as 'original' | 'retry');
              preview.reset();
            }}
            data-testid="republish-to"
          >
            <option value="retry">%RETRY%{group} (only this group)</option>
            <option value="original">The original topic (every group)</option>
          </Select>
        </Field>
        <Field label="Rate limit (messages/s)" className="w-48">
          <TextInput value={rate} onChange={(e) => setRate(e.target.value)} inputMode="numeric" data-testid="republish-rate" />
        </Field>
        <Button variant="secondary" onClick={() => preview.mutate({ ...selection, to })} disabled={preview.isPending} data-testid="republish-preview">
          Preview
        </Button>
      </div>
      {preview.error && (
        <div className="px-4 pb-3">
          <Alert title="No preview.">{preview.error.message}</Alert>
        </div>
      )}
      {p && (
        <div className="border-t border-slate-200 px-4 py-3 text-sm" data-testid="republish-preview-box">
          <p>
            Will send <strong data-testid="republish-count">{formatCount(p.count)}</strong> message{p.count === 1 ? '' : 's'} to{' '}
            <strong data-testid="republish-destinations">{p.destinations.join(', ')}</strong> at most {formatCount(rateNum || 0)}/s.
          </p>
          {p.first.length > 0 && (
            <ul className="mt-2 space-y-0.5 font-mono text-xs text-slate-600" data-testid="republish-first">
              {p.first.map((m) => (
                <li key={m.offsetMsgId}>
                  {formatDateTime(m.storeTimestamp)} · {m.msgId} · {m.tags ?? '—'} · {m.bodyPreview}
                </li>
              ))}
            </ul>
          )}
          {p.needsConfirm && (
            <Field label={`More than ${formatCount(p.confirmLimit)}: type ${p.count} to confirm`} className="mt-3 w-72">
              <TextInput value={confirm} onChange={(e) => setConfirm(e.target.value)} inputMode="numeric" data-testid="republish-confirm" />
            </Field>
          )}
          <div className="mt-3 flex items-center gap-2">
            <Button
              onClick={() => start.mutate({ ...selection, to, ratePerSec: rateNum, confirm: p.needsConfirm ? Number(confirm) : undefined })}
              disabled={start.isPending || !(rateNum > 0) || p.count === 0 || (p.needsConfirm && Number(confirm) !== p.count)}
              data-testid="republish-start"
            >
              Start republish
            </Button>
            {start.data && (
              <span className="text-sm text-slate-600" data-testid="republish-started">
                Job started; progress below.
              </span>
            )}
          </div>
          {start.error && (
            <Alert className="mt-2" title="Not started.">
              {start.error.message}
            </Alert>
          )}
        </div>
      )}
    </Card>
  );
}
