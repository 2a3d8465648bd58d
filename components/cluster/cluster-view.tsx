'use client';

import { useTranslations } from 'next-intl';
import { useClusterOverviewQuery } from '@/lib/queries/cluster';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { BrokerTable } from './broker-table';
import { BrokerRuntimeCard } from './broker-runtime-table';
import { ReplicationCard } from './replication-card';

/** Clusters as the name servers report them, one card per cluster with its broker instances. */
export function ClusterView() {
  const t = useTranslations('cluster');
  const tu = useTranslations('ui');
  const { data, error, isPending, refetch } = useClusterOverviewQuery();
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {isPending && (
        <Card>
          <LoadingState testId="cluster-loading" label={t('loading')} />
        </Card>
      )}
      {error && (
        <Alert
          testId="cluster-error"
          className="mb-4"
          title={t('loadError')}
          actions={
            <Button variant="secondary" onClick={() => void refetch()}>
              {tu('retry')}
            </Button>
          }
        >
          {error.message}
        </Alert>
      )}
      {data && data.clusters.length === 0 && (
        <Card>
          <EmptyState testId="cluster-empty" title={t('emptyTitle')}>
            {data.problems.length > 0 ? data.problems.join('; ') : t('emptyText')}
          </EmptyState>
        </Card>
      )}
      {data && (
        <div className="space-y-4">
          {data.clusters.map((c) => {
            const brokers = data.brokers.filter((b) => b.cluster === c.name);
            return (
              <Card
                key={c.name}
                testId="cluster-card"
                title={c.name}
                description={t('cardDescription', { groups: c.brokerNames.length, instances: brokers.length })}
              >
                <BrokerTable brokers={brokers} showCluster={false} />
              </Card>
            );
          })}
          <ReplicationCard />
          <BrokerRuntimeCard />
        </div>
      )}
    </>
  );
}
