/**
 * The console smoke run against an attached cluster (e2e/attached.spec.ts: `orbit namesrv` + `orbit broker`;
 * e2e/apache.spec.ts: Apache RocketMQ): the overview sees the name server and the broker, a topic is created
 * with the form, a test message is sent from the topic page, a lagging group shows its lag, the message
 * is found by its key, and the cluster page shows the broker's replication role with failover off. Screenshots go to e2e/screenshots/<name>-*.png.
 */
import { expect, test } from '@playwright/test';
import { ClusterPage } from '../pages/cluster-page';
import { GroupsPage } from '../pages/groups-page';
import { MessagesPage } from '../pages/messages-page';
import { OverviewPage } from '../pages/overview-page';
import { TopicsPage } from '../pages/topics-page';
import { ClusterFixture } from './cluster-fixture';

export interface SmokeTarget {
  /** Prefix of the screenshots and the test titles. */
  name: string;
  namesrvAddr: string;
  brokerName: string;
}

const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

export function defineSmoke(target: SmokeTarget): void {
  test.describe(`console smoke against ${target.name}`, () => {
    test.describe.configure({ mode: 'serial' });
    // Apache writes its consume queues and indexes asynchronously: give the checks that wait on them time.
    test.setTimeout(90_000);
    let fixture: ClusterFixture;
    const topic = unique('Smoke_Topic');
    const key = unique('smoke-key');

    test.beforeAll(() => {
      fixture = new ClusterFixture(target.namesrvAddr);
    });
    test.afterAll(async () => {
      await fixture.close();
    });

    test('overview shows the name server and the broker', async ({ page }) => {
      const overview = new OverviewPage(page);
      await overview.open();
      await expect(overview.topbarNamesrv).toHaveText(target.namesrvAddr);
      await expect(overview.namesrvStatus(target.namesrvAddr)).toHaveText('Reachable');
      await expect(overview.brokerRows.filter({ hasText: target.brokerName }).first()).toBeVisible({ timeout: 30_000 });
      await overview.screenshot(`${target.name}-overview`);
    });

    test('create a topic with the form and send a test message from its page', async ({ page }) => {
      const topics = new TopicsPage(page);
      await topics.open();
      await topics.create(topic, 1);
      await expect(topics.saved).toContainText(`Saved ${topic}`);
      await topics.search.fill(topic);
      await expect(topics.row(topic)).toBeVisible({ timeout: 30_000 });
      await topics.screenshot(`${target.name}-topics`);

      await topics.row(topic).getByTestId('topic-link').click();
      await expect(topics.heading).toHaveText(topic);
      // The route reaches the name server with the broker's next registration.
      await expect(async () => {
        await topics.sendMessage('{"smoke":true}', key);
        await expect(topics.sendResult).toContainText('at offset 0', { timeout: 3_000 });
      }).toPass({ timeout: 45_000 });
      await expect(page.getByTestId('topic-total-value')).toHaveText('1', { timeout: 30_000 });
      await topics.screenshot(`${target.name}-topic-detail`);
    });

    test('the groups page shows a lagging group with its lag', async ({ page }) => {
      const lagTopic = unique('Smoke_Lag');
      const group = unique('smoke-group');
      await fixture.createTopic(lagTopic, 4);
      await fixture.send(lagTopic, 5);
      await fixture.registerLaggingGroup(group, lagTopic, 4);

      const groups = new GroupsPage(page);
      await groups.open();
      await groups.search.fill(group);
      // The list refreshes by itself; Apache may take a moment to count the stored messages.
      await expect(groups.lag(group)).toHaveText('5', { timeout: 45_000 });
      await groups.screenshot(`${target.name}-groups`);
      await groups.row(group).getByTestId('group-link').click();
      await expect(groups.heading).toHaveText(group);
      await expect(groups.totalLag).toHaveText('5');
      await groups.screenshot(`${target.name}-group-detail`);
    });

    test('find the test message by its key', async ({ page }) => {
      const messages = new MessagesPage(page);
      await messages.open();
      await expect(async () => {
        await messages.byKey(topic, key);
        await expect(messages.rows).toHaveCount(1, { timeout: 3_000 });
      }).toPass({ timeout: 45_000 });
      await messages.rows.first().getByTestId('message-open').click();
      await expect(messages.detail.getByTestId('message-keys')).toHaveText(key);
      await messages.screenshot(`${target.name}-messages-by-key`);
    });

    test('the cluster page shows the broker group with its role and no failover', async ({ page }) => {
      const cluster = new ClusterPage(page);
      await cluster.open();
      // Apache names no role in runtime info: the console reads it from the broker's config.
      await expect(cluster.replica(target.brokerName, 0).getByTestId('replica-role')).toHaveText('ASYNC_MASTER');
      // No slave: Orbit counts connected ones, Apache (no HA keys) the ones the name servers know.
      await expect(cluster.replica(target.brokerName, 0).getByTestId('replica-ha')).toHaveText(/^0 slaves (connected|registered)$/);
      // An Apache name server never answers the failover request; an Orbit one has no group under failover here.
      await expect(cluster.failoverDisabled).toContainText('Automatic failover not enabled');
      await cluster.screenshot(`${target.name}-cluster`);
    });
  });
}
