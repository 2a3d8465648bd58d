'use client';

import Link from 'next/link';
import { useState } from 'react';
import { formatCount } from '@/lib/format';
import { useListParams } from '@/lib/hooks/use-list-params';
import { useDeleteTopicMutation, useTopicsQuery } from '@/lib/queries/admin';
import type { Page, TopicRowDto } from '@/lib/dto/admin';
import { permText, TOPIC_PAGE_SIZE } from '@/lib/topics';
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

const KIND_TONE = { normal: 'blue', retry: 'amber', dlq: 'red', system: 'gray' } as const;

/** `initial`: the first page as the server rendered it (none when the cluster did not answer in time). */
export function TopicListView({ initial }: { initial?: Page<TopicRowDto> }) {
  const list = useListParams(TOPIC_PAGE_SIZE);
  const { data, error, isPending } = useTopicsQuery(list.params, initial);
  const [creating, setCreating] = useState(false);
  const del = useDeleteTopicMutation();

  return (
    <>
      <PageHeader
        title="Topics"
        description="Topics known to the name servers, with their queue layout. System, retry and DLQ topics are hidden unless asked for."
        actions={
          <AdminOnly>
            <Button onClick={() => setCreating((v) => !v)} data-testid="topic-create-toggle">
              {creating ? 'Close form' : 'Create topic'}
            </Button>
          </AdminOnly>
        }
      />
      {creating && (
        <AdminOnly>
          <Card className="mb-4" title="Create or update a topic" description="Written to every master broker of the cluster.">
            <TopicForm />
          </Card>
        </AdminOnly>
      )}
      {del.error && (
        <Alert className="mb-4" testId="topic-delete-error" title="The topic was not deleted.">
          {del.error.message}
        </Alert>
      )}
      <Card testId="topic-list">
        <ListToolbar q={list.q} onQ={list.setQ} showSystem={list.showSystem} onShowSystem={list.setShowSystem} placeholder="Search topics">
          {data && (
            <span className="text-xs text-slate-500" data-testid="topic-count">
              {formatCount(data.total)} of {formatCount(data.totalAll)} topics
            </span>
          )}
        </ListToolbar>
        {isPending && <LoadingState label="Loading topics…" />}
        {error && (
          <div className="p-4">
            <Alert testId="topic-list-error" title="Could not load the topics.">
              {error.message}
            </Alert>
          </div>
        )}
        {data && data.items.length === 0 && <EmptyState testId="topic-empty" title="No topic matches" />}
        {data && data.items.length > 0 && (
          <Table>
            <THead>
              <tr>
                <TH>Topic</TH>
                <TH>Type</TH>
                <TH className="text-right">Read queues</TH>
                <TH className="text-right">Write queues</TH>
                <TH>Permission</TH>
                <TH>Brokers</TH>
                <TH />
              </tr>
            </THead>
            <TBody>
              {data.items.map((t) => (
                <TR key={t.topic} data-testid="topic-row" data-topic={t.topic}>
                  <TD className="font-medium">
                    <Link href={`/topics/${encodeURIComponent(t.topic)}`} className="text-sky-700 hover:underline" data-testid="topic-link">
                      {t.topic}
                    </Link>
                    {t.order && (
                      <span className="ml-2">
                        <Badge tone="amber">ordered</Badge>
                      </span>
                    )}
                  </TD>
                  <TD>
                    <Badge tone={KIND_TONE[t.kind]}>{t.kind}</Badge>
                  </TD>
                  <TD className="text-right tabular-nums">{formatCount(t.readQueueNums)}</TD>
                  <TD className="text-right tabular-nums">{formatCount(t.writeQueueNums)}</TD>
                  <TD>{permText(t.perm)}</TD>
                  <TD className="text-xs text-slate-500">{t.brokerNames.join(', ') || '—'}</TD>
                  <TD className="space-x-3 text-right whitespace-nowrap">
                    <Link href={`/topics/${encodeURIComponent(t.topic)}/tail`} className="text-sm text-sky-700 hover:underline" data-testid="topic-tail-link">
                      Tail
                    </Link>
                    <AdminOnly>
                      <ConfirmButton
                        label="Delete"
                        question={`Delete ${t.topic}?`}
                        onConfirm={() => del.mutate(t.topic)}
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
