import { useTranslations } from 'next-intl';
import type { FailoverDto, FailoverGroupDto } from '@/lib/dto/cluster';
import { useFormat } from '@/lib/i18n/use-format';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { KeyValues } from '../ui/kv';
import { EmptyState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

function FailoverGroup({ group }: { group: FailoverGroupDto }) {
  const t = useTranslations('cluster');
  const f = useFormat();
  return (
    <div data-testid="failover-group" data-broker={group.brokerName} className="border-b border-slate-100 last:border-b-0">
      <KeyValues
        items={[
          [t('failoverBrokerGroup'), `${group.brokerName} (${group.clusterName})`],
          [t('failoverEpoch'), <span key="e" data-testid="failover-epoch" className="tabular-nums">{group.epoch}</span>],
          [
            t('failoverMaster'),
            <span key="m" data-testid="failover-master" className="font-mono">
              {group.masterAddr ?? t('failoverNoMaster')} {group.masterRole && <Badge tone="blue">{group.masterRole}</Badge>}
            </span>,
          ],
          [t('failoverLeaseUntil'), f.dateTime(group.masterLeaseExpiresMs)],
          [
            t('failoverSyncSet'),
            <span key="s" data-testid="failover-sync-set" className="font-mono">
              {group.syncStateSet.length ? group.syncStateSet.join(', ') : t('failoverSyncSetEmpty')}
            </span>,
          ],
          [
            t('failoverReplicas'),
            <span key="r" className="flex flex-wrap gap-1">
              {group.replicas.map((r) => (
                <Badge key={r.brokerAddr} tone={r.alive ? 'green' : 'red'} dot>
                  #{r.brokerId} {r.brokerAddr} {r.role.toLowerCase()} · {t('failoverReplicaDetail', { epoch: r.epoch, logEnd: f.count(r.maxOffset) })}
                  {r.alive ? '' : ` · ${t('failoverReplicaDown')}`}
                </Badge>
              ))}
            </span>,
          ],
        ]}
      />
      {group.history.length === 0 ? (
        <p className="px-4 pb-3 text-sm text-slate-500">{t('failoverNoElection')}</p>
      ) : (
        <Table data-testid="failover-history">
          <THead>
            <tr>
              <TH>{t('failoverEpoch')}</TH>
              <TH>{t('colTime')}</TH>
              <TH>{t('colNewMaster')}</TH>
              <TH>{t('colOldMaster')}</TH>
              <TH className="text-right">{t('colElectedOffset')}</TH>
              <TH>{t('colReason')}</TH>
            </tr>
          </THead>
          <TBody>
            {group.history.map((e) => (
              <TR key={`${e.epoch}-${e.timeMs}`} data-testid="failover-event">
                <TD className="tabular-nums">{e.epoch}</TD>
                <TD className="whitespace-nowrap">{f.dateTime(e.timeMs)}</TD>
                <TD className="font-mono">{e.newMasterAddr}</TD>
                <TD className="font-mono">{e.oldMasterAddr ?? '—'}</TD>
                <TD className="text-right tabular-nums">{f.count(e.electedOffset)}</TD>
                <TD>{e.reason}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}

/** The name servers' failover controller: epoch, master, sync-state set and the elections so far. */
export function FailoverCard({ failover }: { failover: FailoverDto }) {
  const t = useTranslations('cluster');
  return (
    <Card
      title={t('failoverTitle')}
      description={failover.enabled ? t('failoverSeenBy', { addr: failover.namesrvAddr ?? '—' }) : t('failoverDescription')}
      testId="failover"
    >
      {failover.enabled ? (
        failover.groups.map((g) => <FailoverGroup key={`${g.clusterName}/${g.brokerName}`} group={g} />)
      ) : (
        <EmptyState testId="failover-disabled" title={t('failoverDisabled')}>
          {failover.reason}
        </EmptyState>
      )}
    </Card>
  );
}
