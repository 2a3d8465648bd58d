import type { FailoverDto, FailoverGroupDto } from '@/lib/dto/cluster';
import { formatCount, formatDateTime } from '@/lib/format';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { KeyValues } from '../ui/kv';
import { EmptyState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

function FailoverGroup({ group }: { group: FailoverGroupDto }) {
  return (
    <div data-testid="failover-group" data-broker={group.brokerName} className="border-b border-slate-100 last:border-b-0">
      <KeyValues
        items={[
          ['Broker group', `${group.brokerName} (${group.clusterName})`],
          ['Epoch', <span key="e" data-testid="failover-epoch" className="tabular-nums">{group.epoch}</span>],
          [
            'Master',
            <span key="m" data-testid="failover-master" className="font-mono">
              {group.masterAddr ?? 'none'} {group.masterRole && <Badge tone="blue">{group.masterRole}</Badge>}
            </span>,
          ],
          ['Lease until', formatDateTime(group.masterLeaseExpiresMs)],
          [
            'Sync-state set',
            <span key="s" data-testid="failover-sync-set" className="font-mono">
              {group.syncStateSet.length ? group.syncStateSet.join(', ') : 'empty'}
            </span>,
          ],
          [
            'Replicas',
            <span key="r" className="flex flex-wrap gap-1">
              {group.replicas.map((r) => (
                <Badge key={r.brokerAddr} tone={r.alive ? 'green' : 'red'} dot>
                  #{r.brokerId} {r.brokerAddr} {r.role.toLowerCase()} · epoch {r.epoch} · log end {formatCount(r.maxOffset)}
                  {r.alive ? '' : ' · down'}
                </Badge>
              ))}
            </span>,
          ],
        ]}
      />
      {group.history.length === 0 ? (
        <p className="px-4 pb-3 text-sm text-slate-500">No election yet.</p>
      ) : (
        <Table data-testid="failover-history">
          <THead>
            <tr>
              <TH>Epoch</TH>
              <TH>Time</TH>
              <TH>New master</TH>
              <TH>Old master</TH>
              <TH className="text-right">Elected at offset</TH>
              <TH>Reason</TH>
            </tr>
          </THead>
          <TBody>
            {group.history.map((e) => (
              <TR key={`${e.epoch}-${e.timeMs}`} data-testid="failover-event">
                <TD className="tabular-nums">{e.epoch}</TD>
                <TD className="whitespace-nowrap">{formatDateTime(e.timeMs)}</TD>
                <TD className="font-mono">{e.newMasterAddr}</TD>
                <TD className="font-mono">{e.oldMasterAddr ?? '—'}</TD>
                <TD className="text-right tabular-nums">{formatCount(e.electedOffset)}</TD>
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
  return (
    <Card
      title="Failover history"
      description={failover.enabled ? `As name server ${failover.namesrvAddr} sees it.` : 'Automatic master election by the name servers.'}
      testId="failover"
    >
      {failover.enabled ? (
        failover.groups.map((g) => <FailoverGroup key={`${g.clusterName}/${g.brokerName}`} group={g} />)
      ) : (
        <EmptyState testId="failover-disabled" title="Automatic failover not enabled">
          {failover.reason}
        </EmptyState>
      )}
    </Card>
  );
}
