'use client';

import { useTranslations } from 'next-intl';
import type { ReplicaDto, ReplicaGroupDto } from '@/lib/dto/cluster';
import { formatBytes } from '@/lib/format';
import { useFormat } from '@/lib/i18n/use-format';
import { useReplicationQuery } from '@/lib/queries/cluster';
import { Badge, type BadgeTone } from '../ui/badge';
import { Card } from '../ui/card';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { FailoverCard } from './failover-card';

const ROLE_TONE: Record<string, BadgeTone> = { SYNC_MASTER: 'blue', ASYNC_MASTER: 'blue', SLAVE: 'gray' };

type ClusterT = ReturnType<typeof useTranslations>;

function haState(t: ClusterT, r: ReplicaDto, slavesRegistered: number): { tone: BadgeTone; text: string; title?: string } {
  if (!r.reachable) return { tone: 'red', text: t('haUnreachable'), title: r.error };
  if (r.brokerId === 0) {
    if (r.haSlaveCount === null) return { tone: 'gray', text: t('haSlavesRegistered', { count: slavesRegistered }), title: t('haNoStateCount') };
    const tone: BadgeTone = slavesRegistered === 0 ? 'gray' : r.haSlaveCount >= slavesRegistered ? 'green' : 'amber';
    return { tone, text: t('haSlavesConnected', { count: r.haSlaveCount }) };
  }
  if (r.haConnected === null) return { tone: 'gray', text: t('haUnknown'), title: t('haNoState') };
  return r.haConnected
    ? { tone: 'green', text: t('haConnected'), title: r.haMasterAddress ? t('haReplicatingFrom', { addr: r.haMasterAddress }) : undefined }
    : { tone: 'red', text: t('haDisconnected'), title: r.haMasterAddress ? t('haMasterAddress', { addr: r.haMasterAddress }) : undefined };
}

function behind(r: ReplicaDto): string {
  if (r.brokerId === 0) return '';
  return formatBytes(r.behindBytes);
}

function GroupTable({ group }: { group: ReplicaGroupDto }) {
  const t = useTranslations('cluster');
  const f = useFormat();
  const slaves = group.replicas.filter((r) => r.brokerId !== 0).length;
  return (
    <div data-testid="replica-group" data-broker={group.brokerName} className="border-b border-slate-100 last:border-b-0">
      <div className="flex items-baseline gap-2 px-4 pt-3 text-sm">
        <span className="font-medium text-slate-900">{group.brokerName}</span>
        <span className="text-xs text-slate-500">
          {group.cluster} · {group.masterAddr ? t('slaveCount', { count: slaves }) : t('noMasterRegistered')}
        </span>
      </div>
      <Table>
        <THead>
          <tr>
            <TH>{t('colId')}</TH>
            <TH>{t('colRole')}</TH>
            <TH>{t('colAddress')}</TH>
            <TH>{t('colHa')}</TH>
            <TH className="text-right">{t('colCommitLogEnd')}</TH>
            <TH className="text-right">{t('colBehindMaster')}</TH>
          </tr>
        </THead>
        <TBody>
          {group.replicas.map((r) => {
            const ha = haState(t, r, slaves);
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
                <TD className="text-right tabular-nums">{f.count(r.commitLogMaxOffset)}</TD>
                <TD
                  data-testid="replica-behind"
                  data-bytes={r.behindBytes ?? ''}
                  className="text-right tabular-nums"
                  title={r.behindSource === 'ha' ? t('behindFromHa') : r.behindSource === 'offsets' ? t('behindFromOffsets') : undefined}
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
  const t = useTranslations('cluster');
  const { data, error, isPending } = useReplicationQuery();
  return (
    <>
      <Card title={t('replicationTitle')} description={t('replicationDescription')} testId="replication">
        {isPending && <LoadingState label={t('replicationLoading')} />}
        {error && (
          <div className="p-4">
            <Alert title={t('replicationError')}>{error.message}</Alert>
          </div>
        )}
        {data && data.groups.length === 0 && <EmptyState testId="replication-empty" title={t('replicationEmpty')} />}
        {data?.groups.map((g) => <GroupTable key={`${g.cluster}/${g.brokerName}`} group={g} />)}
      </Card>
      {data && <FailoverCard failover={data.failover} />}
    </>
  );
}
