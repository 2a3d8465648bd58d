/**
 * The topics pages, the live tail and replay in Chinese (cookie `orbit_locale=zh`): headings, titles, table
 * headers, buttons, dates in the Chinese form (`2026/05/17 10:30:00`) and grouped counts, and no English left in
 * the places an operator reads first. A topic of its own, with a few messages, gives the pages something to show.
 */
import { expect, test, type Locator } from '@playwright/test';
import { LiveTailPage } from './pages/live-tail-page';
import { ReplayPage } from './pages/replay-page';
import { TopicsPage } from './pages/topics-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvPort = Number(process.env.ORBIT_E2E_PORTS!.split(',')[1]);
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const topic = `E2E_I18nTopics_${run}`;
const copyTarget = `E2E_I18nTopicsCopy_${run}`;
const ZH_DATE_TIME = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/;
let fixture: ClusterFixture;

/** None of these English texts shows inside `where`. */
async function expectNoEnglish(where: Locator, texts: string[]): Promise<void> {
  for (const text of texts) await expect(where).not.toContainText(text);
}

test.beforeAll(async () => {
  fixture = new ClusterFixture(`127.0.0.1:${namesrvPort}`);
  await fixture.createTopic(topic, 2);
  await fixture.createTopic(copyTarget, 2);
  await fixture.send(topic, 4);
});

test.afterAll(async () => {
  await fixture?.close();
});

test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: 'orbit_locale', value: 'zh', url: baseURL! }]);
});

test('the topic list: heading, title, table headers, kind and permission words, the count', async ({ page }) => {
  const topics = new TopicsPage(page);
  await topics.goto('/topics');
  await expect(topics.heading).toHaveText('主题');
  await expect(page).toHaveTitle('主题 · Orbit 控制台');
  await expect(topics.search).toHaveAttribute('placeholder', '搜索主题');
  await expect(topics.createToggle).toHaveText('创建主题');
  await topics.search.fill(topic);
  await expect(topics.rows).toHaveCount(1);
  await expect(page.getByTestId('topic-list').locator('th')).toHaveText(['主题', '类型', '读队列数', '写队列数', '权限', 'Broker', '']);
  const row = topics.row(topic);
  await expect(row.locator('td').nth(1)).toHaveText('普通');
  await expect(row.locator('td').nth(4)).toHaveText('读/写');
  await expect(row.getByTestId('topic-tail-link')).toHaveText('实时查看');
  await expect(row.getByTestId('topic-delete')).toHaveText('删除');
  await expect(page.getByTestId('topic-count')).toHaveText(/^1 \/ 共 \d{1,3}(,\d{3})* 个主题$/);

  await topics.createToggle.click();
  await expect(topics.createToggle).toHaveText('收起表单');
  await expect(topics.submit).toHaveText('创建主题');
  await expect(topics.perm.locator('option[value="4"]')).toHaveText('4 · 只读');
  await expectNoEnglish(page.locator('main'), ['Create topic', 'Read queues', 'Permission', 'read/write', 'Topic name', 'of 1 topic']);
});

test('the topic detail: stats, queue and route tables with Chinese dates, the send form', async ({ page }) => {
  const topics = new TopicsPage(page);
  await topics.goto(`/topics/${encodeURIComponent(topic)}`);
  await expect(topics.heading).toHaveText(topic);
  await expect(page).toHaveTitle(`${topic} · Orbit 控制台`);
  await expect(page.getByRole('link', { name: '← 全部主题' })).toBeVisible();
  await expect(page.getByTestId('topic-live-tail-link')).toHaveText('实时查看');
  await expect(page.getByTestId('topic-replay-link')).toHaveText('重放一段时间范围…');
  await expect(page.getByTestId('topic-detail-delete')).toHaveText('删除主题');
  await expect(page.getByTestId('topic-total').locator('div').first()).toHaveText('存储消息数');
  await expect(page.getByTestId('topic-total-value')).toHaveText('4');

  const queues = page.getByTestId('topic-queues');
  await expect(queues.locator('h2')).toHaveText('队列');
  await expect(queues.locator('th')).toHaveText(['Broker', '队列', '最小位点', '最大位点', '最后更新时间']);
  // Four messages on two queues: each queue was written, so each shows when, in the Chinese form.
  await expect(queues.getByTestId('queue-updated')).toHaveText([ZH_DATE_TIME, ZH_DATE_TIME]);

  const route = page.getByTestId('topic-route');
  await expect(route.locator('h2')).toHaveText('路由');
  await expect(route.locator('th')).toHaveText(['Broker', 'Master', '读', '写', '权限']);
  await expect(route.locator('td').nth(4)).toHaveText('读/写');
  await expect(page.getByTestId('topic-groups').locator('h2')).toHaveText('消费者组');
  await expect(page.getByTestId('topic-send').locator('h2')).toHaveText('发送测试消息');
  await expect(topics.submit).toHaveText('更新主题');

  await topics.sendMessage('{"hello":"中文"}', 'i18n-key');
  await expect(topics.sendResult).toContainText(/^已发送到 \S+ 的队列 \d+，位点 \d+；消息 ID/);
  await expectNoEnglish(page.locator('main'), ['Messages stored', 'Min offset', 'Last update', 'Send message', 'Sent to', 'at offset', 'read/write']);
});

test('the live tail: heading, status, counters, pause and resume', async ({ page }) => {
  const tail = new LiveTailPage(page);
  await tail.goto(`/topics/${encodeURIComponent(topic)}/tail`);
  await expect(tail.heading).toHaveText(`${topic} · 实时查看`);
  await expect(page).toHaveTitle(`${topic} · 实时查看 · Orbit 控制台`);
  await expect(tail.status).toHaveText('实时');
  await expect(tail.apply).toHaveText('应用');
  await expect(page.getByTestId('tail-received').locator('div').first()).toHaveText('已接收');
  await expect(page.getByTestId('tail-shown')).toContainText('最新 500 条');

  await fixture.admin.sendMessage({ topic, body: 'live', tags: 'zh' });
  await expect(tail.rows).toHaveCount(1);
  await expect(tail.counter('received')).toHaveText('1');
  await expect(tail.pause).toHaveText('暂停');
  await tail.pause.click();
  await expect(tail.status).toHaveText('已暂停');
  await expect(tail.pause).toHaveText('继续');
  await fixture.admin.sendMessage({ topic, body: 'while paused' });
  await expect(tail.pausedNew).toHaveText('暂停期间新到 1 条');
  await tail.pause.click();
  await expect(tail.status).toHaveText('实时');
  await expectNoEnglish(page.locator('main'), ['live tail', 'Received', 'Skipped by server', 'Body contains', 'Pause']);
});

test('replay: the form, a copy preview with Chinese dates, the job and its progress', async ({ page }) => {
  const replay = new ReplayPage(page);
  await replay.goto(`/replay?topic=${encodeURIComponent(topic)}`);
  await expect(replay.heading).toHaveText('重放');
  await expect(page).toHaveTitle('重放 · Orbit 控制台');
  await expect(page.getByTestId('replay-mode').locator('option[value="copy"]')).toHaveText('将该范围复制到另一个主题');
  await expect(page.getByTestId('replay-preview')).toHaveText('预览');
  const jobs = page.getByTestId('jobs-panel');
  await expect(jobs.locator('h2')).toHaveText('重放任务');
  // The confirm limit (100 000 by default) as a grouped count.
  await expect(jobs.locator('header p')).toHaveText(/^超过 \d{1,3}(,\d{3})* 条消息的任务需要确认预览的数量。$/);
  await expect(page.getByTestId('jobs-empty')).toHaveText('暂无任务。');

  // The default range (the last hour up to a minute ahead) holds every message of the topic.
  await page.getByTestId('replay-mode').selectOption('copy');
  await page.getByTestId('replay-target').fill(copyTarget);
  await page.getByTestId('replay-preview').click();
  await expect(replay.previewBox).toBeVisible();
  const total = Number(await replay.total.textContent());
  expect(total).toBeGreaterThanOrEqual(4);
  await expect(replay.previewBox.locator('h2')).toHaveText(`预览：${total} 条消息，投递到 ${copyTarget}`);
  const description = (await replay.previewBox.locator('header p').textContent())!;
  const [from, rest] = description.split(' … ');
  expect(from).toMatch(ZH_DATE_TIME);
  expect(rest.slice(0, 19)).toMatch(ZH_DATE_TIME);
  expect(rest.slice(19)).toBe(` 存储的 ${total} 条消息，将连同 Key、Tag 和属性逐条发送。`);
  await expect(replay.previewBox.locator('th')).toHaveText(['队列', '位点', '范围内']);
  await expect(replay.firstMessages.first()).toHaveText(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} · /);
  await expect(page.getByTestId('replay-start')).toHaveText('开始任务');

  await replay.start();
  await expect(replay.result).toHaveText(`任务已开始，共 ${total} 条消息；进度见下方。`);
  const job = replay.job('replay.copy');
  await expect(job).toHaveAttribute('data-status', 'done');
  await expect(job.getByTestId('job-status')).toHaveText('已完成');
  await expect(job).toContainText('重放：复制到主题');
  await expect(job.getByTestId('job-counts')).toHaveText(`已发送 ${total} / ${total}`);
  await expect(job).toContainText(/开始于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/);
  await expectNoEnglish(page.locator('main'), ['Preview', 'messages', 'Start job', 'sent of', 'started', 'msg/s']);
});
