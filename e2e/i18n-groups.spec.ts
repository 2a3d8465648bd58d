/**
 * The consumer group and DLQ pages in Chinese (cookie orbit_locale=zh): headings, table headers, buttons, the
 * localised time lags and dates, and no English left in the places an operator reads first.
 */
import { expect, test, type Locator } from '@playwright/test';
import { logger } from '../server/common/logger';
import { DlqPage } from './pages/dlq-page';
import { DlqTriagePage } from './pages/dlq-triage-page';
import { GroupsPage } from './pages/groups-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvPort = Number(process.env.ORBIT_E2E_PORTS!.split(',')[1]);
const namesrvAddr = `127.0.0.1:${namesrvPort}`;
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
/** `2026/05/17 10:30:00`: formatDateTime in Chinese. */
const ZH_DATE_TIME = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/;
/** A time lag in Chinese unit words: `42 秒`, `4 分钟`. */
const ZH_AGE = /^\d+ (秒|分钟)$/;

/** None of these English texts appears inside `where`. */
async function noEnglish(where: Locator, texts: string[]): Promise<void> {
  const shown = await where.innerText();
  for (const text of texts) expect(shown, `"${text}" left in English`).not.toContain(text);
}

test.describe('consumer groups and DLQ in Chinese', () => {
  test.describe.configure({ timeout: 60_000 });
  let fixture: ClusterFixture;
  const topic = unique('E2E_ZhGroups');
  const group = unique('e2e_zh_group');
  const dlqTopic = unique('E2E_ZhDlq');
  const dlqGroup = unique('e2e_zh_dlq');

  test.beforeAll(async () => {
    if (!process.env.ORBIT_LOG_LEVEL) logger.level = 'warn';
    fixture = new ClusterFixture(namesrvAddr);
    await fixture.createTopic(topic, 4);
    await fixture.send(topic, 5);
    await fixture.registerLaggingGroup(group, topic, 4);
    await fixture.createTopic(dlqTopic, 1);
    await fixture.registerLaggingGroup(dlqGroup, dlqTopic, 1);
    await fixture.deadLetter(dlqGroup, dlqTopic, 3);
  });

  test.afterAll(async () => {
    await fixture?.close();
  });

  test.beforeEach(async ({ context, baseURL }) => {
    await context.addCookies([{ name: 'orbit_locale', value: 'zh', url: baseURL! }]);
  });

  test('the group list: heading, headers, count, lag and time lag, create button', async ({ page }) => {
    const groups = new GroupsPage(page);
    await groups.goto('/groups');
    await expect(groups.heading).toHaveText('消费者组');
    await expect(page).toHaveTitle('消费者组 · Orbit 控制台');
    await expect(groups.search).toHaveAttribute('placeholder', '搜索消费者组');
    await groups.search.fill(group);
    await expect(groups.lag(group)).toHaveText('5');
    await expect(page.getByTestId('group-list').locator('th')).toHaveText(['消费者组', '堆积', '堆积时长', '消费 TPS', '在线客户端', '消费模式', '主题']);
    await expect(page.getByTestId('group-count')).toHaveText(/^1 个，共 [\d,]+ 个消费者组$/);
    await expect(groups.timeLag(group)).toHaveText(ZH_AGE);
    await expect(groups.row(group).getByTestId('group-clients')).toHaveText('离线');
    await expect(page.getByTestId('group-create-toggle')).toHaveText('创建消费者组');
    await page.getByTestId('group-create-toggle').click();
    await expect(page.getByTestId('group-form-submit')).toHaveText('创建消费者组');
    await expect(page.getByTestId('group-create-toggle')).toHaveText('收起表单');
    await noEnglish(page.getByTestId('group-list'), ['Lag', 'Time lag', 'Online clients', 'offline', 'of ']);
  });

  test('the group detail: stat tiles, queues, a reset preview and its question', async ({ page }) => {
    const groups = new GroupsPage(page);
    await groups.goto(`/groups/${encodeURIComponent(group)}`);
    await expect(groups.heading).toHaveText(group);
    await expect(groups.totalLag).toHaveText('5');
    await expect(page.getByTestId('group-total-lag').locator('div').first()).toHaveText('堆积');
    await expect(groups.totalTimeLag).toHaveText(ZH_AGE);
    await expect(page.getByTestId('group-queues').locator('h2')).toHaveText('队列');
    await expect(page.getByTestId('group-queues').locator('th')).toHaveText([
      '主题',
      'Broker',
      '队列',
      'Broker 位点',
      '消费位点',
      '堆积',
      '堆积时长',
      '客户端',
      '最后消费时间',
    ]);
    await expect(groups.queueRows).toHaveCount(4);
    await expect(page.getByTestId('group-dlq-link')).toHaveText('死信消息');
    await expect(page.getByTestId('group-delete')).toHaveText('删除消费者组');

    // The reset card previews a reset to an hour ago: nothing consumed again (the group is at offset 0).
    const reset = page.getByTestId('group-reset');
    await expect(reset.locator('h2')).toHaveText('重置位点');
    await expect(page.getByTestId('reset-preview-caption')).toHaveText(/^预览：重置到 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    await expect(groups.resetPreviewRows).toHaveCount(4);
    await expect(page.getByTestId('reset-preview').locator('th')).toHaveText(['主题', 'Broker', '队列', '当前位点', '目标位点', '重新消费', '跳过']);
    await expect(page.getByTestId('reset-preview-totals').locator('td').first()).toHaveText('全部 4 个队列');
    await expect(page.getByTestId('reset-submit')).toHaveText('重置到此时间');
    await expect(page.getByTestId('skip-backlog')).toHaveText('跳过堆积');

    await groups.askSkipBacklog();
    await expect(groups.resetQuestion).toHaveText('重置 4 个队列：0 条消息将重新消费，跳过 5 条？');
    await expect(page.getByTestId('reset-confirm')).toHaveText('确认重置');
    await expect(page.getByTestId('reset-cancel')).toHaveText('取消');
    await page.getByTestId('reset-cancel').click();
    await expect(groups.totalLag).toHaveText('5');
    await noEnglish(reset, ['Reset', 'Skip', 'Preview', 'queues', 'Topic']);
  });

  test('Retry & DLQ: heading, headers, depths, and a group’s dead letters', async ({ page }) => {
    const dlq = new DlqPage(page);
    await dlq.goto('/dlq');
    await expect(dlq.heading).toHaveText('重试与死信');
    await expect(page).toHaveTitle('重试与死信 · Orbit 控制台');
    await page.getByTestId('list-search').fill(dlqGroup);
    await expect(dlq.depth(dlqGroup)).toHaveText('3');
    await expect(page.getByTestId('dlq-list').locator('th')).toHaveText(['消费者组', '重试消息数', '死信消息数', '']);
    await expect(dlq.row(dlqGroup).getByTestId('dlq-triage')).toHaveText('排查');
    await expect(dlq.row(dlqGroup).getByTestId('dlq-browse')).toHaveText('浏览');
    await expect(page.getByTestId('list-show-system')).toBeVisible();
    await expect(page.getByTestId('dlq-list')).toContainText('显示系统消费者组');

    await dlq.browse(dlqGroup);
    const card = page.getByTestId('dlq-messages');
    await expect(card.locator('h2')).toHaveText(`${dlqGroup} 的死信`);
    const makeReadable = page.getByTestId('dlq-make-readable');
    await expect(dlq.messages.first().or(makeReadable)).toBeVisible();
    if (await makeReadable.isVisible()) {
      await expect(makeReadable).toHaveText('设为可读（perm 6）');
      await makeReadable.click();
    }
    await expect(dlq.messages).toHaveCount(3);
    await expect(card.locator('header p')).toHaveText('显示 3 条消息');
    await expect(page.getByTestId('dlq-resend-selected')).toHaveText('重新投递所选（0）');
    await expect(page.getByTestId('dlq-export-csv')).toHaveText('导出 CSV');
    await expect(page.getByTestId('dlq-which-retry')).toHaveText('重试');
    await noEnglish(card.locator('header'), ['Dead letters', 'shown', 'Retry']);
  });

  test('DLQ triage: signatures with Chinese dates, the scan line, the republish preview', async ({ page }) => {
    const triage = new DlqTriagePage(page);
    await triage.goto(`/dlq/${encodeURIComponent(dlqGroup)}`);
    await expect(triage.heading).toHaveText(`${dlqGroup} 的死信`);
    await expect(page).toHaveTitle(`死信 · ${dlqGroup} · Orbit 控制台`);
    await expect(triage.signatures).toHaveCount(1);
    const summary = page.getByTestId('dlq-summary');
    await expect(summary.locator('h2')).toHaveText('失败特征');
    await expect(summary.locator('th')).toHaveText(['原始主题', 'Tag', '重试次数', '异常', '数量', '首次出现', '最近出现', '']);
    await expect(triage.signature(dlqTopic).getByTestId('dlq-signature-count')).toHaveText('3');
    await expect(triage.signature(dlqTopic).locator('td').nth(5)).toHaveText(ZH_DATE_TIME);
    await expect(triage.scanStatus).toHaveAttribute('data-complete', 'true');
    await expect(triage.scanStatus).toContainText('已统计 3 / 3');
    await expect(page.getByTestId('dlq-page').locator('h2')).toHaveText('最新死信');
    await expect(page.getByTestId('dlq-page').locator('header p')).toHaveText('未清除 3 条，最新的在前');
    await expect(page.getByTestId('dlq-purge')).toHaveText('清除…');
    await expect(page.getByTestId('dlq-republish-selected')).toHaveText('重新投递所选（0）');

    await triage.republishSignature(dlqTopic);
    const panel = page.getByTestId('republish-panel');
    await expect(panel.locator('h2')).toHaveText(`重新投递：${dlqTopic} / e2e 的 3 条死信`);
    await expect(page.getByTestId('republish-to').locator('option[value="original"]')).toHaveText('原始主题（所有订阅的消费者组）');
    await expect(page.getByTestId('republish-count')).toHaveText('3');
    await expect(page.getByTestId('republish-preview-box').locator('p').first()).toHaveText(`将以最多每秒 200 条的速度，把 3 条消息投递到 %RETRY%${dlqGroup}。`);
    await expect(page.getByTestId('republish-start')).toHaveText('开始重新投递');
    await noEnglish(summary, ['Original topic', 'Count', 'counted', 'Republish']);
    await page.getByTestId('republish-close').click();
    await expect(panel).toHaveCount(0);
  });
});
