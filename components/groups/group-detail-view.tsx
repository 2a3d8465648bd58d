'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { formatAge, formatCount, formatDateTime, formatTps } from '@/lib/format';
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
  const { data, error, isPending } = useGroupQuery(group);
  const del = useDeleteGroupMutation();
  const router = useRouter();

  return (
    <>
      <PageHeader
        title={group}
        description={
          <Link href="/groups" className="text-sky-700 hover:underline">
            ← All consumer groups
          </Link>
        }
        actions={
          <>
            <Link href={`/replay?group=${encodeURIComponent(group)}`} className="text-sm text-sky-700 hover:underline" data-testid="group-replay-link">
              Replay to this group…
            </Link>
            <Link href={`/dlq/${encodeURIComponent(group)}`} className="text-sm text-sky-700 hover:underline" data-testid="group-dlq-link">
              Dead letters
            </Link>
            <AdminOnly>
              <ConfirmButton
                label="Delete group"
                question={`Delete ${group} and its offsets?`}
                onConfirm={() => del.mutate(group, { onSuccess: () => router.push('/groups') })}
                testId="group-delete"
              />
            </AdminOnly>
          </>
        }
      />
      {isPending && (
        <Card>
          <LoadingState label="Loading group…" />
        </Card>
      )}
      {error && (
        <Alert className="mb-4" testId="group-detail-error" title={`Could not load ${group}.`}>
          {error.message}
        </Alert>
      )}
      {del.error && (
        <Alert className="mb-4" title="The group was not deleted.">
          {del.error.message}
        </Alert>
      )}
      {data && (
        <div className="space-y-4">
          {data.problems.length > 0 && <Alert tone="amber" title="Some parts could not be read.">{data.problems.join('; ')}</Alert>}
          <div className="grid gap-3 sm:grid-cols-5">
            <StatTile label="Lag" value={formatCount(data.totalLag)} testId="group-total-lag" />
            <StatTile label="Time lag" value={formatAge(data.timeLagMs)} hint="oldest unconsumed message" testId="group-time-lag" />
            <StatTile label="Consume TPS" value={formatTps(data.consumeTps)} />
            <StatTile label="Online clients" value={formatCount(data.connections.length)} testId="group-online" />
            <StatTile label="Model" value={data.messageModel ?? '—'} hint={data.consumeType ?? undefined} />
          </div>
          <Card title="Queues" description="Broker offset is the queue's end; consumer offset the next message the group reads." testId="group-queues">
            {data.queues.length === 0 ? (
              <EmptyState title="No offsets" testId="group-queues-empty">
                The group has no committed offset on any queue yet.
              </EmptyState>
            ) : (
              <Table>
                <THead>
                  <tr>
                    <TH>Topic</TH>
                    <TH>Broker</TH>
                    <TH className="text-right">Queue</TH>
                    <TH className="text-right">Broker offset</TH>
                    <TH className="text-right">Consumer offset</TH>
                    <TH className="text-right">Lag</TH>
                    <TH className="text-right">Time lag</TH>
                    <TH>Client</TH>
                    <TH>Last consumed</TH>
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
                        {formatAge(q.timeLagMs)}
                      </TD>
                      <TD className="font-mono text-xs">{q.client ?? '—'}</TD>
                      <TD>{formatDateTime(q.lastTimestamp)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
          <AdminOnly>
            <Card title="Reset offsets" description="Online consumers are told to move; for an offline group the offsets are written per queue." testId="group-reset">
              <ResetOffsetForm group={group} topics={data.topics} />
            </Card>
          </AdminOnly>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card title="Connections" testId="group-connections">
              {data.connections.length === 0 ? (
                <EmptyState title="No consumer online" />
              ) : (
                <Table>
                  <THead>
                    <tr>
                      <TH>Client id</TH>
                      <TH>Address</TH>
                      <TH>Language</TH>
                      <TH>Version</TH>
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
            <Card title="Subscriptions">
              {data.subscriptions.length === 0 ? (
                <EmptyState title="No live subscription" />
              ) : (
                <KeyValues
                  items={data.subscriptions.map((s) => [
                    s.topic,
                    <span key={s.topic} className="inline-flex flex-wrap items-center gap-2" data-testid="group-subscription" data-topic={s.topic} data-type={s.expressionType}>
                      <code className="break-all">{s.expression}</code>
                      {/* SQL92 selectors filter on properties; tag expressions on the tag. */}
                      <Badge tone={s.expressionType === 'SQL92' ? 'blue' : 'gray'}>{s.expressionType === 'SQL92' ? 'SQL92 selector' : 'tags'}</Badge>
                    </span>,
                  ])}
                />
              )}
              {data.consumeFromWhere && <KeyValues items={[['Consume from', data.consumeFromWhere]]} />}
            </Card>
          </div>
          <AdminOnly>
            <Card
              title="Subscription group config"
              description={data.brokerNames.length ? `On ${data.brokerNames.join(', ')}` : 'No broker holds a config for this group yet.'}
              actions={data.config ? <Badge tone={data.config.consumeEnable ? 'green' : 'red'}>{data.config.consumeEnable ? 'consume enabled' : 'consume disabled'}</Badge> : null}
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
