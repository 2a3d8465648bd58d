'use client';

import { useState, type FormEvent } from 'react';
import { useAuditQuery, type AuditFilterParams } from '@/lib/queries/audit';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Field, Select, TextInput } from '../ui/form';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

const OUTCOME_TONE = { success: 'green', denied: 'amber', failure: 'red' } as const;

const EMPTY: AuditFilterParams = { user: '', action: '', outcome: '', from: '', to: '' };

/** /audit: every change made through the console, newest first, filterable by user, action, outcome and time. */
export function AuditView() {
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
      <PageHeader title="Audit log" description="Every change made through the console: who, what, when, from where, and how it ended." />
      <Card className="mb-4">
        <form onSubmit={apply} className="grid grid-cols-2 items-end gap-3 p-4 md:grid-cols-6" data-testid="audit-filter">
          <Field label="User">
            <TextInput value={draft.user} onChange={set('user')} placeholder="any" data-testid="audit-filter-user" />
          </Field>
          <Field label="Action">
            <TextInput value={draft.action} onChange={set('action')} placeholder="e.g. topic" data-testid="audit-filter-action" />
          </Field>
          <Field label="Outcome">
            <Select value={draft.outcome} onChange={set('outcome')} data-testid="audit-filter-outcome">
              <option value="">any</option>
              <option value="success">success</option>
              <option value="denied">denied</option>
              <option value="failure">failure</option>
            </Select>
          </Field>
          <Field label="From">
            <TextInput type="datetime-local" value={draft.from} onChange={set('from')} data-testid="audit-filter-from" />
          </Field>
          <Field label="To">
            <TextInput type="datetime-local" value={draft.to} onChange={set('to')} data-testid="audit-filter-to" />
          </Field>
          <div className="flex gap-2">
            <Button type="submit" data-testid="audit-filter-apply">
              Filter
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setDraft(EMPTY);
                setFilter(EMPTY);
              }}
              data-testid="audit-filter-clear"
            >
              Clear
            </Button>
          </div>
        </form>
      </Card>
      <Card testId="audit-list">
        {isPending && <LoadingState label="Loading the audit log…" />}
        {error && (
          <div className="p-4">
            <Alert testId="audit-error" title="Could not load the audit log.">
              {error.message}
            </Alert>
          </div>
        )}
        {data && (
          <p className="px-4 pt-3 text-xs text-slate-500" data-testid="audit-count">
            {data.items.length < data.total ? `newest ${data.items.length} of ${data.total} entries` : `${data.total} ${data.total === 1 ? 'entry' : 'entries'}`}
          </p>
        )}
        {data && data.items.length === 0 && <EmptyState testId="audit-empty" title="No entry matches" />}
        {data && data.items.length > 0 && (
          <Table>
            <THead>
              <tr>
                <TH>Time</TH>
                <TH>User</TH>
                <TH>Action</TH>
                <TH>Target</TH>
                <TH>Outcome</TH>
                <TH>From</TH>
              </tr>
            </THead>
            <TBody>
              {data.items.map((r, i) => (
                <TR key={`${r.ts}-${i}`} data-testid="audit-row" data-action={r.action} data-user={r.user} data-outcome={r.outcome}>
                  <TD className="tabular-nums" title={r.ts}>
                    {new Date(r.ts).toLocaleString()}
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
                      {r.outcome}
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
