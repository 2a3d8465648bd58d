'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { MessageSummaryDto, ResendOutcomeDto } from '@/lib/dto/admin';
import { toCsv } from '@/lib/format';
import { useFormat } from '@/lib/i18n/use-format';
import { useListParams } from '@/lib/hooks/use-list-params';
import { useDlqMessagesQuery, useDlqQuery, useMessageQuery, useResendMutation, useSaveTopicMutation } from '@/lib/queries/admin';
import { ApiRequestError } from '@/lib/api/fetch-json';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import { ListToolbar } from '../ui/list-toolbar';
import { PageHeader } from '../ui/page-header';
import { Pagination } from '../ui/pagination';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { MessageDetail } from '../messages/message-detail';
import { MessageTable } from '../messages/message-table';
import { AdminOnly } from '../auth/admin-only';

const CHUNK = 20;

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function DlqView() {
  const t = useTranslations('dlq');
  const f = useFormat();
  const list = useListParams(20);
  const { data, error, isPending } = useDlqQuery(list.params);
  const [group, setGroup] = useState<string | null>(null);

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card testId="dlq-list" className="mb-4">
        <ListToolbar q={list.q} onQ={list.setQ} showSystem={list.showSystem} onShowSystem={list.setShowSystem} placeholder={t('searchPlaceholder')} systemLabel={t('showSystemGroups')} />
        {isPending && <LoadingState label={t('loading')} />}
        {error && (
          <div className="p-4">
            <Alert title={t('loadError')}>{error.message}</Alert>
          </div>
        )}
        {data && data.items.length === 0 && <EmptyState title={t('emptyTitle')} />}
        {data && data.items.length > 0 && (
          <Table>
            <THead>
              <tr>
                <TH>{t('colGroup')}</TH>
                <TH className="text-right">{t('colRetryDepth')}</TH>
                <TH className="text-right">{t('colDlqDepth')}</TH>
                <TH />
              </tr>
            </THead>
            <TBody>
              {data.items.map((r) => (
                <TR key={r.group} data-testid="dlq-row" data-group={r.group} className={group === r.group ? 'bg-sky-50' : undefined}>
                  <TD className="font-medium">{r.group}</TD>
                  <TD className="text-right tabular-nums" data-testid="dlq-retry-depth">
                    {r.hasRetryTopic ? f.count(r.retryDepth) : '—'}
                  </TD>
                  <TD className={cn('text-right tabular-nums', r.dlqDepth > 0 && 'font-semibold text-red-700')} data-testid="dlq-depth">
                    {r.hasDlqTopic ? f.count(r.dlqDepth) : '—'}
                  </TD>
                  <TD className="text-right">
                    <Link href={`/dlq/${encodeURIComponent(r.group)}`} className="mr-3 text-sm text-sky-700 hover:underline" data-testid="dlq-triage">
                      {t('triage')}
                    </Link>
                    <Button variant="secondary" onClick={() => setGroup(r.group)} data-testid="dlq-browse">
                      {t('browse')}
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
        {data && <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={list.setPage} />}
      </Card>
      {group && <DlqMessages key={group} group={group} />}
    </>
  );
}

function DlqMessages({ group }: { group: string }) {
  const t = useTranslations('dlq');
  const f = useFormat();
  const [which, setWhich] = useState<'dlq' | 'retry'>('dlq');
  const { data, error, isPending, refetch } = useDlqMessagesQuery(group, which);
  const grant = useSaveTopicMutation();
  const notReadable = error instanceof ApiRequestError && error.code === 'TOPIC_NOT_READABLE';
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number; failed: ResendOutcomeDto[] } | null>(null);
  const resend = useResendMutation();
  const detail = useMessageQuery(selected);
  const messages = data?.messages ?? [];

  async function resendIds(ids: string[]) {
    const state = { done: 0, total: ids.length, failed: [] as ResendOutcomeDto[] };
    setProgress({ ...state });
    for (let i = 0; i < ids.length; i += CHUNK) {
      try {
        const r = await resend.mutateAsync({ ids: ids.slice(i, i + CHUNK) });
        state.failed.push(...r.results.filter((x) => !x.ok));
      } catch (err) {
        state.failed.push(...ids.slice(i, i + CHUNK).map((id) => ({ id, ok: false, error: (err as Error).message })));
      }
      state.done = Math.min(ids.length, i + CHUNK);
      setProgress({ ...state });
    }
    setChecked(new Set());
  }

  const rows = (ms: MessageSummaryDto[]) =>
    ms.map((m) => [m.msgId, m.offsetMsgId, m.topic, m.originalTopic, m.reconsumeTimes, new Date(m.storeTimestamp).toISOString(), m.tags, m.keys, m.bodyPreview]);
  const header = ['msgId', 'offsetMsgId', 'topic', 'originalTopic', 'reconsumeTimes', 'storeTime', 'tags', 'keys', 'bodyPreview'];

  return (
    <Card
      testId="dlq-messages"
      title={which === 'dlq' ? t('deadLettersOf', { group }) : t('retryQueueOf', { group })}
      description={data ? (data.truncated ? t('messagesShownTruncated', { count: messages.length }) : t('messagesShown', { count: messages.length })) : undefined}
      actions={
        <>
          <Button variant={which === 'dlq' ? 'primary' : 'secondary'} onClick={() => setWhich('dlq')} data-testid="dlq-which-dlq">
            {t('whichDlq')}
          </Button>
          <Button variant={which === 'retry' ? 'primary' : 'secondary'} onClick={() => setWhich('retry')} data-testid="dlq-which-retry">
            {t('whichRetry')}
          </Button>
        </>
      }
    >
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2">
        <AdminOnly>
          <Button disabled={checked.size === 0 || resend.isPending} onClick={() => void resendIds([...checked])} data-testid="dlq-resend-selected">
            {t('resendSelected', { count: checked.size })}
          </Button>
          <Button variant="secondary" disabled={messages.length === 0 || resend.isPending} onClick={() => void resendIds(messages.map((m) => m.offsetMsgId))} data-testid="dlq-resend-all">
            {t('resendAll')}
          </Button>
        </AdminOnly>
        <Button variant="secondary" disabled={messages.length === 0} onClick={() => download(`${which}-${group}.json`, 'application/json', JSON.stringify(messages, null, 2))} data-testid="dlq-export-json">
          {t('exportJson')}
        </Button>
        <Button variant="secondary" disabled={messages.length === 0} onClick={() => download(`${which}-${group}.csv`, 'text/csv', toCsv(header, rows(messages)))} data-testid="dlq-export-csv">
          {t('exportCsv')}
        </Button>
        {progress && (
          <span className="ml-2 text-sm text-slate-600" data-testid="dlq-resend-progress" role="status">
            <progress className="mr-2 align-middle" max={progress.total} value={progress.done} />
            {t('resent', { done: Math.max(0, progress.done - progress.failed.length), total: progress.total })}
            {progress.failed.length > 0 && <span className="text-red-700"> · {t('resendFailed', { count: progress.failed.length, error: progress.failed[0].error ?? '' })}</span>}
          </span>
        )}
      </div>
      {isPending && <LoadingState label={t('messagesLoading')} />}
      {error && (
        <div className="p-4">
          <Alert
            testId="dlq-messages-error"
            title={t('messagesError')}
            actions={
              notReadable ? (
                <AdminOnly>
                  <Button
                    onClick={() =>
                      grant.mutate(
                        { topic: `${which === 'dlq' ? '%DLQ%' : '%RETRY%'}${group}`, readQueueNums: 1, writeQueueNums: 1, perm: 6, order: false },
                        { onSuccess: () => void refetch() },
                      )
                    }
                    disabled={grant.isPending}
                    data-testid="dlq-make-readable"
                  >
                    {t('makeReadable')}
                  </Button>
                </AdminOnly>
              ) : undefined
            }
          >
            {error.message}
            {grant.error ? ` — ${grant.error.message}` : ''}
          </Alert>
        </div>
      )}
      {data && (
        <MessageTable
          messages={messages}
          showOriginal
          onSelect={(m) => setSelected(m.offsetMsgId)}
          selectedId={selected}
          checked={checked}
          onCheck={(id, on) =>
            setChecked((s) => {
              const n = new Set(s);
              if (on) n.add(id);
              else n.delete(id);
              return n;
            })
          }
        />
      )}
      {selected && detail.data && (
        <div className="border-t border-slate-200 p-4">
          <p className="mb-2 text-xs text-slate-500">{t('storedAt', { time: f.dateTime(detail.data.storeTimestamp) })}</p>
          <MessageDetail message={detail.data} />
        </div>
      )}
    </Card>
  );
}
