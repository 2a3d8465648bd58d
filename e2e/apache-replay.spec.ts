/**
 * Replay and DLQ triage against Apache RocketMQ 4.9.7 (run by interop/console-apache.interop.test.ts): data
 * seeded over the wire with the admin client; a time range copied to another topic by a job, a group's
 * offsets reset to the range start (offline group), and dead letters grouped once the write-only %DLQ%
 * topic Apache creates is made readable.
 */
import { expect, test } from '@playwright/test';
import { toDateTimeLocal } from '../lib/format';
import { DlqTriagePage } from './pages/dlq-triage-page';
import { ReplayPage } from './pages/replay-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvAddr = process.env.ORBIT_E2E_APACHE_NAMESRV;
if (!namesrvAddr) throw new Error('ORBIT_E2E_APACHE_NAMESRV is not set: run this spec through interop/console-apache.interop.test.ts');
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.describe('replay and DLQ triage against Apache', () => {
  test.describe.configure({ mode: 'serial' });
  let fixture: ClusterFixture;
  const topic = unique('Apache_Replay');
  const copyTarget = unique('Apache_ReplayCopy');
  const group = unique('apache_replay');
  let from = '';
  let to = '';

  test.beforeAll(async () => {
    fixture = new ClusterFixture(namesrvAddr);
    await fixture.createTopic(topic, 2);
    await fixture.createTopic(copyTarget, 2);
    await fixture.registerLaggingGroup(group, topic, 2);
    await fixture.send(topic, 4);
    const next = Math.ceil((Date.now() + 1) / 1000) * 1000;
    await sleep(next - Date.now() + 50);
    from = toDateTimeLocal(next);
    for (let i = 0; i < 3; i++) await fixture.admin.sendMessage({ topic, body: JSON.stringify({ late: i }), keys: `late-${i}`, tags: 'late' });
    to = toDateTimeLocal(Date.now() + 60_000);
    // Apache builds consume queues asynchronously: wait until all 7 are there.
    await expect.poll(() => fixture.admin.topicDepth(topic), { timeout: 15_000 }).toBe(7);
  });

  test.afterAll(async () => {
    await fixture?.close();
  });

  test('copies a time range to another topic', async ({ page }) => {
    const replay = new ReplayPage(page);
    await replay.goto(`/replay?topic=${encodeURIComponent(topic)}`);
    await replay.preview({ mode: 'copy', target: copyTarget, from, to });
    await expect(replay.total).toHaveText('3');
    await expect(replay.firstMessages).toHaveCount(3);
    await replay.start();
    const job = replay.job('replay.copy');
    await expect(job).toHaveAttribute('data-status', 'done');
    await expect(job.getByTestId('job-counts')).toContainText('3 sent of 3');
    await expect.poll(() => fixture.admin.topicDepth(copyTarget), { timeout: 15_000 }).toBe(3);
    await replay.screenshot('apache-replay-copy');
  });

  test('resets a group to the range start, each queue re-consuming what the preview said', async ({ page }) => {
    const replay = new ReplayPage(page);
    await replay.goto(`/replay?group=${encodeURIComponent(group)}`);
    await replay.preview({ mode: 'group', topic, from, to });
    await expect(replay.total).toHaveText('3');
    await replay.start();
    await expect(replay.result).toContainText('3 messages to re-consume');
    await expect.poll(async () => (await fixture.admin.examineConsumeStats(group, topic)).totalDiff, { timeout: 15_000 }).toBe(3);
  });

  test('groups dead letters by failure signature', async ({ page }) => {
    const dlqGroup = unique('apache_triage');
    const dlqTopic = unique('Apache_Triage');
    await fixture.createTopic(dlqTopic, 1);
    await fixture.deadLetter(dlqGroup, dlqTopic, 3);
    const triage = new DlqTriagePage(page);
    await expect.poll(() => fixture.admin.topicDepth(`%DLQ%${dlqGroup}`), { timeout: 15_000 }).toBe(3);
    await triage.open(dlqGroup);
    const makeReadable = page.getByTestId('dlq-triage-make-readable');
    await expect(triage.signatures.first().or(makeReadable)).toBeVisible();
    if (await makeReadable.isVisible()) await makeReadable.click();
    await expect(triage.signature(dlqTopic).getByTestId('dlq-signature-count')).toHaveText('3');
    await expect(triage.rows).toHaveCount(3);
    await triage.screenshot('apache-dlq-triage');
  });
});
