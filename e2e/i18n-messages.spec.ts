/**
 * The overview and the message pages in Chinese (cookie orbit_locale=zh): headings, table headers, buttons,
 * localised numbers, dates and time lags, and no English left in the places checked. The data: one topic with a
 * message sent by a traced producer and consumed by a traced push consumer (after 40 untraced ones), plus an
 * offline group that lags on all of them.
 */
import { expect, test } from '@playwright/test';
import { sendTracedAndConsume } from './support/traced-flow';
import { logger } from '../server/common/logger';
import { MessageBodyPanel } from './pages/message-body-panel';
import { MessageTracePage } from './pages/message-trace-page';
import { MessagesPage } from './pages/messages-page';
import { OverviewPage } from './pages/overview-page';
import { ClusterFixture } from './support/cluster-fixture';

const namesrvAddr = `127.0.0.1:${process.env.ORBIT_E2E_PORTS!.split(',')[1]}`;
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
/** `2026/05/17 10:30:00`, the Chinese date format of useFormat().dateTime. */
const ZH_DATE_TIME = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/;

test.describe('overview and messages in Chinese', () => {
  test.describe.configure({ mode: 'serial', timeout: 90_000 });
  const topic = unique('I18nZh');
  const group = unique('i18n_zh_cg');
  const lagging = unique('i18n_zh_lag');
  const producerGroup = unique('i18n_zh_pg');
  const key = unique('zh-key');
  let fixture: ClusterFixture;
  let sent: { msgId: string; queueId: number; queueOffset: number };
  const closers: (() => Promise<unknown>)[] = [];

  test.beforeAll(async () => {
    if (!process.env.ORBIT_LOG_LEVEL) logger.level = 'warn';
    fixture = new ClusterFixture(namesrvAddr);
    await fixture.createTopic(topic, 1);
    // Enough messages to rank among the overview's top groups by lag, whatever other specs left behind.
    await fixture.send(topic, 40);
    await fixture.registerLaggingGroup(lagging, topic, 1);
    const r = await sendTracedAndConsume(namesrvAddr, { topic, group, producerGroup, body: '你好, Orbit', tags: 'zh', keys: key }, closers);
    sent = { msgId: r.msgId, queueId: r.messageQueue.queueId, queueOffset: r.queueOffset };
  });

  test.afterAll(async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
    await fixture?.close();
  });

  test.beforeEach(async ({ context, baseURL }) => {
    await context.addCookies([{ name: 'orbit_locale', value: 'zh', url: baseURL! }]);
  });

  test('the overview: heading, tiles, name server table, chart, top groups with a Chinese time lag', async ({ page }) => {
    const overview = new OverviewPage(page);
    await overview.goto('/');
    await expect(overview.heading).toHaveText('概览');
    await expect(page).toHaveTitle('Orbit 控制台');
    await expect(overview.overview).toBeVisible();
    await expect(page.getByTestId('stat-namesrv')).toContainText('NameServer');
    await expect(page.getByTestId('stat-namesrv')).toContainText('可连接');
    await expect(page.getByTestId('stat-topics')).toContainText('主题');
    await expect(page.getByTestId('stat-brokers')).toContainText(/\d+ 个 Master，\d+ 个 Slave/);
    await expect(page.getByTestId('refresh-button')).toHaveText('刷新');
    await expect(page.getByTestId('refresh-status')).toHaveText(/^更新于 \d{2}:\d{2}:\d{2}$/);

    await expect(page.getByTestId('namesrv-card').locator('h2')).toHaveText('NameServer');
    await expect(page.getByTestId('namesrv-card').locator('header p')).toHaveText(/^探测于 \d{2}:\d{2}:\d{2}$/);
    await expect(page.getByTestId('namesrv-table').locator('th')).toHaveText(['地址', '状态', '往返时延']);
    await expect(overview.namesrvStatus(namesrvAddr)).toHaveText('可连接');
    await expect(overview.brokerCard.locator('h2')).toHaveText('已注册的 Broker');
    await expect(overview.brokerCard.locator('header p')).toHaveText(/^\d+ 个集群，共 \d+ 个 Broker$/);

    const chart = page.getByTestId('tps-chart');
    await expect(chart.locator('h2')).toHaveText('吞吐量');
    await expect(chart.locator('header p')).toContainText(/由控制台每 \d+ 秒采样一次/);
    await expect(page.getByTestId('tps-range')).toHaveAttribute('aria-label', '时间范围');
    await expect(page.getByTestId('tps-range-1h')).toHaveText('1 小时');
    await expect(page.getByTestId('tps-range-15m')).toHaveText('15 分钟');
    const legend = chart.locator('.recharts-legend-wrapper');
    for (const name of ['生产 TPS', '消费 TPS']) await expect(legend).toContainText(name);

    await expect(page.getByTestId('top-topics').locator('h2')).toHaveText('TPS 最高的主题');
    const topGroups = page.getByTestId('top-groups');
    await expect(topGroups.locator('h2')).toHaveText('堆积最多的消费者组');
    // The console samples every 10 s: the lagging group shows up with the next sample, its age in Chinese units.
    const row = overview.topGroupRow(lagging);
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('top-groups-table').locator('th')).toHaveText(['消费者组', '堆积', '堆积时长']);
    await expect(topGroups.locator('header p')).toHaveText(/^尚未消费的消息数，以及其中最早一条已等待的时长，截至 \d{2}:\d{2}:\d{2}。$/);
    await expect(row.getByTestId('top-group-lag')).toHaveText(/^4[01]$/);
    await expect(row.getByTestId('top-group-time-lag')).toHaveText(/^\d+ (秒|分钟)$/);

    // No English left in the overview's own texts (broker roles and names are data).
    for (const english of ['Name servers', 'Registered brokers', 'Throughput', 'Top topics', 'Top groups', 'Reachable', 'Updated', 'Produce TPS']) {
      await expect(page.locator('main')).not.toContainText(english);
    }
    await overview.screenshot('i18n-zh-overview');
  });

  test('the message search by key, the result table, the detail and its body views', async ({ page }) => {
    const messages = new MessagesPage(page);
    await messages.goto('/messages');
    await expect(messages.heading).toHaveText('消息');
    await expect(page).toHaveTitle('消息 · Orbit 控制台');
    await expect(page.getByTestId('search-mode-time')).toHaveText('按主题和时间');
    await expect(page.getByTestId('search-mode-key')).toHaveText('按消息 Key');
    await expect(page.getByTestId('search-mode-id')).toHaveText('按消息 ID');

    // Validation messages in Chinese: the search's own (empty key) and the topic's.
    await page.getByTestId('search-mode-key').click();
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('search-topic-error')).toHaveText('请输入主题名称');
    await expect(page.getByTestId('search-key-error')).toHaveText('请输入 Key');

    await messages.byKey(topic, key);
    await expect(messages.results.locator('h2')).toHaveText('1 条消息');
    await expect(page.getByTestId('search-submit')).toHaveText('查询');
    await expect(page.getByTestId('message-table').locator('th')).toHaveText(['消息 ID', 'Tag', 'Key', '存储时间', '队列', '消息体']);
    await expect(messages.rows).toHaveCount(1);
    await expect(messages.rows.first().locator('td').nth(3)).toHaveText(ZH_DATE_TIME);
    await messages.rows.first().getByTestId('message-open').click();

    const detail = messages.detail;
    await expect(detail.locator('h2')).toHaveText('消息');
    await expect(page.getByTestId('message-tab-details')).toHaveText('详情');
    await expect(page.getByTestId('message-tab-trace')).toHaveText('消息轨迹');
    await expect(page.getByTestId('message-trace-link')).toHaveText('消息轨迹页');
    const fields = page.getByTestId('message-fields');
    await expect(fields.locator('dt')).toHaveText(['主题', '消息 ID', 'Offset ID', '队列', 'Tag', 'Key', '存储时间', '生产时间', '存储主机', '重试次数']);
    await expect(fields.locator('dd').nth(6)).toHaveText(ZH_DATE_TIME);
    await expect(fields.locator('dd').nth(7)).toHaveText(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}，来自 \S+$/);
    await expect(page.getByTestId('message-properties').locator('th')).toHaveText(['名称', '值']);
    await expect(page.getByTestId('resend-group-submit')).toHaveText('重新投递到消费者组');
    await expect(page.getByTestId('resend-original')).toHaveText(`重新投递到 ${topic}`);

    const body = new MessageBodyPanel(page);
    await expect(body.kind).toHaveText('UTF-8 文本');
    await expect(body.text).toHaveText('你好, Orbit');
    await expect(page.getByTestId('message-body-size')).toHaveText(`${Buffer.byteLength('你好, Orbit')} 字节`);
    await expect(body.download).toHaveText('下载');
    await expect(body.view('text')).toHaveText('文本');
    await expect(body.view('hex')).toHaveText('十六进制');
    await body.show('hex');
    await expect(body.text).toContainText('00000000  e4 bd a0 e5 a5 bd');

    for (const english of ['Message id', 'Stored', 'Properties', 'Resend to', 'Download', 'Reconsume times']) {
      await expect(page.locator('main')).not.toContainText(english);
    }
    await messages.screenshot('i18n-zh-messages');
  });

  test('the trace page: sections, the timeline in Chinese with milliseconds, deliveries and groups', async ({ page }) => {
    const trace = new MessageTracePage(page);
    await trace.goto(`/messages/trace?${new URLSearchParams({ id: sent.msgId, topic }).toString()}`);
    await expect(trace.heading).toHaveText('消息轨迹');
    await expect(page).toHaveTitle('消息轨迹 · Orbit 控制台');
    await expect(page.getByTestId('trace-message-link')).toHaveText('消息详情');
    // Records reach the trace topic within a second or so; the view polls.
    await expect(trace.producerGroup).toHaveText(producerGroup, { timeout: 20_000 });
    await expect(trace.stored).toContainText(`队列 ${sent.queueId} @ 位点 ${sent.queueOffset}`);
    await expect(page.getByTestId('trace-summary').locator('dt')).toHaveText(['生产者组', '生产者地址', '发送', '存储位置', '存储时间']);
    await expect(page.getByTestId('trace-summary').locator('dd').nth(2)).toHaveText(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} · \d+ ms · 成功$/);
    await expect(trace.trace.locator('h3')).toHaveText(['生产者与存储', '消费者组', '时间线']);

    await expect(page.getByTestId('trace-groups').locator('th')).toHaveText(['消费者组', '投递', '已消费（按位点）', '死信']);
    const row = trace.group(group);
    await expect(row.getByTestId('trace-delivery-status')).toHaveText('成功');
    await expect(row.getByTestId('trace-delivery')).toContainText('首次投递');
    await expect(row.getByTestId('trace-group-consumed')).toHaveText('已消费', { timeout: 20_000 });
    await expect(trace.group(lagging).getByTestId('trace-group-consumed')).toHaveText('未消费');

    await expect(trace.timeline.locator('th')).toHaveText(['时间', '步骤', '消费者组', '主机', '详情']);
    const steps: [kind: 'sent' | 'stored' | 'consumeStart' | 'consumeEnd', label: string, detail: RegExp][] = [
      ['sent', '已发送', new RegExp(`^\\S+ 发往 ${topic}，\\d+ ms$`)],
      ['stored', '已存储', new RegExp(`/ 队列 ${sent.queueId} @ ${sent.queueOffset}$`)],
      ['consumeStart', '已投递', /^首次投递$/],
      ['consumeEnd', '已消费', /^SUCCESS，\d+ ms$/],
    ];
    for (const [kind, label, detail] of steps) {
      const cells = trace.event(kind).locator('td');
      await expect(cells.nth(0)).toHaveText(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
      await expect(cells.nth(1)).toHaveText(label);
      await expect(cells.nth(4)).toHaveText(detail);
    }
    for (const english of ['Producer group', 'Timeline', 'Deliveries', 'first delivery', 'success', 'consumed', 'not yet']) {
      await expect(trace.trace).not.toContainText(english);
    }
    await trace.screenshot('i18n-zh-trace');
  });

  test('the trace page without a message id says so in Chinese', async ({ page }) => {
    const trace = new MessageTracePage(page);
    await trace.goto('/messages/trace');
    await expect(trace.heading).toHaveText('消息轨迹');
    const alert = page.locator('main').getByRole('alert');
    await expect(alert).toContainText('未指定消息。');
    await expect(alert).toContainText('?id=<消息 ID>&topic=<主题>');
  });
});
