import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

export class SettingsPage extends ShellPage {
  readonly current: Locator;
  readonly source: Locator;
  readonly input: Locator;
  readonly save: Locator;
  readonly error: Locator;
  readonly saved: Locator;

  constructor(page: Page) {
    super(page);
    this.current = page.getByTestId('namesrv-current');
    this.source = page.getByTestId('namesrv-source');
    this.input = page.getByTestId('namesrv-input');
    this.save = page.getByTestId('namesrv-save');
    this.error = page.getByTestId('namesrv-error');
    this.saved = page.getByTestId('namesrv-saved');
  }

  async open(): Promise<void> {
    await this.goto('/settings');
    await expect(this.heading).toHaveText('Settings');
    await expect(this.current).toBeVisible();
  }

  async setNamesrv(value: string): Promise<void> {
    await this.input.fill(value);
    await this.save.click();
  }
}
