/** The frame a new user sees first: the side navigation stays whole on long pages. */
import { expect, test } from '@playwright/test';
import { NAV_ITEMS } from '../lib/nav';
import { ShellPage } from './pages/shell-page';

test.use({ viewport: { width: 1280, height: 420 } });

test('on a long page scrolled to the bottom the side navigation reaches the viewport bottom', async ({ page }) => {
  const shell = new ShellPage(page);
  for (const pathname of ['/alerts', '/cluster']) {
    await shell.goto(pathname);
    await expect(shell.heading).toBeVisible();
    await expect.poll(() => shell.pageHeight(), `${pathname} is longer than the window`).toBeGreaterThan(520);
    const at = await shell.navBoxAtBottom();
    expect(at.page, `${pathname} is longer than the window`).toBeGreaterThan(at.viewport + 100);
    expect(at.scrolled).toBeGreaterThan(100);
    expect(Math.abs(at.navBottom - at.viewport), `${pathname}: nav ends at ${at.navBottom} of ${at.viewport}`).toBeLessThanOrEqual(1);
  }
  // Every link stays reachable in a short window: the navigation scrolls on its own.
  await page.setViewportSize({ width: 1280, height: 300 });
  const last = NAV_ITEMS.at(-1)!;
  await shell.navLink(last.id).scrollIntoViewIfNeeded();
  await expect(shell.navLink(last.id)).toBeInViewport();
  await shell.screenshot('shell-long-page');
});
