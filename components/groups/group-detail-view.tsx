'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/lib/i18n/use-format';
import { useDeleteGroupMutation, useGroupQuery } from '@/lib/queries/admin';
import { Badge } from '../ui/badge';
import { Card, StatTile } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { KeyValues } from '../ui/kv';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { GroupConfigForm } from './group-config-form';
import { ResetOffsetForm } from './reset-offset-form';
import { AdminOnly } from '../auth/admin-only';

export function GroupDetailView({ group }: { group: string }) {
  const t = useTranslations('groups');
  const f = useFormat();
  const { data, error, isPending } = useGroupQuery(group);
  const del = useDeleteGroupMutation();
  const router = useRouter();

  return (
    <>
      <PageHeader
        title={group}
        description={
          <Link href="/groups" className="text-sky-700 hover:underline">
            {t('allGroups')}
          </Link>
        }
        actions={
          <>
            <Link href={`/replay?group=${encodeURIComponent(group)}`} className="text-sm text-sky-700 hover:underline" data-testid="group-replay-link">
              {t('replayLink')}
            </Link>
            <Link href={`/dlq/${encodeURIComponent(group)}`} className="text-sm text-sky-700 hover:underline" data-testid="group-dlq-link">
              {t('dlqLink')}
            </Link>
            <AdminOnly>
              <ConfirmButton
                label={t('deleteGroup')}
                question={t('deleteQuestion', { group })}
                onConfirm={() => del.mutate(group, { onSuccess: () => router.push('/groups') })}
                testId="group-delete"
              />
            </AdminOnly>
          </>
        }
      />
      {isPending && (
        <Card>
          <LoadingState label={t('detailLoading')} />
        </Card>
      )}
      {error && (
        <Alert className="mb-4" testId="group-detail-error" title={t('detailLoadError', { group })}>
          {error.message}
        </Alert>
      )}
      {del.error && (
        <Alert className="mb-4" title={t('deleteError')}>
          {del.error.message}
        </Alert>
      )}
      {data && (
        <div className="space-y-4">
          {data.problems.length > 0 && <Alert tone="amber" title={t('problems')}>{data.problems.join('; ')}</Alert>}
          <div className="grid gap-3 sm:grid-cols-5">
            <StatTile label={t('colLag')} value={f.count(data.totalLag)} testId="group-total-lag" />
            <StatTile label={t('colTimeLag')} value={f.age(data.timeLagMs)} hint={t('timeLagHint')} testId="group-time-lag" />
            <StatTile label={t('colConsumeTps')} value={f.tps(data.consumeTps)} />
            <StatTile label={t('colOnlineClients')} value={f.count(data.connections.length)} testId="group-online" />
            <StatTile label={t('colModel')} value={data.messageModel ?? '—'} hint={data.consumeType ?? undefined} />
          </div>
          <Card title={t('queuesTitle')} description={t('queuesDescription')} testId="group-queues">
            {data.queues.length === 0 ? (
              <EmptyState title={t('queuesEmptyTitle')} testId="group-queues-empty">
                {t('queuesEmptyText')}
              </EmptyState>
            ) : (
              <Table>
                <THead>
                  <tr>
                    <TH>{t('colTopic')}</TH>
                    <TH>{t('colBroker')}</TH>
                    <TH className="text-right">{t('colQueue')}</TH>
                    <TH className="text-right">{t('colBrokerOffset')}</TH>
                    <TH className="text-right">{t('colConsumerOffset')}</TH>
                    <TH className="text-right">{t('colLag')}</TH>
                    <TH className="text-right">{t('colTimeLag')}</TH>
                    <TH>{t('colClient')}</TH>
                    <TH>{t('colLastConsumed')}</TH>
                  </tr>
                </THead>
                <TBody>
                  {data.queues.map((q) => (
                    <TR key={`${q.topic}/${q.brokerName}/${q.queueId}`} data-testid="group-queue-row" data-queue={`${q.topic}/${q.brokerName}/${q.queueId}`}>
                      <TD>
                        <Link href={`/topics/${encodeURIComponent(q.topic)}`} className="text-sky-700 hover:underline">
                          {q.topic}
                        </Link>
                      </TD>
                      <TD>{q.brokerName}</TD>
                      <TD className="text-right tabular-nums">{q.queueId}</TD>
                      <TD className="text-right tabular-nums" data-testid="queue-broker-offset">
                        {q.brokerOffset}
                      </TD>
                      <TD className="text-right tabular-nums" data-testid="queue-consumer-offset">
                        {q.consumerOffset}
                      </TD>
                      <TD className="text-right tabular-nums" data-testid="queue-lag">
                        {q.lag}
                      </TD>
                      <TD className="text-right tabular-nums" data-testid="queue-time-lag" data-ms={q.timeLagMs ?? ''}>
                        {f.age(q.timeLagMs)}
                      </TD>
                      <TD className="font-mono text-xs">{q.client ?? '—'}</TD>
                      <TD>{f.dateTime(q.lastTimestamp)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
          <AdminOnly>
            <Card title={t('resetTitle')} description={t('resetDescription')} testId="group-reset">
              <ResetOffsetForm group={group} topics={data.topics} />
            </Card>
          </AdminOnly>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card title={t('connectionsTitle')} testId="group-connections">
              {data.connections.length === 0 ? (
                <EmptyState title={t('noConsumerOnline')} />
              ) : (
                <Table>
                  <THead>
                    <tr>
                      <TH>{t('colClientId')}</TH>
                      <TH>{t('colAddress')}</TH>
                      <TH>{t('colLanguage')}</TH>
                      <TH>{t('colVersion')}</TH>
                    </tr>
                  </THead>
                  <TBody>
                    {data.connections.map((c) => (
                      <TR key={c.clientId} data-testid="connection-row">
                        <TD className="font-mono text-xs">{c.clientId}</TD>
                        <TD className="font-mono">{c.clientAddr}</TD>
                        <TD>{c.language}</TD>
                        <TD>{c.version}</TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              )}
            </Card>
            <Card title={t('subscriptionsTitle')}>
              {data.subscriptions.length === 0 ? (
                <EmptyState title={t('noSubscription')} />
              ) : (
                <KeyValues
                  items={data.subscriptions.map((s) => [
                    s.topic,
                    <span key={s.topic} className="inline-flex flex-wrap items-center gap-2" data-testid="group-subscription" data-topic={s.topic} data-type={s.expressionType}>
                      <code className="break-all">{s.expression}</code>
                      {/* SQL92 selectors filter on properties; tag expressions on the tag. */}
                      <Badge tone={s.expressionType === 'SQL92' ? 'blue' : 'gray'}>{s.expressionType === 'SQL92' ? t('sql92Selector') : t('tagExpression')}</Badge>
                    </span>,
                  ])}
                />
              )}
              {data.consumeFromWhere && <KeyValues items={[[t('consumeFrom'), data.consumeFromWhere]]} />}
            </Card>
          </div>
          <AdminOnly>
            <Card
              title={t('configTitle')}
              description={data.brokerNames.length ? t('configOn', { brokers: data.brokerNames.join(', ') }) : t('configNone')}
              actions={data.config ? <Badge tone={data.config.consumeEnable ? 'green' : 'red'}>{data.config.consumeEnable ? t('consumeEnabled') : t('consumeDisabled')}</Badge> : null}
            >
              <GroupConfigForm key={data.config ? 'has' : 'none'} initial={data.config ?? { ...defaultConfig(group) }} />
            </Card>
          </AdminOnly>
        </div>
      )}
    </>
  );
}

function defaultConfig(groupName: string) {
  return {
    groupName,
    consumeEnable: true,
    consumeFromMinEnable: true,
    consumeBroadcastEnable: true,
    retryQueueNums: 1,
    retryMaxTimes: 16,
    brokerId: 0,
    whichBrokerWhenConsumeSlowly: 1,
    notifyConsumerIdsChangedEnable: true,
  };
}
