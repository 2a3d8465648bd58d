/**
 * The time-lag and reset-preview checks, shared by the embedded-cluster spec (e2e/time-lag.spec.ts) and the
 * Apache one (e2e/apache-time-lag.spec.ts): what the console shows is compared with what the admin client
 * reads over the wire, and ages with the clock around the sends.
 */
import { expect, type Page } from '@playwright/test';
import type { AdminClient } from '../../server/client/admin/admin-client';
import { toDateTimeLocal } from '../../lib/format';
import { GroupsPage, parseAgeMs } from '../pages/groups-page';
import { OverviewPage } from '../pages/overview-page';

export interface LaggingGroup {
  admin: AdminClient;
  topic: string;
  group: string;
  /** Clock just before the first unconsumed message was sent and just after the last one. */
  sentFrom: number;
  sentUntil: number;
  /** Prefix of the screenshots (e2e/screenshots/<name>-*.png). */
  name: string;
}

/** Waits until the newest unconsumed message is at least `ms` old, so an age shown is more than rounding. */
export async function ageAtLeast(page: Page, sentUntil: number, ms: number): Promise<void> {
  const left = sentUntil + ms - Date.now();
  if (left > 0) await page.waitForTimeout(left);
}

/** `text` as an age within what the clock allows: at least the newest message's age when asked, at most the oldest's now. */
function expectAge(text: string, askedAt: number, g: LaggingGroup, slackMs = 1000): void {
  const ms = parseAgeMs(text);
  expect(ms, `time lag "${text}"`).toBeGreaterThanOrEqual(Math.floor((askedAt - g.sentUntil) / 1000) * 1000);
  expect(ms, `time lag "${text}"`).toBeLessThanOrEqual(Date.now() - g.sentFrom + slackMs);
}

/** The list, the detail (group and every lagging queue) and the overview's top groups show the time lag. */
export async function checkTimeLag(page: Page, g: LaggingGroup, opts: { overview?: boolean } = {}): Promise<void> {
  const stats = await g.admin.examineConsumeStats(g.group);
  const lag = stats.queues.filter((q) => q.topic === g.topic).reduce((n, q) => n + q.lag, 0);
  expect(lag).toBeGreaterThan(0);

  const groups = new GroupsPage(page);
  const askedAt = Date.now();
  await groups.open();
  await groups.search.fill(g.group);
  await expect(groups.lag(g.group)).toHaveText(lag.toLocaleString('en-US'));
  expectAge(await groups.timeLag(g.group).innerText(), askedAt, g);

  await groups.row(g.group).getByTestId('group-link').click();
  await expect(groups.heading).toHaveText(g.group);
  await expect(groups.totalLag).toHaveText(lag.toLocaleString('en-US'));
  expectAge(await groups.totalTimeLag.innerText(), askedAt, g);
  for (const q of stats.queues.filter((x) => x.topic === g.topic)) {
    const cell = groups.queueRow(q.topic, q.brokerName, q.queueId).getByTestId('queue-time-lag');
    if (q.lag === 0) await expect(cell).toHaveText('0 s');
    else expectAge(await cell.innerText(), askedAt, g);
  }
  await groups.screenshot(`${g.name}-detail`);

  if (opts.overview === false) return;
  // The overview samples every 10 s, and the sample it shows may predate the last messages (taken while the group
  // still lagged on what it consumed since): wait until a sample within both bounds is shown.
  const overview = new OverviewPage(page);
  await overview.open();
  const cell = overview.topGroupTimeLag(g.group);
  const shown = async () => ((await cell.count()) ? await cell.innerText() : '');
  await expect
    .poll(
      async () => {
        const text = await shown();
        if (!text) return `no row for ${g.group}`;
        const ms = parseAgeMs(text);
        const low = Math.floor((askedAt - g.sentUntil) / 1000) * 1000;
        const high = Date.now() - g.sentFrom + 1000;
        return ms >= low && ms <= high ? 'within' : `"${text}" outside [${low}, ${high}] ms`;
      },
      { timeout: 30_000 },
    )
    .toBe('within');
  await overview.screenshot(`${g.name}-overview`);
}

/** Per queue current offset, target and counts match the wire; a reset then moves the group exactly there. */
export async function checkResetPreview(page: Page, g: LaggingGroup): Promise<void> {
  const groups = new GroupsPage(page);
  await groups.goto(`/groups/${encodeURIComponent(g.group)}`);
  await expect(groups.heading).toHaveText(g.group);
  await groups.page.getByTestId('reset-topic').selectOption(g.topic);

  const queues = (await g.admin.examineTopicStats(g.topic)).sort((a, b) => a.brokerName.localeCompare(b.brokerName) || a.queueId - b.queueId);
  const current = new Map((await g.admin.examineConsumeStats(g.group)).queues.filter((q) => q.topic === g.topic).map((q) => [`${q.brokerName}/${q.queueId}`, q.consumerOffset]));
  const cur = (q: { brokerName: string; queueId: number }) => current.get(`${q.brokerName}/${q.queueId}`) ?? 0;
  const n = queues.length;
  const plural = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`;

  // Skip the backlog: every queue to its end.
  await groups.askSkipBacklog();
  const skip = queues.reduce((s, q) => s + q.maxOffset - cur(q), 0);
  await expect(groups.resetQuestion).toHaveText(`Reset ${plural(n, 'queue')}: 0 messages consumed again, ${skip.toLocaleString('en-US')} skipped?`);
  await expect(groups.resetPreviewRows).toHaveCount(n);
  for (const q of queues) {
    const row = groups.resetPreviewRow(g.topic, q.brokerName, q.queueId);
    await expect(row.getByTestId('preview-current')).toHaveText(String(cur(q)));
    await expect(row.getByTestId('preview-target')).toHaveText(String(q.maxOffset));
    await expect(row.getByTestId('preview-skip')).toHaveText((q.maxOffset - cur(q)).toLocaleString('en-US'));
    await expect(row.getByTestId('preview-reconsume')).toHaveText('0');
  }
  await groups.screenshot(`${g.name}-reset-preview`);
  await groups.confirmReset();
  await expect(groups.resetResult).toContainText(`Reset ${plural(n, 'queue')}`);
  await expect(groups.totalLag).toHaveText('0');
  await expect(groups.totalTimeLag).toHaveText('0 s');

  // Back to an hour ago, before every message: each queue is read again from its first message.
  await groups.askResetTo(toDateTimeLocal(Date.now() - 3_600_000));
  const again = queues.reduce((s, q) => s + q.maxOffset - q.minOffset, 0);
  await expect(groups.resetQuestion).toHaveText(`Reset ${plural(n, 'queue')}: ${plural(again, 'message')} consumed again, 0 skipped?`);
  for (const q of queues) {
    const row = groups.resetPreviewRow(g.topic, q.brokerName, q.queueId);
    await expect(row.getByTestId('preview-current')).toHaveText(String(q.maxOffset));
    await expect(row.getByTestId('preview-target')).toHaveText(String(q.minOffset));
  }
  await groups.confirmReset();
  await expect(groups.totalLag).toHaveText(again.toLocaleString('en-US'));
  for (const q of queues) {
    await expect(groups.queueRow(g.topic, q.brokerName, q.queueId).getByTestId('queue-consumer-offset')).toHaveText(String(q.minOffset));
  }
  await expect.poll(async () => (await g.admin.examineConsumeStats(g.group)).queues.filter((q) => q.topic === g.topic).reduce((s, q) => s + q.lag, 0)).toBe(again);
}
