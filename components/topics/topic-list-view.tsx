'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useListParams } from '@/lib/hooks/use-list-params';
import { useFormat } from '@/lib/i18n/use-format';
import { useDeleteTopicMutation, useTopicsQuery } from '@/lib/queries/admin';
import type { Page, TopicRowDto } from '@/lib/dto/admin';
import { TOPIC_PAGE_SIZE } from '@/lib/topics';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { ListToolbar } from '../ui/list-toolbar';
import { PageHeader } from '../ui/page-header';
import { Pagination } from '../ui/pagination';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { TopicForm } from './topic-form';
import { AdminOnly } from '../auth/admin-only';
import { PermLabel } from './perm-label';

const KIND_TONE = { normal: 'blue', retry: 'amber', dlq: 'red', system: 'gray' } as const;

/** `initial`: the first page as the server rendered it (none when the cluster did not answer in time). */
export function TopicListView({ initial }: { initial?: Page<TopicRowDto> }) {
  const t = useTranslations('topics');
  const f = useFormat();
  const list = useListParams(TOPIC_PAGE_SIZE);
  const { data, error, isPending } = useTopicsQuery(list.params, initial);
  const [creating, setCreating] = useState(false);
  const del = useDeleteTopicMutation();

  return (
    <>
      <PageHeader
        title={t('list.title')}
        description={t('list.description')}
        actions={
          <AdminOnly>
            <Button onClick={() => setCreating((v) => !v)} data-testid="topic-create-toggle">
              {creating ? t('list.closeForm') : t('list.createTopic')}
            </Button>
          </AdminOnly>
        }
      />
      {creating && (
        <AdminOnly>
          <Card className="mb-4" title={t('list.createTitle')} description={t('list.createDescription')}>
            <TopicForm />
          </Card>
        </AdminOnly>
      )}
      {del.error && (
        <Alert className="mb-4" testId="topic-delete-error" title={t('list.deleteError')}>
          {del.error.message}
        </Alert>
      )}
      <Card testId="topic-list">
        <ListToolbar q={list.q} onQ={list.setQ} showSystem={list.showSystem} onShowSystem={list.setShowSystem} placeholder={t('list.search')}>
          {data && (
            <span className="text-xs text-slate-500" data-testid="topic-count">
              {t('list.count', { total: f.count(data.total), totalAll: data.totalAll })}
            </span>
          )}
        </ListToolbar>
        {isPending && <LoadingState label={t('list.loading')} />}
        {error && (
          <div className="p-4">
            <Alert testId="topic-list-error" title={t('list.loadError')}>
              {error.message}
            </Alert>
          </div>
        )}
        {data && data.items.length === 0 && <EmptyState testId="topic-empty" title={t('list.empty')} />}
        {data && data.items.length > 0 && (
          <Table>
            <THead>
              <tr>
                <TH>{t('list.colTopic')}</TH>
                <TH>{t('list.colType')}</TH>
                <TH className="text-right">{t('list.colReadQueues')}</TH>
                <TH className="text-right">{t('list.colWriteQueues')}</TH>
                <TH>{t('list.colPermission')}</TH>
                <TH>{t('list.colBrokers')}</TH>
                <TH />
              </tr>
            </THead>
            <TBody>
              {data.items.map((row) => (
                <TR key={row.topic} data-testid="topic-row" data-topic={row.topic}>
                  <TD className="font-medium">
                    <Link href={`/topics/${encodeURIComponent(row.topic)}`} className="text-sky-700 hover:underline" data-testid="topic-link">
                      {row.topic}
                    </Link>
                    {row.order && (
                      <span className="ml-2">
                        <Badge tone="amber">{t('list.ordered')}</Badge>
                      </span>
                    )}
                  </TD>
                  <TD>
                    <Badge tone={KIND_TONE[row.kind]}>{t(`kind.${row.kind}`)}</Badge>
                  </TD>
                  <TD className="text-right tabular-nums">{f.count(row.readQueueNums)}</TD>
                  <TD className="text-right tabular-nums">{f.count(row.writeQueueNums)}</TD>
                  <TD>
                    <PermLabel perm={row.perm} />
                  </TD>
                  <TD className="text-xs text-slate-500">{row.brokerNames.join(', ') || '—'}</TD>
                  <TD className="space-x-3 text-right whitespace-nowrap">
                    <Link href={`/topics/${encodeURIComponent(row.topic)}/tail`} className="text-sm text-sky-700 hover:underline" data-testid="topic-tail-link">
                      {t('list.tail')}
                    </Link>
                    <AdminOnly>
                      <ConfirmButton
                        label={t('list.delete')}
                        question={t('list.deleteQuestion', { topic: row.topic })}
                        onConfirm={() => del.mutate(row.topic)}
                        disabled={del.isPending}
                        testId="topic-delete"
                      />
                    </AdminOnly>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
        {data && <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={list.setPage} />}
      </Card>
    </>
  );
}
