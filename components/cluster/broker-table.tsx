import { useTranslations } from 'next-intl';
import type { BrokerDto } from '@/lib/dto/cluster';
import { Badge } from '../ui/badge';
import { EmptyState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

export function BrokerTable({ brokers, showCluster = true }: { brokers: BrokerDto[]; showCluster?: boolean }) {
  const t = useTranslations('cluster');
  if (brokers.length === 0) {
    return (
      <EmptyState testId="broker-empty" title={t('brokersEmptyTitle')}>
        {t('brokersEmptyText')}
      </EmptyState>
    );
  }
  return (
    <Table data-testid="broker-table">
      <THead>
        <tr>
          {showCluster && <TH>{t('colCluster')}</TH>}
          <TH>{t('colBrokerName')}</TH>
          <TH>{t('colId')}</TH>
          <TH>{t('colRole')}</TH>
          <TH>{t('colAddress')}</TH>
        </tr>
      </THead>
      <TBody>
        {brokers.map((b) => (
          <TR key={`${b.cluster}/${b.brokerName}/${b.brokerId}`} data-testid="broker-row" data-broker={b.brokerName}>
            {showCluster && <TD>{b.cluster}</TD>}
            <TD className="font-medium text-slate-900">{b.brokerName}</TD>
            <TD className="tabular-nums">{b.brokerId}</TD>
            <TD>
              <Badge tone={b.role === 'master' ? 'blue' : 'gray'}>{b.role}</Badge>
            </TD>
            <TD className="font-mono">{b.addr}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
