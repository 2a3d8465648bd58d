import { expect, test } from '@playwright/test';
import { AlertsPage } from './pages/alerts-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvPort = Number(process.env.ORBIT_E2E_PORTS!.split(',')[1]);
const run = Date.now().toString(36);
const topic = `E2E_Alert_${run}`;
const group = `e2e-alert-group-${run}`;

let fixture: ClusterFixture;

test.beforeAll(async ({ request }) => {
  fixture = new ClusterFixture(`127.0.0.1:${namesrvPort}`);
  await fixture.createTopic(topic, 2);
  await fixture.send(topic, 12);
  await fixture.registerLaggingGroup(group, topic, 2);
  // Evaluate every second while this spec runs.
  expect((await request.put('/api/alerts/settings', { data: { sampleIntervalMs: 1000 } })).ok()).toBe(true);
});

test.afterAll(async ({ request }) => {
  const rules = (await (await request.get('/api/alerts/rules')).json()) as { id: string; group: string }[];
  for (const r of rules.filter((x) => x.group === group)) await request.delete(`/api/alerts/rules/${r.id}`);
  await request.put('/api/alerts/settings', { data: { sampleIntervalMs: 10_000 } });
  await fixture.close();
});

test('a lag rule made in the form fires for the lagging group and can be silenced', async ({ page }) => {
  test.setTimeout(60_000);
  const alerts = new AlertsPage(page);
  await alerts.open();

  await alerts.createRule({ name: 'e2e bad', group: '', threshold: '-1' });
  await expect(alerts.fieldError('rule-group')).toBeVisible();

  await alerts.createRule({ name: 'e2e lag', group, kind: 'messageLag', threshold: '5', forSeconds: '2', severity: 'critical' });
  await expect(alerts.saved).toBeVisible();
  await expect(alerts.ruleRow('e2e lag')).toBeVisible();

  await expect(alerts.alertRow('e2e lag')).toHaveAttribute('data-state', 'firing', { timeout: 20_000 });
  await expect(alerts.alertRow('e2e lag')).toContainText('12 messages behind');
  // Offline with a committed offset that never moves: Burrow says STOP once the window fills.
  await expect(alerts.groupStatus(group)).toHaveText('STOP', { timeout: 15_000 });
  await expect(alerts.lagChart).not.toHaveAttribute('data-points', '0');
  await expect(alerts.lagChart).toHaveAttribute('data-thresholds', '1');
  await alerts.screenshot('alerts');

  await alerts.alertRow('e2e lag').getByTestId('alert-silence').click();
  await expect(alerts.alertRow('e2e lag').getByTestId('alert-silenced')).toBeVisible();
  await expect(alerts.ruleRow('e2e lag').getByTestId('rule-unsilence')).toBeVisible();
  await alerts.screenshot('alerts-silenced');

  // The rules are stored: a reload shows them again.
  await page.reload();
  await expect(alerts.ruleRow('e2e lag')).toBeVisible();
});

test('a consumer-status rule fires when the offline group is STOPped', async ({ page }) => {
  test.setTimeout(60_000);
  const alerts = new AlertsPage(page);
  await alerts.open();

  await alerts.createRule({ name: 'e2e none', group, kind: 'consumerStatus', forSeconds: '0', statuses: [] });
  await expect(alerts.statusesError).toHaveText('pick at least one status');
  await expect(page.getByTestId('rule-threshold')).toBeDisabled();

  await alerts.createRule({ name: 'e2e stopped', group, kind: 'consumerStatus', forSeconds: '2', statuses: ['STOP'] });
  await expect(alerts.saved).toBeVisible();
  await expect(alerts.ruleRow('e2e stopped')).toContainText('Consumer status');
  await expect(alerts.ruleRow('e2e stopped')).toContainText('STOP');
  await expect(alerts.alertRow('e2e stopped')).toHaveAttribute('data-state', 'firing', { timeout: 20_000 });
  await expect(alerts.alertRow('e2e stopped')).toContainText(/\d+ queues? STOP \(watching STOP\)/);
});

test('the group page draws the lag trend with the rule threshold', async ({ page }) => {
  await page.goto(`/groups/${encodeURIComponent(group)}`);
  const chart = page.getByTestId('lag-trend-body');
  await expect(chart).not.toHaveAttribute('data-points', '0', { timeout: 15_000 });
  await expect(chart).toHaveAttribute('data-thresholds', '1');
  await expect(page.locator('.recharts-reference-line')).toHaveCount(1);
});

test('/metrics has rocketmq_group_diff for the lagging group', async ({ request }) => {
  let text = '';
  await expect
    .poll(
      async () => {
        const res = await request.get('/metrics');
        expect(res.headers()['content-type']).toContain('text/plain');
        text = await res.text();
        return text.includes(`rocketmq_group_diff{group="${group}",topic="${topic}"`);
      },
      { timeout: 30_000, intervals: [1000, 2000, 5000] },
    )
    .toBe(true);
  expect(text).toContain(`rocketmq_group_diff{group="${group}",topic="${topic}",countOfOnlineConsumers="0",msgModel="1"} 12`);
  expect(text).toMatch(/rocketmq_brokeruntime_msg_put_total_today_now\{cluster="[^"]+",brokerIP=/);
  expect(text).toContain('# TYPE rocketmq_producer_tps gauge');
});
