'use client';

import { pluralize } from '@/lib/format';
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
  const { data, error, isPending, refetch } = useClusterOverviewQuery();
  return (
    <>
      <PageHeader title="Cluster" description="Clusters, their broker groups and each broker instance's role and address." />
      {isPending && (
        <Card>
          <LoadingState testId="cluster-loading" label="Loading clusters…" />
        </Card>
      )}
      {error && (
        <Alert
          testId="cluster-error"
          className="mb-4"
          title="Could not load the clusters."
          actions={
            <Button variant="secondary" onClick={() => void refetch()}>
              Retry
            </Button>
          }
        >
          {error.message}
        </Alert>
      )}
      {data && data.clusters.length === 0 && (
        <Card>
          <EmptyState testId="cluster-empty" title="No clusters">
            {data.problems.length > 0 ? data.problems.join('; ') : 'No broker has registered with the name servers yet.'}
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
                description={`${pluralize(c.brokerNames.length, 'broker group')}, ${pluralize(brokers.length, 'instance')}`}
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
