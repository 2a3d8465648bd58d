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
