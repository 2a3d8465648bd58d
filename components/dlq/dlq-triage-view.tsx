'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { DlqPageDto, DlqSummaryDto, FailureSignatureDto } from '@/lib/dto/dlq';
import { ApiRequestError } from '@/lib/api/fetch-json';
import { useFormat } from '@/lib/i18n/use-format';
import { useSaveTopicMutation } from '@/lib/queries/admin';
import { useDlqPageQuery, useDlqSummaryQuery, usePurgeMutation, type RepublishSelection } from '@/lib/queries/triage';
import { DLQ_PAGE_SIZE as PAGE_SIZE } from '@/lib/topics';
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

// recharts is large: loaded after the page is up, so the dead letters do not wait for it.
const DlqTrendChart = dynamic(() => import('./dlq-trend-chart').then((m) => m.DlqTrendChart), { ssr: false, loading: () => <div className="h-44" /> });

function SignatureTable({ signatures, onRepublish }: { signatures: FailureSignatureDto[]; onRepublish: (s: FailureSignatureDto) => void }) {
  const t = useTranslations('dlq');
  const f = useFormat();
  if (signatures.length === 0) return <EmptyState testId="dlq-signatures-empty" title={t('signaturesEmpty')} />;
  return (
    <Table>
      <THead>
        <tr>
          <TH>{t('colOriginalTopic')}</TH>
          <TH>{t('colTag')}</TH>
          <TH className="text-right">{t('colReconsumed')}</TH>
          <TH>{t('colException')}</TH>
          <TH className="text-right">{t('colCount')}</TH>
          <TH>{t('colFirstSeen')}</TH>
          <TH>{t('colLastSeen')}</TH>
          <TH />
        </tr>
      </THead>
      <TBody>
        {signatures.map((s) => (
          <TR key={s.key} data-testid="dlq-signature" data-topic={s.originalTopic ?? ''}>
            <TD className="font-medium">{s.originalTopic ?? '—'}</TD>
            <TD>{s.tags ?? '—'}</TD>
            <TD className="text-right tabular-nums">{s.reconsumeTimes}</TD>
            <TD className="text-xs text-slate-500">{s.exception ?? t('exceptionNotRecorded')}</TD>
            <TD className="text-right font-semibold tabular-nums" data-testid="dlq-signature-count">
              {f.count(s.count)}
            </TD>
            <TD className="text-xs">{f.dateTime(s.firstSeen)}</TD>
            <TD className="text-xs">{f.dateTime(s.lastSeen)}</TD>
            <TD className="text-right">
              <AdminOnly>
                <Button variant="secondary" onClick={() => onRepublish(s)} data-testid="dlq-signature-republish">
                  {t('republishEllipsis')}
                </Button>
              </AdminOnly>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

/**
 * /dlq/:group: dead letters grouped by failure signature, their trend, the newest ones, republish and purge.
 * `initialPage` / `initialSummary`: what the server rendered (none when the cluster did not answer in time).
 */
export function DlqTriageView({ group, initialPage, initialSummary }: { group: string; initialPage?: DlqPageDto; initialSummary?: DlqSummaryDto }) {
  const t = useTranslations('dlq');
  const f = useFormat();
  const [page, setPage] = useState(1);
  const summary = useDlqSummaryQuery(group, initialSummary);
  const list = useDlqPageQuery(group, page, PAGE_SIZE, initialPage);
  const purge = usePurgeMutation(group);
  const grant = useSaveTopicMutation();
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [republish, setRepublish] = useState<{ selection: RepublishSelection; label: string } | null>(null);
  const s = summary.data;
  const total = list.data?.total ?? s?.total ?? 0;

  return (
    <>
      <PageHeader
        title={t('deadLettersOf', { group })}
        description={
          <>
            <Link href="/dlq" className="text-sky-700 hover:underline">
              {t('title')}
            </Link>{' '}
            · %DLQ%{group}
          </>
        }
        actions={
          <AdminOnly>
            <ConfirmButton
              label={t('purge')}
              testId="dlq-purge"
              disabled={total === 0 || purge.isPending}
              question={
<span data-testid="dlq-purge-question">{t('purgeQuestion', { count: f.count(total) })}</span>
              }
              confirmLabel={t('purgeConfirm', { count: f.count(total) })}
              onConfirm={() => purge.mutate(total)}
            />
          </AdminOnly>
        }
      />
      {purge.data && (
        <Alert tone="blue" className="mb-4" title={t('purgedTitle')} testId="dlq-purge-result">
          {t('purgedText', { count: f.count(purge.data.purged) })}
        </Alert>
      )}
      {purge.error && (
        <Alert className="mb-4" title={t('purgeError')} testId="dlq-purge-error">
          {purge.error.message}
        </Alert>
      )}
      {republish && <RepublishPanel key={republish.label} group={group} selection={republish.selection} label={republish.label} onClose={() => setRepublish(null)} />}
      <Card
        testId="dlq-summary"
        className="mb-4"
        title={t('signaturesTitle')}
        description={
          s && (
            <span data-testid="dlq-scan-status" data-complete={s.complete}>
              {t('scanIntro')}{' '}
              {s.complete ? t('scanCounted', { scanned: f.count(s.scanned), total: f.count(s.total) }) : t('scanScanning', { scanned: f.count(s.scanned), total: f.count(s.total) })}
              {s.purged > 0 ? ` · ${t('scanPurged', { count: f.count(s.purged) })}` : ''}
            </span>
          )
        }
      >
        {summary.isPending && <LoadingState label={t('summaryLoading')} />}
        {summary.error && (
          <div className="p-4">
            <Alert
              title={t('summaryError')}
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
                      {t('makeReadable')}
                    </Button>
                  </AdminOnly>
                ) : undefined
              }
            >
              {summary.error.message}
            </Alert>
          </div>
        )}
        {s && !s.exists && <EmptyState testId="dlq-none" title={t('noDlqTopic', { group })} />}
        {s?.exists && (
          <>
            <SignatureTable signatures={s.signatures} onRepublish={(x) => setRepublish({ selection: { signature: x.key }, label: t('signatureLabel', { count: f.count(x.count), topic: x.originalTopic ?? '?', tag: x.tags ?? t('noTag') }) })} />
            <DlqTrendChart trend={s.trend} />
          </>
        )}
      </Card>
      <Card
        testId="dlq-page"
        className="mb-4"
        title={t('newestTitle')}
        description={list.data ? t('newestDescription', { count: f.count(list.data.total) }) : undefined}
        actions={
          <AdminOnly>
            <Button
              disabled={checked.size === 0}
              onClick={() => setRepublish({ selection: { ids: [...checked] }, label: t('selectedLabel', { count: checked.size }) })}
              data-testid="dlq-republish-selected"
            >
              {t('republishSelected', { count: checked.size })}
            </Button>
          </AdminOnly>
        }
      >
        {list.isPending && <LoadingState label={t('pageLoading')} />}
        {list.error && (
          <div className="p-4">
            <Alert title={t('pageError')}>{list.error.message}</Alert>
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
      <JobsPanel filter={`%DLQ%${group}`} title={t('republishJobs')} />
    </>
  );
}
