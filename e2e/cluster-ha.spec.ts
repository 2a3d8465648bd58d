/**
 * The cluster page with a master/slave pair: the embedded master (broker-a) and a slave process started here
 * (brokerRole=SLAVE, brokerId=1, same brokerName and name server), stopped when the spec ends.
 */
import { expect, test } from '@playwright/test';
import type { ReplicationOverviewDto } from '../lib/dto/cluster';
import { AlertsPage } from './pages/alerts-page';
import { ClusterPage } from './pages/cluster-page';
import { ClusterFixture } from './support/cluster-fixture';
import { startSlaveBroker, type BrokerProcess } from './support/broker-process';

const namesrvAddr = `127.0.0.1:${Number(process.env.ORBIT_E2E_PORTS!.split(',')[1])}`;
const masterAddr = `127.0.0.1:${Number(process.env.ORBIT_E2E_PORTS!.split(',')[2])}`;
const run = Date.now().toString(36);
const topic = `E2E_HA_${run}`;

let fixture: ClusterFixture;
let slave: BrokerProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fixture = new ClusterFixture(namesrvAddr);
  slave = await startSlaveBroker({ namesrvAddr, dataDir: process.env.ORBIT_E2E_DATA! });
  await fixture.createTopic(topic, 2);
  await fixture.send(topic, 20);
  // Registered, connected to the master's HA port and caught up with what was just sent.
  await expect
    .poll(
      async () => {
        const g = (await fixture.admin.examineReplication()).find((x) => x.brokerName === 'broker-a');
        const s = g?.replicas.find((r) => r.brokerId === 1);
        return s ? `${s.addr} ${s.haConnected} ${s.behindBytes}` : 'no slave';
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(`${slave.addr} true 0`);
});

test.afterAll(async ({ request }) => {
  const rules = (await (await request.get('/api/alerts/rules')).json()) as { id: string; name: string }[];
  for (const r of rules.filter((x) => x.name.startsWith(`e2e replica ${run}`))) await request.delete(`/api/alerts/rules/${r.id}`);
  await slave?.stop();
  await fixture?.close();
});

test('the cluster page shows broker-a as a master/slave pair with HA state and bytes behind', async ({ page }) => {
  const cluster = new ClusterPage(page);
  await cluster.open();
  const master = cluster.replica('broker-a', 0);
  const slaveRow = cluster.replica('broker-a', 1);
  await expect(cluster.group('broker-a').getByTestId('replica-row')).toHaveCount(2);
  await expect(master.getByTestId('replica-role')).toHaveText('ASYNC_MASTER');
  await expect(master).toContainText(masterAddr);
  await expect(master.getByTestId('replica-ha')).toHaveText('1 slave connected');
  await expect(slaveRow.getByTestId('replica-role')).toHaveText('SLAVE');
  await expect(slaveRow).toContainText(slave.addr);
  await expect(slaveRow.getByTestId('replica-ha')).toHaveText('connected');
  await expect(slaveRow.getByTestId('replica-behind')).toHaveText('0 B');
  // The embedded name server runs no failover controller.
  await expect(cluster.failoverDisabled).toContainText('Automatic failover not enabled');
  // The cluster card counts both instances.
  await expect(page.getByTestId('cluster-card').filter({ hasText: 'DefaultCluster' })).toContainText('1 broker group, 2 instances');
  await cluster.screenshot('cluster-ha-pair');
});

test('GET /api/cluster/replication answers the pair and the failover state', async ({ request }) => {
  const res = await request.get('/api/cluster/replication');
  expect(res.status()).toBe(200);
  const body = (await res.json()) as ReplicationOverviewDto;
  const g = body.groups.find((x) => x.brokerName === 'broker-a');
  expect(g).toMatchObject({ cluster: 'DefaultCluster', masterAddr });
  expect(g!.replicas.map((r) => [r.brokerId, r.addr, r.role, r.reachable])).toEqual([
    [0, masterAddr, 'ASYNC_MASTER', true],
    [1, slave.addr, 'SLAVE', true],
  ]);
  expect(g!.replicas[0].haSlaveCount).toBe(1);
  expect(g!.replicas[1]).toMatchObject({ haConnected: true, behindBytes: 0 });
  expect(g!.replicas[1].commitLogMaxOffset).toBe(g!.replicas[0].commitLogMaxOffset);
  expect(body.failover).toMatchObject({ enabled: false, namesrvAddr: null, groups: [] });
  expect(body.failover.reason).toMatch(/failover controller/);
});

test('a replica-behind rule is validated in the form and listed against its broker group', async ({ page }) => {
  const alerts = new AlertsPage(page);
  await alerts.open();
  await alerts.createRule({ name: `e2e replica ${run} bad`, kind: 'replicaBehind', brokerName: 'no spaces allowed', threshold: '0' });
  await expect(alerts.fieldError('rule-broker-name')).toBeVisible();
  await expect(page.getByTestId('rule-group')).toHaveCount(0);

  await alerts.createRule({ name: `e2e replica ${run}`, kind: 'replicaBehind', brokerName: 'broker-a', threshold: '1048576', forSeconds: '0' });
  await expect(alerts.saved).toBeVisible();
  const row = alerts.ruleRow(`e2e replica ${run}`);
  await expect(row).toContainText('broker group broker-a');
  await expect(row).toContainText('Replica behind');
  await expect(row).toContainText('1,048,576 B');
  // Caught up: nothing fires.
  await expect(alerts.alertRow(`e2e replica ${run}`)).toHaveCount(0);
  await alerts.screenshot('alerts-replica-rule');
});
