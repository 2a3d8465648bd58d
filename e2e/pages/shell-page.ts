import { expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', 'screenshots');

/** The frame around every page: left navigation, top bar and the page heading. */
export class ShellPage {
  readonly nav: Locator;
  readonly heading: Locator;
  readonly topbarNamesrv: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByTestId('side-nav');
    this.heading = page.getByTestId('page-heading');
    this.topbarNamesrv = page.getByTestId('topbar-namesrv');
  }

  navLink(id: string): Locator {
    return this.page.getByTestId(`nav-${id}`);
  }

  async goto(pathname = '/'): Promise<void> {
    await this.page.goto(pathname);
    await expect(this.nav).toBeVisible();
  }

  /** Clicks a navigation link and waits for the page it leads to. */
  async navigate(id: string, href: string, heading: string): Promise<void> {
    await this.navLink(id).click();
    await expect(this.page).toHaveURL((url) => url.pathname === href);
    await expect(this.heading).toHaveText(heading);
    await expect(this.navLink(id)).toHaveAttribute('aria-current', 'page');
  }

  /** Scrolls to the page's bottom; the viewport height, the page height and where the navigation's box ends. */
  async pageHeight(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollHeight);
  }

  async navBoxAtBottom(): Promise<{ viewport: number; page: number; navBottom: number; scrolled: number }> {
    // Pages grow as their data arrives: scroll again until the window rests at the bottom.
    await expect
      .poll(() =>
        this.page.evaluate(() => {
          window.scrollTo(0, document.documentElement.scrollHeight);
          return window.scrollY > 0 && Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight;
        }),
      )
      .toBe(true);
    const box = await this.nav.boundingBox();
    return this.page.evaluate(
      (navBottom) => ({ viewport: window.innerHeight, page: document.documentElement.scrollHeight, navBottom, scrolled: window.scrollY }),
      box ? box.y + box.height : -1,
    );
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }
}
