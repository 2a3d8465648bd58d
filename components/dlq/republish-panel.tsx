'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFormat } from '@/lib/i18n/use-format';
import { useRepublishPreviewMutation, useStartRepublishMutation, type RepublishSelection } from '@/lib/queries/triage';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Field, Select, TextInput } from '../ui/form';
import { Alert } from '../ui/states';

/** Preview, then start, a batch republish of a signature group or a selection of dead letters. */
export function RepublishPanel({ group, selection, label, onClose }: { group: string; selection: RepublishSelection; label: string; onClose: () => void }) {
  const t = useTranslations('dlq');
  const f = useFormat();
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
      title={t('republishTitle', { label })}
      description={t('republishDescription')}
      actions={
        <Button variant="secondary" onClick={onClose} data-testid="republish-close">
          {t('close')}
        </Button>
      }
      className="mb-4"
    >
      <div className="flex flex-wrap items-end gap-3 px-4 py-3">
        <Field label={t('sendTo')} className="w-72">
          <Select
            value={to}
            onChange={(e) => {
              setTo(e.target.value as 'original' | 'retry');
              preview.reset();
            }}
            data-testid="republish-to"
          >
            <option value="retry">{t('toRetry', { group })}</option>
            <option value="original">{t('toOriginal')}</option>
          </Select>
        </Field>
        <Field label={t('rateLimit')} className="w-48">
          <TextInput value={rate} onChange={(e) => setRate(e.target.value)} inputMode="numeric" data-testid="republish-rate" />
        </Field>
        <Button variant="secondary" onClick={() => preview.mutate({ ...selection, to })} disabled={preview.isPending} data-testid="republish-preview">
          {t('preview')}
        </Button>
      </div>
      {preview.error && (
        <div className="px-4 pb-3">
          <Alert title={t('previewError')}>{preview.error.message}</Alert>
        </div>
      )}
      {p && (
        <div className="border-t border-slate-200 px-4 py-3 text-sm" data-testid="republish-preview-box">
          <p>
            {t.rich('willSend', {
              count: p.count,
              destinations: p.destinations.join(', '),
              rate: f.count(rateNum || 0),
              num: (n) => <strong data-testid="republish-count">{n}</strong>,
              dest: (d) => <strong data-testid="republish-destinations">{d}</strong>,
            })}
          </p>
          {p.first.length > 0 && (
            <ul className="mt-2 space-y-0.5 font-mono text-xs text-slate-600" data-testid="republish-first">
              {p.first.map((m) => (
                <li key={m.offsetMsgId}>
                  {f.dateTime(m.storeTimestamp)} · {m.msgId} · {m.tags ?? '—'} · {m.bodyPreview}
                </li>
              ))}
            </ul>
          )}
          {p.needsConfirm && (
            <Field label={t('confirmLabel', { limit: f.count(p.confirmLimit), count: p.count })} className="mt-3 w-72">
              <TextInput value={confirm} onChange={(e) => setConfirm(e.target.value)} inputMode="numeric" data-testid="republish-confirm" />
            </Field>
          )}
          <div className="mt-3 flex items-center gap-2">
            <Button
              onClick={() => start.mutate({ ...selection, to, ratePerSec: rateNum, confirm: p.needsConfirm ? Number(confirm) : undefined })}
              disabled={start.isPending || !(rateNum > 0) || p.count === 0 || (p.needsConfirm && Number(confirm) !== p.count)}
              data-testid="republish-start"
            >
              {t('startRepublish')}
            </Button>
            {start.data && (
              <span className="text-sm text-slate-600" data-testid="republish-started">
                {t('started')}
              </span>
            )}
          </div>
          {start.error && (
            <Alert className="mt-2" title={t('notStarted')}>
              {start.error.message}
            </Alert>
          )}
        </div>
      )}
    </Card>
  );
}
