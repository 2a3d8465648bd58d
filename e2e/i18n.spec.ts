/**
 * The language switch: English by default (or the browser's language), 中文 on request, kept in a cookie across
 * reloads and pages, and the page's lang attribute follows.
 */
import { expect, test } from '@playwright/test';
import { ShellPage } from './pages/shell-page';

test('the language switch turns the console Chinese and the choice persists', async ({ page, context }) => {
  const shell = new ShellPage(page);
  await shell.goto('/');
  await expect(shell.navLink('topics')).toHaveText('Topics');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByTestId('language-switch').selectOption('zh');
  await expect(shell.navLink('topics')).toHaveText('主题');
  await expect(shell.navLink('groups')).toHaveText('消费者组');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  expect((await context.cookies()).find((c) => c.name === 'orbit_locale')?.value).toBe('zh');

  // A reload and another page keep it: the server renders the chosen language from the cookie.
  await page.reload();
  await expect(shell.navLink('topics')).toHaveText('主题');
  await shell.navLink('cluster').click();
  await expect(page).toHaveURL(/\/cluster$/);
  await expect(shell.navLink('cluster')).toHaveText('集群');
  await expect(page.getByTestId('language-switch')).toHaveValue('zh');

  await page.getByTestId('language-switch').selectOption('en');
  await expect(shell.navLink('cluster')).toHaveText('Cluster');
});

test.describe('a browser asking for Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('gets Chinese without choosing', async ({ page }) => {
    const shell = new ShellPage(page);
    await shell.goto('/topics');
    await expect(shell.navLink('topics')).toHaveText('主题');
    await expect(page.getByTestId('language-switch')).toHaveValue('zh');
  });
});

test.describe('the console in Chinese', () => {
  test.beforeEach(async ({ context, baseURL }) => {
    await context.addCookies([{ name: 'orbit_locale', value: 'zh', url: baseURL! }]);
  });

  test('the cluster page: heading, title, table headers and counts', async ({ page }) => {
    const shell = new ShellPage(page);
    await shell.goto('/cluster');
    await expect(shell.heading).toHaveText('集群');
    await expect(page).toHaveTitle('集群 · Orbit 控制台');
    // The embedded cluster: its card counts broker groups and instances with the Chinese plural form.
    await expect(page.getByTestId('cluster-card').first().locator('header p')).toHaveText(/^\d+ 个 Broker 组，\d+ 个实例$/);
    const brokerHeaders = page.getByTestId('broker-table').first().locator('th');
    await expect(brokerHeaders).toHaveText(['Broker 名称', 'ID', '角色', '地址']);
    await expect(page.getByTestId('broker-runtime').locator('h2')).toHaveText('Broker 运行状态');
    await expect(page.getByTestId('replication').locator('h2')).toHaveText('主从复制');
  });

  test('the alerts page: heading, the evaluation line with a relative time, the rule form', async ({ page }) => {
    const shell = new ShellPage(page);
    await shell.goto('/alerts');
    await expect(shell.heading).toHaveText('告警');
    await expect(page.getByTestId('alerts-evaluation')).toContainText(/每 \d+(\.\d+)? 秒评估一次/);
    // The loop has run by now (or does within one interval): "上次 刚刚" / "上次 12秒前".
    await expect(page.getByTestId('alerts-last-evaluation')).toHaveText(/^上次 (刚刚|\d+秒前|\d+分钟前)$/, { timeout: 20_000 });
    await expect(page.getByTestId('alerts-active').locator('h2')).toHaveText('正在告警');
    await expect(page.getByTestId('rule-submit')).toHaveText('添加规则');
    await expect(page.getByTestId('rule-severity').locator('option[value="critical"]')).toHaveText('严重');
    await expect(page.getByTestId('rule-kind').locator('option[value="replicaBehind"]')).toHaveText('副本落后');
  });

  test('the settings page: heading, source, help and the save button', async ({ page }) => {
    const shell = new ShellPage(page);
    await shell.goto('/settings');
    await expect(shell.heading).toHaveText('设置');
    await expect(page.getByTestId('namesrv-settings').locator('h2')).toHaveText('NameServer');
    // Embedded at start; "saved from this page" once console.spec.ts has changed and restored the list.
    await expect(page.getByTestId('namesrv-source')).toHaveText(/^(随控制台启动的内置集群 — 在此保存的列表在控制台重启前有效|在此页面保存)$/);
    await expect(page.getByTestId('namesrv-save')).toHaveText('保存');
    await expect(page.locator('#namesrv-help')).toHaveText('host:port，多个地址用 ; 分隔，例如 10.0.0.1:9876;10.0.0.2:9876');
    // A validation message from the shared schema, shown in Chinese; nothing is saved.
    await page.getByTestId('namesrv-input').fill('localhost');
    await page.getByTestId('namesrv-save').click();
    await expect(page.getByTestId('namesrv-error')).toHaveText('“localhost”不是 host:port 格式');
  });
});
