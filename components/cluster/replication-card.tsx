'use client';

import type { ReplicaDto, ReplicaGroupDto } from '@/lib/dto/cluster';
import { formatBytes, formatCount, pluralize } from '@/lib/format';
import { useReplicationQuery } from '@/lib/queries/cluster';
import { Badge, type BadgeTone } from '../ui/badge';
import { Card } from '../ui/card';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { FailoverCard } from './failover-card';

const ROLE_TONE: Record<string, BadgeTone> = { SYNC_MASTER: 'blue', ASYNC_MASTER: 'blue', SLAVE: 'gray' };

function haState(r: ReplicaDto, slavesRegistered: number): { tone: BadgeTone; text: string; title?: string } {
  if (!r.reachable) return { tone: 'red', text: 'unreachable', title: r.error };
  if (r.brokerId === 0) {
    if (r.haSlaveCount === null) return { tone: 'gray', text: `${pluralize(slavesRegistered, 'slave')} registered`, title: 'This broker reports no HA state (Apache 4.9): the count is what the name servers know.' };
    const tone: BadgeTone = slavesRegistered === 0 ? 'gray' : r.haSlaveCount >= slavesRegistered ? 'green' : 'amber';
    return { tone, text: `${pluralize(r.haSlaveCount, 'slave')} connected` };
  }
  if (r.haConnected === null) return { tone: 'gray', text: 'unknown', title: 'This broker reports no HA state (Apache 4.9).' };
  return r.haConnected
    ? { tone: 'green', text: 'connected', title: r.haMasterAddress ? `replicating from ${r.haMasterAddress}` : undefined }
    : { tone: 'red', text: 'disconnected', title: r.haMasterAddress ? `master HA address ${r.haMasterAddress}` : undefined };
}

function behind(r: ReplicaDto): string {
  if (r.brokerId === 0) return '';
  return formatBytes(r.behindBytes);
}

function GroupTable({ group }: { group: ReplicaGroupDto }) {
  const slaves = group.replicas.filter((r) => r.brokerId !== 0).length;
  return (
    <div data-testid="replica-group" data-broker={group.brokerName} className="border-b border-slate-100 last:border-b-0">
      <div className="flex items-baseline gap-2 px-4 pt-3 text-sm">
        <span className="font-medium text-slate-900">{group.brokerName}</span>
        <span className="text-xs text-slate-500">
          {group.cluster} · {group.masterAddr ? pluralize(slaves, 'slave') : 'no master registered'}
        </span>
      </div>
      <Table>
        <THead>
          <tr>
            <TH>ID</TH>
            <TH>Role</TH>
            <TH>Address</TH>
            <TH>HA</TH>
            <TH className="text-right">Commit log end</TH>
            <TH className="text-right">Behind master</TH>
          </tr>
        </THead>
        <TBody>
          {group.replicas.map((r) => {
            const ha = haState(r, slaves);
            return (
              <TR key={r.addr} data-testid="replica-row" data-broker-id={r.brokerId} data-role={r.role ?? ''}>
                <TD className="tabular-nums">{r.brokerId}</TD>
                <TD data-testid="replica-role">
                  <Badge tone={ROLE_TONE[r.role ?? ''] ?? 'gray'}>{r.role ?? (r.brokerId === 0 ? 'MASTER' : 'SLAVE')}</Badge>
                </TD>
                <TD className="font-mono">{r.addr}</TD>
                <TD data-testid="replica-ha">
                  <span title={ha.title}>
                    <Badge tone={ha.tone} dot>
                      {ha.text}
                    </Badge>
                  </span>
                </TD>
                <TD className="text-right tabular-nums">{formatCount(r.commitLogMaxOffset)}</TD>
                <TD
                  data-testid="replica-behind"
                  data-bytes={r.behindBytes ?? ''}
                  className="text-right tabular-nums"
                  title={r.behindSource === 'ha' ? "the master's figure: its log end minus the slave's ack" : r.behindSource === 'offsets' ? 'master commit-log end minus slave commit-log end' : undefined}
                >
                  {behind(r)}
                </TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
    </div>
  );
}

/** Broker groups as master/slave pairs, then the failover controller's view. */
export function ReplicationCard() {
  const { data, error, isPending } = useReplicationQuery();
  return (
    <>
      <Card title="Replication" description="Each broker group's master and slaves: role, HA connection and commit-log bytes each slave is behind." testId="replication">
        {isPending && <LoadingState label="Reading replication state…" />}
        {error && (
          <div className="p-4">
            <Alert title="Could not read replication state.">{error.message}</Alert>
          </div>
        )}
        {data && data.groups.length === 0 && <EmptyState testId="replication-empty" title="No broker group registered" />}
        {data?.groups.map((g) => <GroupTable key={`${g.cluster}/${g.brokerName}`} group={g} />)}
      </Card>
      {data && <FailoverCard failover={data.failover} />}
    </>
  );
}
