'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useFormat } from '@/lib/i18n/use-format';
import { useAuditQuery, type AuditFilterParams } from '@/lib/queries/audit';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Field, Select, TextInput } from '../ui/form';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

const OUTCOME_TONE = { success: 'green', denied: 'amber', failure: 'red' } as const;

const OUTCOMES = ['success', 'denied', 'failure'] as const;

const EMPTY: AuditFilterParams = { user: '', action: '', outcome: '', from: '', to: '' };

/** /audit: every change made through the console, newest first, filterable by user, action, outcome and time. */
export function AuditView() {
  const t = useTranslations('audit');
  const f = useFormat();
  const [draft, setDraft] = useState<AuditFilterParams>(EMPTY);
  const [filter, setFilter] = useState<AuditFilterParams>(EMPTY);
  const { data, error, isPending } = useAuditQuery(filter);
  const set = (k: keyof AuditFilterParams) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(draft);
  };

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card className="mb-4">
        <form onSubmit={apply} className="grid grid-cols-2 items-end gap-3 p-4 md:grid-cols-6" data-testid="audit-filter">
          <Field label={t('user')}>
            <TextInput value={draft.user} onChange={set('user')} placeholder={t('any')} data-testid="audit-filter-user" />
          </Field>
          <Field label={t('action')}>
            <TextInput value={draft.action} onChange={set('action')} placeholder={t('actionPlaceholder')} data-testid="audit-filter-action" />
          </Field>
          <Field label={t('outcome')}>
            <Select value={draft.outcome} onChange={set('outcome')} data-testid="audit-filter-outcome">
              <option value="">{t('any')}</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`outcomes.${o}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('from')}>
            <TextInput type="datetime-local" value={draft.from} onChange={set('from')} data-testid="audit-filter-from" />
          </Field>
          <Field label={t('to')}>
            <TextInput type="datetime-local" value={draft.to} onChange={set('to')} data-testid="audit-filter-to" />
          </Field>
          <div className="flex gap-2">
            <Button type="submit" data-testid="audit-filter-apply">
              {t('filter')}
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setDraft(EMPTY);
                setFilter(EMPTY);
              }}
              data-testid="audit-filter-clear"
            >
              {t('clear')}
            </Button>
          </div>
        </form>
      </Card>
      <Card testId="audit-list">
        {isPending && <LoadingState label={t('loading')} />}
        {error && (
          <div className="p-4">
            <Alert testId="audit-error" title={t('loadError')}>
              {error.message}
            </Alert>
          </div>
        )}
        {data && (
          <p className="px-4 pt-3 text-xs text-slate-500" data-testid="audit-count">
            {data.items.length < data.total ? t('countNewest', { shown: data.items.length, total: data.total }) : t('count', { count: data.total })}
          </p>
        )}
        {data && data.items.length === 0 && <EmptyState testId="audit-empty" title={t('empty')} />}
        {data && data.items.length > 0 && (
          <Table>
            <THead>
              <tr>
                <TH>{t('colTime')}</TH>
                <TH>{t('user')}</TH>
                <TH>{t('action')}</TH>
                <TH>{t('colTarget')}</TH>
                <TH>{t('outcome')}</TH>
                <TH>{t('colFrom')}</TH>
              </tr>
            </THead>
            <TBody>
              {data.items.map((r, i) => (
                <TR key={`${r.ts}-${i}`} data-testid="audit-row" data-action={r.action} data-user={r.user} data-outcome={r.outcome}>
                  <TD className="tabular-nums" title={r.ts}>
                    {f.dateTime(Date.parse(r.ts))}
                  </TD>
                  <TD data-testid="audit-user">
                    {r.user}
                    {r.role && <span className="ml-1 text-xs text-slate-400">({r.role})</span>}
                  </TD>
                  <TD data-testid="audit-action" title={`${r.method} ${r.path}`}>
                    <code className="text-xs">{r.action}</code>
                  </TD>
                  <TD data-testid="audit-target" className="max-w-xs truncate">
                    {r.target ?? '—'}
                  </TD>
                  <TD>
                    <Badge tone={OUTCOME_TONE[r.outcome]} testId="audit-outcome">
                      {t(`outcomes.${r.outcome}`)}
                    </Badge>
                    <span className="ml-1 text-xs text-slate-400">
                      {r.status}
                      {r.detail ? ` ${r.detail}` : ''}
                    </span>
                  </TD>
                  <TD className="font-mono text-xs">{r.ip}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
