'use client';

import { formatCount, formatTps } from '@/lib/format';
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
  const { data, error, isPending } = useBrokerRuntimeQuery();
  return (
    <Card title="Broker runtime" description="Version, put/get rates (10 s), commit-log disk use and today's message counts." testId="broker-runtime">
      {isPending && <LoadingState label="Reading runtime info…" />}
      {error && (
        <div className="p-4">
          <Alert title="Could not read broker runtime info.">{error.message}</Alert>
        </div>
      )}
      {data && data.brokers.length === 0 && <EmptyState title="No broker registered" />}
      {data && data.brokers.length > 0 && (
        <Table>
          <THead>
            <tr>
              <TH>Broker</TH>
              <TH>Address</TH>
              <TH>Version</TH>
              <TH className="text-right">Put TPS</TH>
              <TH className="text-right">Get TPS</TH>
              <TH className="text-right">Disk</TH>
              <TH className="text-right">Put today</TH>
              <TH className="text-right">Get today</TH>
              <TH>Up</TH>
            </tr>
          </THead>
          <TBody>
            {data.brokers.map((b) => (
              <TR key={b.addr} data-testid="runtime-row" data-broker={b.brokerName}>
                <TD className="font-medium">
                  {b.brokerName} <span className="text-xs text-slate-400">#{b.brokerId}</span>
                </TD>
                <TD className="font-mono">{b.addr}</TD>
                <TD data-testid="runtime-version">{b.ok ? (b.version ?? '—') : <Badge tone="red">{b.error ?? 'unreachable'}</Badge>}</TD>
                <TD className="text-right tabular-nums">{formatTps(b.putTps)}</TD>
                <TD className="text-right tabular-nums">{formatTps(b.getTps)}</TD>
                <TD className="text-right tabular-nums">{ratio(b.commitLogDiskRatio)}</TD>
                <TD className="text-right tabular-nums">{formatCount(b.msgPutTotalToday)}</TD>
                <TD className="text-right tabular-nums">{formatCount(b.msgGetTotalToday)}</TD>
                <TD className="text-xs text-slate-500">{b.runtime ?? '—'}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
