'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { formatCount, formatDateTime } from '@/lib/format';
import { useDeleteTopicMutation, useTopicQuery } from '@/lib/queries/admin';
import { permText } from '@/lib/topics';
import { Badge } from '../ui/badge';
import { Card, StatTile } from '../ui/card';
import { ConfirmButton } from '../ui/confirm-button';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { SendMessageForm } from './send-message-form';
import { TopicForm } from './topic-form';
import { AdminOnly } from '../auth/admin-only';

export function TopicDetailView({ topic }: { topic: string }) {
  const { data, error, isPending } = useTopicQuery(topic);
  const del = useDeleteTopicMutation();
  const router = useRouter();

  return (
    <>
      <PageHeader
        title={topic}
        description={
          <Link href="/topics" className="text-sky-700 hover:underline">
            ← All topics
          </Link>
        }
        actions={
          <>
            <Link href={`/topics/${encodeURIComponent(topic)}/tail`} className="text-sm font-medium text-sky-700 hover:underline" data-testid="topic-live-tail-link">
              Live tail
            </Link>
            <Link href={`/replay?topic=${encodeURIComponent(topic)}`} className="text-sm text-sky-700 hover:underline" data-testid="topic-replay-link">
              Replay a time range…
            </Link>
            <AdminOnly>
              <ConfirmButton
                label="Delete topic"
                question={`Delete ${topic} from every broker?`}
                onConfirm={() => del.mutate(topic, { onSuccess: () => router.push('/topics') })}
                testId="topic-detail-delete"
              />
            </AdminOnly>
          </>
        }
      />
      {isPending && (
        <Card>
          <LoadingState label="Loading topic…" />
        </Card>
      )}
      {error && (
        <Alert testId="topic-detail-error" className="mb-4" title={`Could not load ${topic}.`}>
          {error.message}
        </Alert>
      )}
      {del.error && (
        <Alert className="mb-4" title="The topic was not deleted.">
          {del.error.message}
        </Alert>
      )}
      {data && (
        <div className="space-y-4">
          {data.problems.length > 0 && <Alert tone="amber" title="Some parts could not be read.">{data.problems.join('; ')}</Alert>}
          <div className="grid gap-3 sm:grid-cols-4">
            <StatTile label="Messages stored" value={formatCount(data.totalMessages)} testId="topic-total" />
            <StatTile label="Queues" value={formatCount(data.queues.length)} />
            <StatTile label="Brokers" value={formatCount(data.route.length)} />
            <StatTile label="Type" value={<Badge tone="blue">{data.kind}</Badge>} />
          </div>
          <Card title="Queues" description="Offsets per queue; max offset is the next position to be written." testId="topic-queues">
            <Table>
              <THead>
                <tr>
                  <TH>Broker</TH>
                  <TH className="text-right">Queue</TH>
                  <TH className="text-right">Min offset</TH>
                  <TH className="text-right">Max offset</TH>
                  <TH>Last update</TH>
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
                    <TD>{formatDateTime(q.lastUpdateTimestamp)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </Card>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card title="Route" testId="topic-route">
              <Table>
                <THead>
                  <tr>
                    <TH>Broker</TH>
                    <TH>Master</TH>
                    <TH className="text-right">Read</TH>
                    <TH className="text-right">Write</TH>
                    <TH>Perm</TH>
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
                      <TD>{permText(r.perm)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </Card>
            <Card title="Consumer groups" description="Groups subscribed to or holding offsets on this topic." testId="topic-groups">
              {data.consumerGroups.length === 0 ? (
                <EmptyState title="No group consumes this topic" />
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
            <Card title="Send a test message" testId="topic-send">
              <SendMessageForm topic={topic} />
            </Card>
            {data.config && (
              <Card title="Update topic" description="Queue counts and permission, written to every master of the cluster.">
                <TopicForm initial={{ topic, ...data.config }} />
              </Card>
            )}
          </AdminOnly>
        </div>
      )}
    </>
  );
}
