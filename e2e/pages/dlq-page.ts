import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** /dlq: retry and DLQ depth per group, DLQ messages, resend and export. */
export class DlqPage extends ShellPage {
  constructor(page: Page) {
    super(page);
  }

  async open(): Promise<void> {
    await this.goto('/dlq');
    await expect(this.heading).toHaveText('Retry & DLQ');
  }

  row(group: string): Locator {
    return this.page.locator(`[data-testid="dlq-row"][data-group="${group}"]`);
  }

  depth(group: string): Locator {
    return this.row(group).getByTestId('dlq-depth');
  }

  async browse(group: string): Promise<void> {
    await this.row(group).getByTestId('dlq-browse').click();
  }

  get messages(): Locator {
    return this.page.getByTestId('dlq-messages').getByTestId('message-row');
  }

  get progress(): Locator {
    return this.page.getByTestId('dlq-resend-progress');
  }
}
