/**
 * Time lag (age of the oldest unconsumed message) in the group list, group detail and overview, and the
 * offset reset preview, against the embedded cluster.
 */
import { expect, test } from '@playwright/test';
import { GroupsPage } from './pages/groups-page';
import { ClusterFixture } from './support/cluster-fixture';
import { ageAtLeast, checkResetPreview, checkTimeLag } from './support/time-lag-checks';

const embeddedNamesrv = `127.0.0.1:${Number(process.env.ORBIT_E2E_PORTS!.split(',')[1])}`;
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

test.describe('time lag and reset preview', () => {
  let fixture: ClusterFixture;
  test.beforeAll(() => {
    fixture = new ClusterFixture(embeddedNamesrv);
  });
  test.afterAll(async () => {
    await fixture.close();
  });

  test('a lagging group shows its time lag in list, detail and overview; the reset preview says what the reset then does', async ({ page }) => {
    const topic = unique('E2E_TimeLag');
    const group = unique('e2e-time-lag');
    await fixture.createTopic(topic, 2);
    const sentFrom = Date.now();
    // Enough messages to rank among the overview's top groups by lag, whatever other specs left behind.
    await fixture.send(topic, 40);
    const sentUntil = Date.now();
    await fixture.registerLaggingGroup(group, topic, 2);
    await ageAtLeast(page, sentUntil, 3000);

    const g = { admin: fixture.admin, topic, group, sentFrom, sentUntil, name: 'time-lag' };
    await checkTimeLag(page, g);
    await checkResetPreview(page, g);
  });

  test('the preview of a group without offsets says there is nothing to reset', async ({ page }) => {
    const topic = unique('E2E_NoOffsets');
    const group = unique('e2e-no-offsets');
    await fixture.createTopic(topic, 1);
    await fixture.createGroup(group);
    const groups = new GroupsPage(page);
    await groups.goto(`/groups/${encodeURIComponent(group)}`);
    await expect(groups.heading).toHaveText(group);
    await expect(page.getByTestId('reset-preview-empty')).toBeVisible();
    await expect(groups.totalTimeLag).toHaveText('0 s');
    // A topic without messages: nothing to consume again or skip, and no offset of the group there.
    const res = await page.request.get(`/api/groups/${group}/reset-preview?timestamp=-1&topic=${topic}`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ queues: [{ topic, currentOffset: null, targetOffset: 0, reconsume: 0, skip: 0 }], totals: { queues: 1, reconsume: 0, skip: 0 } });
  });
});
