'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useState } from 'react';
import type { FailureSignatureDto } from '@/lib/dto/dlq';
import { ApiRequestError } from '@/lib/api/fetch-json';
import { formatCount, formatDateTime } from '@/lib/format';
import { useSaveTopicMutation } from '@/lib/queries/admin';
import { useDlqPageQuery, useDlqSummaryQuery, usePurgeMutation, type RepublishSelection } from '@/lib/queries/triage';
import { AdminOnly } from '../auth/admin-only';
import { JobsPanel } from '../jobs/jobs-panel';
import { MessageTable } from '../messages/message-table';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { PageHeader } from '../ui/page-header';
import { Pagination } from '../ui/pagination';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { RepublishPanel } from './republish-panel';

const PAGE_SIZE = 50;

// recharts is large: loaded after the page is up, so the dead letters do not wait for it.
const DlqTrendChart = dynamic(() => import('./dlq-trend-chart').then((m) => m.DlqTrendChart), { ssr: false, loading: () => <div className="h-44" /> });

function SignatureTable({ signatures, onRepublish }: { signatures: FailureSignatureDto[]; onRepublish: (s: FailureSignatureDto) => void }) {
  if (signatures.length === 0) return <EmptyState testId="dlq-signatures-empty" title="No live dead letters" />;
  return (
    <Table>
      <THead>
        <tr>
          <TH>Original topic</TH>
          <TH>Tag</TH>
          <TH className="text-right">Reconsumed</TH>
          <TH>Exception</TH>
          <TH className="text-right">Count</TH>
          <TH>First seen</TH>
          <TH>Last seen</TH>
          <TH />
        </tr>
      </THead>
      <TBody>
        {signatures.map((s) => (
          <TR key={s.key} data-testid="dlq-signature" data-topic={s.originalTopic ?? ''}>
            <TD className="font-medium">{s.originalTopic ?? '—'}</TD>
            <TD>{s.tags ?? '—'}</TD>
            <TD className="text-right tabular-nums">{s.reconsumeTimes}</TD>
            <TD className="text-xs text-slate-500">{s.exception ?? 'not recorded by the client'}</TD>
            <TD className="text-right font-semibold tabular-nums" data-testid="dlq-signature-count">
              {formatCount(s.count)}
            </TD>
            <TD className="text-xs">{formatDateTime(s.firstSeen)}</TD>
            <TD className="text-xs">{formatDateTime(s.lastSeen)}</TD>
            <TD className="text-right">
              <AdminOnly>
                <Button variant="secondary" onClick={() => onRepublish(s)} data-testid="dlq-signature-republish">
                  Republish…
                </Button>
              </AdminOnly>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

/** /dlq/:group: dead letters grouped by failure signature, their trend, the newest ones, republish and purge. */
export function DlqTriageView({ group }: { group: string }) {
  const [page, setPage] = useState(1);
  const summary = useDlqSummaryQuery(group);
  const list = useDlqPageQuery(group, page, PAGE_SIZE);
  const purge = usePurgeMutation(group);
  const grant = useSaveTopicMutation();
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [republish, setRepublish] = useState<{ selection: RepublishSelection; label: string } | null>(null);
  const s = summary.data;
  const total = list.data?.total ?? s?.total ?? 0;

  return (
    <>
      <PageHeader
        title={`Dead letters of ${group}`}
        description={
          <>
            <Link href="/dlq" className="text-sky-700 hover:underline">
              Retry &amp; DLQ
            </Link>{' '}
            · %DLQ%{group}
          </>
        }
        actions={
          <AdminOnly>
            <ConfirmButton
              label="Purge…"
              testId="dlq-purge"
              disabled={total === 0 || purge.isPending}
              question={
                <span data-testid="dlq-purge-question">
                  Purge {formatCount(total)} dead letters? Apache RocketMQ cannot delete single messages: this stores a purge mark (the DLQ&apos;s
                  current end, as group orbit-console-dlq-purged&apos;s offset) and the console hides and never republishes what lies below it. The
                  messages stay on the broker&apos;s disk until its retention deletes them; other tools still see them.
                </span>
              }
              confirmLabel={`Purge ${formatCount(total)}`}
              onConfirm={() => purge.mutate(total)}
            />
          </AdminOnly>
        }
      />
      {purge.data && (
        <Alert tone="blue" className="mb-4" title="Purged." testId="dlq-purge-result">
          {formatCount(purge.data.purged)} dead letters hidden below the purge mark.
        </Alert>
      )}
      {purge.error && (
        <Alert className="mb-4" title="Not purged." testId="dlq-purge-error">
          {purge.error.message}
        </Alert>
      )}
      {republish && <RepublishPanel key={republish.label} group={group} selection={republish.selection} label={republish.label} onClose={() => setRepublish(null)} />}
      <Card
        testId="dlq-summary"
        className="mb-4"
        title="Failure signatures"
        description={
          s && (
            <span data-testid="dlq-scan-status" data-complete={s.complete}>
              Every live dead letter, scanned once per DLQ queue and then only the new offsets:{' '}
              {s.complete ? `${formatCount(s.scanned)} of ${formatCount(s.total)} counted` : `scanning… ${formatCount(s.scanned)} of ${formatCount(s.total)}`}
              {s.purged > 0 ? ` · ${formatCount(s.purged)} purged` : ''}
            </span>
          )
        }
      >
        {summary.isPending && <LoadingState label="Counting dead letters…" />}
        {summary.error && (
          <div className="p-4">
            <Alert
              title="Could not read the DLQ."
              testId="dlq-summary-error"
              actions={
                summary.error instanceof ApiRequestError && summary.error.code === 'TOPIC_NOT_READABLE' ? (
                  // Apache 4.9 creates %DLQ% topics write-only (perm 2); 5.x does too.
                  <AdminOnly>
                    <Button
                      disabled={grant.isPending}
                      onClick={() => grant.mutate({ topic: `%DLQ%${group}`, readQueueNums: 1, writeQueueNums: 1, perm: 6, order: false }, { onSuccess: () => void summary.refetch().then(() => list.refetch()) })}
                      data-testid="dlq-triage-make-readable"
                    >
                      Make readable (perm 6)
                    </Button>
                  </AdminOnly>
                ) : undefined
              }
            >
              {summary.error.message}
            </Alert>
          </div>
        )}
        {s && !s.exists && <EmptyState testId="dlq-none" title={`${group} has no dead-letter topic`} />}
        {s?.exists && (
          <>
            <SignatureTable signatures={s.signatures} onRepublish={(x) => setRepublish({ selection: { signature: x.key }, label: `${formatCount(x.count)} dead letters of ${x.originalTopic ?? '?'} / ${x.tags ?? 'no tag'}` })} />
            <DlqTrendChart trend={s.trend} />
          </>
        )}
      </Card>
      <Card
        testId="dlq-page"
        className="mb-4"
        title="Newest dead letters"
        description={list.data ? `${formatCount(list.data.total)} live, newest first` : undefined}
        actions={
          <AdminOnly>
            <Button
              disabled={checked.size === 0}
              onClick={() => setRepublish({ selection: { ids: [...checked] }, label: `${checked.size} selected` })}
              data-testid="dlq-republish-selected"
            >
              Republish selected ({checked.size})
            </Button>
          </AdminOnly>
        }
      >
        {list.isPending && <LoadingState label="Reading dead letters…" />}
        {list.error && (
          <div className="p-4">
            <Alert title="Could not read the dead letters.">{list.error.message}</Alert>
          </div>
        )}
        {list.data && (
          <MessageTable
            messages={list.data.items}
            showOriginal
            onSelect={() => {}}
            checked={checked}
            onCheck={(id, on) =>
              setChecked((c) => {
                const n = new Set(c);
                if (on) n.add(id);
                else n.delete(id);
                return n;
              })
            }
          />
        )}
        {list.data && <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} testId="dlq-pagination" />}
      </Card>
      <JobsPanel filter={`%DLQ%${group}`} title="Republish jobs" />
    </>
  );
}
