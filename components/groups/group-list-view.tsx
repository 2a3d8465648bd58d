'use client';

import Link from 'next/link';
import { useState } from 'react';
import { formatAge, formatCount, formatTps } from '@/lib/format';
import { useListParams } from '@/lib/hooks/use-list-params';
import type { GroupRowDto, Page } from '@/lib/dto/admin';
import { useGroupsQuery } from '@/lib/queries/admin';
import { GROUP_PAGE_SIZE } from '@/lib/topics';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { ListToolbar } from '../ui/list-toolbar';
import { PageHeader } from '../ui/page-header';
import { Pagination } from '../ui/pagination';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { GroupConfigForm } from './group-config-form';
import { AdminOnly } from '../auth/admin-only';

/** `initial`: the first page as the server rendered it (none when the cluster did not answer in time). */
export function GroupListView({ initial }: { initial?: Page<GroupRowDto> }) {
  const list = useListParams(GROUP_PAGE_SIZE);
  const { data, error, isPending } = useGroupsQuery(list.params, initial);
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title="Consumer groups"
        description="Subscription groups on the brokers, with their backlog (lag), the age of their oldest unconsumed message (time lag), consume rate and online clients."
        actions={
          <AdminOnly>
            <Button onClick={() => setCreating((v) => !v)} data-testid="group-create-toggle">
              {creating ? 'Close form' : 'Create group'}
            </Button>
          </AdminOnly>
        }
      />
      {creating && (
        <AdminOnly>
          <Card className="mb-4" title="Create or update a subscription group">
            <GroupConfigForm />
          </Card>
        </AdminOnly>
      )}
      <Card testId="group-list">
        <ListToolbar q={list.q} onQ={list.setQ} showSystem={list.showSystem} onShowSystem={list.setShowSystem} placeholder="Search groups">
          {data && (
            <span className="text-xs text-slate-500" data-testid="group-count">
              {formatCount(data.total)} of {formatCount(data.totalAll)} groups
            </span>
          )}
        </ListToolbar>
        {isPending && <LoadingState label="Loading groups…" />}
        {error && (
          <div className="p-4">
            <Alert testId="group-list-error" title="Could not load the groups.">
              {error.message}
            </Alert>
          </div>
        )}
        {data && data.items.length === 0 && <EmptyState testId="group-empty" title="No group matches" />}
        {data && data.items.length > 0 && (
          <Table>
            <THead>
              <tr>
                <TH>Group</TH>
                <TH className="text-right">Lag</TH>
                <TH className="text-right">Time lag</TH>
                <TH className="text-right">Consume TPS</TH>
                <TH className="text-right">Online clients</TH>
                <TH>Model</TH>
                <TH>Topics</TH>
              </tr>
            </THead>
            <TBody>
              {data.items.map((g) => (
                <TR key={g.group} data-testid="group-row" data-group={g.group}>
                  <TD className="font-medium">
                    <Link href={`/groups/${encodeURIComponent(g.group)}`} className="text-sky-700 hover:underline" data-testid="group-link">
                      {g.group}
                    </Link>
                  </TD>
                  <TD className="text-right tabular-nums" data-testid="group-lag">
                    {g.lag === null ? '—' : <span className={g.lag > 0 ? 'font-semibold text-amber-700' : ''}>{formatCount(g.lag)}</span>}
                  </TD>
                  <TD className="text-right tabular-nums" data-testid="group-time-lag" data-ms={g.timeLagMs ?? ''}>
                    {formatAge(g.timeLagMs)}
                  </TD>
                  <TD className="text-right tabular-nums">{formatTps(g.consumeTps)}</TD>
                  <TD className="text-right tabular-nums" data-testid="group-clients">
                    {g.onlineClients > 0 ? <Badge tone="green">{g.onlineClients}</Badge> : <Badge tone="gray">offline</Badge>}
                  </TD>
                  <TD>{g.messageModel ?? '—'}</TD>
                  <TD className="max-w-xs truncate text-xs text-slate-500">{g.topics.join(', ') || '—'}</TD>
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
