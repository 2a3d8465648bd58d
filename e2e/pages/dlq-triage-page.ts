import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** /dlq/:group: failure signatures, trend, newest dead letters, republish, purge, jobs. */
export class DlqTriagePage extends ShellPage {
  constructor(page: Page) {
    super(page);
  }

  async open(group: string): Promise<void> {
    await this.goto(`/dlq/${encodeURIComponent(group)}`);
    await expect(this.heading).toHaveText(`Dead letters of ${group}`);
  }

  get signatures(): Locator {
    return this.page.getByTestId('dlq-signature');
  }

  signature(topic: string): Locator {
    return this.page.locator(`[data-testid="dlq-signature"][data-topic="${topic}"]`);
  }

  get scanStatus(): Locator {
    return this.page.getByTestId('dlq-scan-status');
  }

  get trend(): Locator {
    return this.page.getByTestId('dlq-trend');
  }

  get rows(): Locator {
    return this.page.getByTestId('dlq-page').getByTestId('message-row');
  }

  /** Opens the republish panel of a signature, previews to `%RETRY%group` and starts. */
  async republishSignature(topic: string): Promise<void> {
    await this.signature(topic).getByTestId('dlq-signature-republish').click();
    await this.page.getByTestId('republish-preview').click();
  }

  async startRepublish(): Promise<void> {
    await this.page.getByTestId('republish-start').click();
    await expect(this.page.getByTestId('republish-started')).toBeVisible();
  }

  job(kind: string): Locator {
    return this.page.locator(`[data-testid="job-row"][data-kind="${kind}"]`).first();
  }

  async purge(): Promise<void> {
    await this.page.getByTestId('dlq-purge').click();
    await this.page.getByTestId('dlq-purge-confirm').click();
  }
}
