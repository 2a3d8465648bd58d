/**
 * Failover history on the cluster page, from a real election: a SYNC_MASTER and its slave of their own broker
 * group (broker processes started here with enableAutoFailover=true, registered with the embedded name server,
 * whose failover controller is a majority of one) — the master is killed (SIGKILL), the slave is elected, and
 * the page shows the epoch, the new master, the sync-state set and the election. The controller keeps the
 * group's state after the spec (the brokers are stopped), so this spec runs after those that expect no group
 * under failover (cluster-ha.spec.ts).
 */
import { expect, test } from '@playwright/test';
import type { ReplicationOverviewDto } from '../lib/dto/cluster';
import { ClusterPage } from './pages/cluster-page';
import { ClusterFixture } from './support/cluster-fixture';
import { startBrokerProcess, type BrokerProcess } from './support/broker-process';

const namesrvAddr = `127.0.0.1:${Number(process.env.ORBIT_E2E_PORTS!.split(',')[1])}`;
const run = Date.now().toString(36);
const brokerName = `broker-fo-${run}`;
const failoverConf = {
  brokerClusterName: 'FailoverCluster',
  brokerName,
  enableAutoFailover: 'true',
  failoverHeartbeatInterval: '500',
  failoverLeaseMs: '2000',
  haSendHeartbeatInterval: '1000',
};

let fixture: ClusterFixture;
const brokers: BrokerProcess[] = [];

async function groupState() {
  return (await fixture.admin.getFailoverState(namesrvAddr))?.groups.find((g) => g.brokerName === brokerName);
}

test.beforeAll(() => {
  fixture = new ClusterFixture(namesrvAddr);
});

test.afterAll(async () => {
  for (const b of brokers.reverse()) await b.stop();
  await fixture?.close();
});

test('a killed master is replaced by its slave and the election shows in the failover history', async ({ page, request }) => {
  test.setTimeout(120_000);
  const dataDir = process.env.ORBIT_E2E_DATA!;
  const master = await startBrokerProcess({ namesrvAddr, dataDir, conf: { ...failoverConf, brokerRole: 'SYNC_MASTER', brokerId: '0' } });
  brokers.push(master);
  const slave = await startBrokerProcess({ namesrvAddr, dataDir, conf: { ...failoverConf, brokerRole: 'SLAVE', brokerId: '1' } });
  brokers.push(slave);

  // The controller knows the pair: the master leads, the slave is in the sync-state set.
  await expect
    .poll(async () => {
      const g = await groupState();
      return g ? `${g.masterAddr} ${g.syncStateSet.includes(slave.addr)}` : 'no group';
    }, { timeout: 30_000, intervals: [500] })
    .toBe(`${master.addr} true`);
  const epochBefore = (await groupState())!.epoch;

  const cluster = new ClusterPage(page);
  await cluster.open();
  const card = cluster.failover.locator(`[data-testid="failover-group"][data-broker="${brokerName}"]`);
  await expect(card.getByTestId('failover-master')).toContainText(master.addr);
  await expect(card.getByTestId('failover-master')).toContainText('SYNC_MASTER');
  await expect(card.getByTestId('failover-sync-set')).toContainText(slave.addr);
  await expect(cluster.replica(brokerName, 1).getByTestId('replica-ha')).toHaveText('connected');

  await master.kill();
  await expect.poll(async () => (await groupState())?.masterAddr, { timeout: 30_000, intervals: [250] }).toBe(slave.addr);

  // The page follows by itself (it polls): new epoch, new master, the election on top of the history.
  await expect(card.getByTestId('failover-epoch')).toHaveText(String(epochBefore + 1), { timeout: 15_000 });
  await expect(card.getByTestId('failover-master')).toContainText(slave.addr);
  const election = card.getByTestId('failover-event').first();
  await expect(election).toContainText(String(epochBefore + 1));
  await expect(election).toContainText(slave.addr);
  await expect(election).toContainText(master.addr);
  // The slave re-registers as id 0 of its group.
  await expect(cluster.replica(brokerName, 0)).toContainText(slave.addr, { timeout: 20_000 });
  await cluster.screenshot('cluster-failover');

  const body = (await (await request.get('/api/cluster/replication')).json()) as ReplicationOverviewDto;
  expect(body.failover).toMatchObject({ enabled: true, namesrvAddr, reason: null });
  const g = body.failover.groups.find((x) => x.brokerName === brokerName)!;
  expect(g).toMatchObject({ clusterName: 'FailoverCluster', epoch: epochBefore + 1, masterAddr: slave.addr, masterRole: 'SYNC_MASTER' });
  expect(g.history[0]).toMatchObject({ epoch: epochBefore + 1, newMasterAddr: slave.addr, oldMasterAddr: master.addr });
  expect(g.replicas.find((r) => r.brokerAddr === master.addr)?.alive).toBe(false);
});
