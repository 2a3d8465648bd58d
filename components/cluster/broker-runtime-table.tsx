'use client';

import { useTranslations } from 'next-intl';
import { useFormat } from '@/lib/i18n/use-format';
import { useBrokerRuntimeQuery } from '@/lib/queries/admin';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

function ratio(r: number | null): string {
  return r === null ? '—' : `${(r * 100).toFixed(1)} %`;
}

/** GET_BROKER_RUNTIME_INFO of every broker: version, rates, disk use, today's totals. */
export function BrokerRuntimeCard() {
  const t = useTranslations('cluster');
  const f = useFormat();
  const { data, error, isPending } = useBrokerRuntimeQuery();
  return (
    <Card title={t('runtimeTitle')} description={t('runtimeDescription')} testId="broker-runtime">
      {isPending && <LoadingState label={t('runtimeLoading')} />}
      {error && (
        <div className="p-4">
          <Alert title={t('runtimeError')}>{error.message}</Alert>
        </div>
      )}
      {data && data.brokers.length === 0 && <EmptyState title={t('runtimeEmpty')} />}
      {data && data.brokers.length > 0 && (
        <Table>
          <THead>
            <tr>
              <TH>{t('colBroker')}</TH>
              <TH>{t('colAddress')}</TH>
              <TH>{t('colVersion')}</TH>
              <TH className="text-right">{t('colPutTps')}</TH>
              <TH className="text-right">{t('colGetTps')}</TH>
              <TH className="text-right">{t('colDisk')}</TH>
              <TH className="text-right">{t('colPutToday')}</TH>
              <TH className="text-right">{t('colGetToday')}</TH>
              <TH>{t('colUp')}</TH>
            </tr>
          </THead>
          <TBody>
            {data.brokers.map((b) => (
              <TR key={b.addr} data-testid="runtime-row" data-broker={b.brokerName}>
                <TD className="font-medium">
                  {b.brokerName} <span className="text-xs text-slate-400">#{b.brokerId}</span>
                </TD>
                <TD className="font-mono">{b.addr}</TD>
                <TD data-testid="runtime-version">{b.ok ? (b.version ?? '—') : <Badge tone="red">{b.error ?? t('unreachable')}</Badge>}</TD>
                <TD className="text-right tabular-nums">{f.tps(b.putTps)}</TD>
                <TD className="text-right tabular-nums">{f.tps(b.getTps)}</TD>
                <TD className="text-right tabular-nums">{ratio(b.commitLogDiskRatio)}</TD>
                <TD className="text-right tabular-nums">{f.count(b.msgPutTotalToday)}</TD>
                <TD className="text-right tabular-nums">{f.count(b.msgGetTotalToday)}</TD>
                <TD className="text-xs text-slate-500">{b.runtime ?? '—'}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
