'use client';

import type { ClusterOverviewDto } from '@/lib/dto/cluster';
import { formatClock, formatCount, formatRtt, pluralize } from '@/lib/format';
import { CLUSTER_OVERVIEW_REFRESH_MS, useClusterOverviewQuery } from '@/lib/queries/cluster';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, StatTile } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { BrokerTable } from '../cluster/broker-table';
import { RefreshStatus } from './refresh-status';
import { TpsChart } from './tps-chart';

export function OverviewView() {
  const query = useClusterOverviewQuery();
  const { data, error, isPending, isFetching, refetch, dataUpdatedAt } = query;

  return (
    <>
      <PageHeader
        title="Overview"
        description={`Name servers and the brokers registered with them. Refreshes every ${CLUSTER_OVERVIEW_REFRESH_MS / 1000} s.`}
        actions={<RefreshStatus updatedAt={dataUpdatedAt} fetching={isFetching} onRefresh={() => void refetch()} />}
      />

      {isPending && (
        <Card>
          <LoadingState testId="overview-loading" label="Loading cluster overview…" />
        </Card>
      )}

      {error && (
        <Alert
          testId="overview-error"
          className="mb-4"
          title={data ? 'Could not refresh the overview; showing the last data received.' : 'Could not load the cluster overview.'}
          actions={
            <Button variant="secondary" onClick={() => void refetch()}>
              Retry
            </Button>
          }
        >
          {error.message}
        </Alert>
      )}

      {data && <OverviewBody data={data} />}
    </>
  );
}

function OverviewBody({ data }: { data: ClusterOverviewDto }) {
  const reachable = data.nameServers.filter((n) => n.reachable).length;
  const masters = data.brokers.filter((b) => b.role === 'master').length;
  return (
    <div className="space-y-4" data-testid="overview">
      {data.problems.length > 0 && (
        <Alert tone="amber" testId="overview-problems" title="Part of the cluster did not answer">
          <ul className="list-disc pl-5">
            {data.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatTile testId="stat-namesrv" label="Name servers" value={`${reachable} / ${data.nameServers.length}`} hint="reachable" />
        <StatTile testId="stat-clusters" label="Clusters" value={formatCount(data.clusters.length)} />
        <StatTile
          testId="stat-brokers"
          label="Brokers"
          value={formatCount(data.brokers.length)}
          hint={`${pluralize(masters, 'master')}, ${pluralize(data.brokers.length - masters, 'slave')}`}
        />
        <StatTile testId="stat-topics" label="Topics" value={formatCount(data.topicCount)} />
      </div>

      <TpsChart />

      <Card title="Name servers" description={`Probed at ${formatClock(data.fetchedAt)}`} testId="namesrv-card">
        {data.nameServers.length === 0 ? (
          <EmptyState testId="namesrv-empty" title="No name server configured">
            Set one under Settings.
          </EmptyState>
        ) : (
          <Table data-testid="namesrv-table">
            <THead>
              <tr>
                <TH>Address</TH>
                <TH>Status</TH>
                <TH className="text-right">Round-trip</TH>
              </tr>
            </THead>
            <TBody>
              {data.nameServers.map((n) => (
                <TR key={n.addr} data-testid="namesrv-row" data-addr={n.addr} data-reachable={String(n.reachable)}>
                  <TD className="font-mono text-slate-900" data-testid="namesrv-addr">
                    {n.addr}
                  </TD>
                  <TD>
                    <Badge dot tone={n.reachable ? 'green' : 'red'} testId="namesrv-status">
                      {n.reachable ? 'Reachable' : 'Unreachable'}
                    </Badge>
                  </TD>
                  <TD className="text-right tabular-nums">{formatRtt(n.rttMs)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <Card
        title="Registered brokers"
        description={`${pluralize(data.brokers.length, 'broker')} in ${pluralize(data.clusters.length, 'cluster')}`}
        testId="broker-card"
      >
        <BrokerTable brokers={data.brokers} />
      </Card>
    </div>
  );
}
