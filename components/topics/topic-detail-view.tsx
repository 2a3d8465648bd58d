'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/lib/i18n/use-format';
import { useDeleteTopicMutation, useTopicQuery } from '@/lib/queries/admin';
import { Badge } from '../ui/badge';
import { Card, StatTile } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { SendMessageForm } from './send-message-form';
import { TopicForm } from './topic-form';
import { AdminOnly } from '../auth/admin-only';
import { PermLabel } from './perm-label';

export function TopicDetailView({ topic }: { topic: string }) {
  const t = useTranslations('topics');
  const f = useFormat();
  const { data, error, isPending } = useTopicQuery(topic);
  const del = useDeleteTopicMutation();
  const router = useRouter();

  return (
    <>
      <PageHeader
        title={topic}
        description={
          <Link href="/topics" className="text-sky-700 hover:underline">
            {t('detail.allTopics')}
          </Link>
        }
        actions={
          <>
            <Link href={`/topics/${encodeURIComponent(topic)}/tail`} className="text-sm font-medium text-sky-700 hover:underline" data-testid="topic-live-tail-link">
              {t('detail.liveTail')}
            </Link>
            <Link href={`/replay?topic=${encodeURIComponent(topic)}`} className="text-sm text-sky-700 hover:underline" data-testid="topic-replay-link">
              {t('detail.replay')}
            </Link>
            <AdminOnly>
              <ConfirmButton
                label={t('detail.delete')}
                question={t('detail.deleteQuestion', { topic })}
                onConfirm={() => del.mutate(topic, { onSuccess: () => router.push('/topics') })}
                testId="topic-detail-delete"
              />
            </AdminOnly>
          </>
        }
      />
      {isPending && (
        <Card>
          <LoadingState label={t('detail.loading')} />
        </Card>
      )}
      {error && (
        <Alert testId="topic-detail-error" className="mb-4" title={t('detail.loadError', { topic })}>
          {error.message}
        </Alert>
      )}
      {del.error && (
        <Alert className="mb-4" title={t('detail.deleteError')}>
          {del.error.message}
        </Alert>
      )}
      {data && (
        <div className="space-y-4">
          {data.problems.length > 0 && <Alert tone="amber" title={t('detail.problems')}>{data.problems.join('; ')}</Alert>}
          <div className="grid gap-3 sm:grid-cols-4">
            <StatTile label={t('detail.statMessages')} value={f.count(data.totalMessages)} testId="topic-total" />
            <StatTile label={t('detail.statQueues')} value={f.count(data.queues.length)} />
            <StatTile label={t('detail.statBrokers')} value={f.count(data.route.length)} />
            <StatTile label={t('detail.statType')} value={<Badge tone="blue">{t(`kind.${data.kind}`)}</Badge>} />
          </div>
          <Card title={t('detail.queuesTitle')} description={t('detail.queuesDescription')} testId="topic-queues">
            <Table>
              <THead>
                <tr>
                  <TH>{t('detail.colBroker')}</TH>
                  <TH className="text-right">{t('detail.colQueue')}</TH>
                  <TH className="text-right">{t('detail.colMinOffset')}</TH>
                  <TH className="text-right">{t('detail.colMaxOffset')}</TH>
                  <TH>{t('detail.colLastUpdate')}</TH>
                </tr>
              </THead>
              <TBody>
                {data.queues.map((q) => (
                  <TR key={`${q.brokerName}/${q.queueId}`} data-testid="queue-row" data-queue={`${q.brokerName}/${q.queueId}`}>
                    <TD>{q.brokerName}</TD>
                    <TD className="text-right tabular-nums">{q.queueId}</TD>
                    <TD className="text-right tabular-nums" data-testid="queue-min">
                      {q.minOffset}
                    </TD>
                    <TD className="text-right tabular-nums" data-testid="queue-max">
                      {q.maxOffset}
                    </TD>
                    <TD data-testid="queue-updated">{f.dateTime(q.lastUpdateTimestamp)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </Card>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card title={t('detail.routeTitle')} testId="topic-route">
              <Table>
                <THead>
                  <tr>
                    <TH>{t('detail.colBroker')}</TH>
                    <TH>{t('detail.colMaster')}</TH>
                    <TH className="text-right">{t('detail.colRead')}</TH>
                    <TH className="text-right">{t('detail.colWrite')}</TH>
                    <TH>{t('detail.colPerm')}</TH>
                  </tr>
                </THead>
                <TBody>
                  {data.route.map((r) => (
                    <TR key={r.brokerName}>
                      <TD>
                        {r.brokerName} <span className="text-xs text-slate-400">{r.cluster}</span>
                      </TD>
                      <TD className="font-mono">{r.masterAddr ?? '—'}</TD>
                      <TD className="text-right">{r.readQueueNums}</TD>
                      <TD className="text-right">{r.writeQueueNums}</TD>
                      <TD>
                        <PermLabel perm={r.perm} />
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </Card>
            <Card title={t('detail.groupsTitle')} description={t('detail.groupsDescription')} testId="topic-groups">
              {data.consumerGroups.length === 0 ? (
                <EmptyState title={t('detail.groupsEmpty')} />
              ) : (
                <ul className="divide-y divide-slate-100 text-sm">
                  {data.consumerGroups.map((g) => (
                    <li key={g} className="px-4 py-2">
                      <Link href={`/groups/${encodeURIComponent(g)}`} className="text-sky-700 hover:underline" data-testid="topic-group-link">
                        {g}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
          <AdminOnly>
            <Card title={t('detail.sendTitle')} testId="topic-send">
              <SendMessageForm topic={topic} />
            </Card>
            {data.config && (
              <Card title={t('detail.updateTitle')} description={t('detail.updateDescription')}>
                <TopicForm initial={{ topic, ...data.config }} />
              </Card>
            )}
          </AdminOnly>
        </div>
      )}
    </>
  );
}
