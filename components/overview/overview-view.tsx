'use client';

import { useTranslations } from 'next-intl';
import type { ClusterOverviewDto } from '@/lib/dto/cluster';
import { useFormat } from '@/lib/i18n/use-format';
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
  const t = useTranslations('overview');
  const tu = useTranslations('ui');
  const query = useClusterOverviewQuery();
  const { data, error, isPending, isFetching, refetch, dataUpdatedAt } = query;

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description', { seconds: CLUSTER_OVERVIEW_REFRESH_MS / 1000 })}
        actions={<RefreshStatus updatedAt={dataUpdatedAt} fetching={isFetching} onRefresh={() => void refetch()} />}
      />

      {isPending && (
        <Card>
          <LoadingState testId="overview-loading" label={t('loading')} />
        </Card>
      )}

      {error && (
        <Alert
          testId="overview-error"
          className="mb-4"
          title={data ? t('refreshError') : t('loadError')}
          actions={
            <Button variant="secondary" onClick={() => void refetch()}>
              {tu('retry')}
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
  const t = useTranslations('overview');
  const f = useFormat();
  const reachable = data.nameServers.filter((n) => n.reachable).length;
  const masters = data.brokers.filter((b) => b.role === 'master').length;
  return (
    <div className="space-y-4" data-testid="overview">
      {data.problems.length > 0 && (
        <Alert tone="amber" testId="overview-problems" title={t('problemsTitle')}>
          <ul className="list-disc pl-5">
            {data.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}

      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatTile testId="stat-namesrv" label={t('statNamesrv')} value={`${f.count(reachable)} / ${f.count(data.nameServers.length)}`} hint={t('statNamesrvHint')} />
        <StatTile testId="stat-clusters" label={t('statClusters')} value={f.count(data.clusters.length)} />
        <StatTile
          testId="stat-brokers"
          label={t('statBrokers')}
          value={f.count(data.brokers.length)}
          hint={t('statBrokersHint', { masters, slaves: data.brokers.length - masters })}
        />
        <StatTile testId="stat-topics" label={t('statTopics')} value={f.count(data.topicCount)} />
      </div>

      <TpsChart />

      <Card title={t('namesrvTitle')} description={t('namesrvProbed', { time: f.clock(data.fetchedAt) })} testId="namesrv-card">
        {data.nameServers.length === 0 ? (
          <EmptyState testId="namesrv-empty" title={t('namesrvEmptyTitle')}>
            {t('namesrvEmptyText')}
          </EmptyState>
        ) : (
          <Table data-testid="namesrv-table">
            <THead>
              <tr>
                <TH>{t('colAddress')}</TH>
                <TH>{t('colStatus')}</TH>
                <TH className="text-right">{t('colRtt')}</TH>
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
                      {n.reachable ? t('reachable') : t('unreachable')}
                    </Badge>
                  </TD>
                  <TD className="text-right tabular-nums">{f.rtt(n.rttMs)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <Card
        title={t('brokersTitle')}
        description={t('brokersDescription', { brokers: data.brokers.length, clusters: data.clusters.length })}
        testId="broker-card"
      >
        <BrokerTable brokers={data.brokers} />
      </Card>
    </div>
  );
}
