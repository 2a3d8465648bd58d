import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** /messages: search by time, key or id, and the message detail. */
export class MessagesPage extends ShellPage {
  readonly results: Locator;
  readonly rows: Locator;
  readonly detail: Locator;

  constructor(page: Page) {
    super(page);
    this.results = page.getByTestId('search-results');
    this.rows = page.getByTestId('message-row');
    this.detail = page.getByTestId('message-detail');
  }

  async open(): Promise<void> {
    await this.goto('/messages');
    await expect(this.heading).toHaveText('Messages');
  }

  async byKey(topic: string, key: string): Promise<void> {
    await this.page.getByTestId('search-mode-key').click();
    await this.page.getByTestId('search-topic').fill(topic);
    await this.page.getByTestId('search-key').fill(key);
    await this.page.getByTestId('search-submit').click();
  }

  async byId(id: string, topic = ''): Promise<void> {
    await this.page.getByTestId('search-mode-id').click();
    await this.page.getByTestId('search-id').fill(id);
    await this.page.getByTestId('search-topic').fill(topic);
    await this.page.getByTestId('search-submit').click();
  }

  async byTime(topic: string): Promise<void> {
    await this.page.getByTestId('search-mode-time').click();
    await this.page.getByTestId('search-topic').fill(topic);
    await this.page.getByTestId('search-submit').click();
  }
}
