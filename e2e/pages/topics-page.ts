import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** /topics and /topics/[topic]. */
export class TopicsPage extends ShellPage {
  readonly createToggle: Locator;
  readonly name: Locator;
  readonly read: Locator;
  readonly write: Locator;
  readonly perm: Locator;
  readonly submit: Locator;
  readonly saved: Locator;
  readonly nameError: Locator;
  readonly search: Locator;
  readonly rows: Locator;

  constructor(page: Page) {
    super(page);
    this.createToggle = page.getByTestId('topic-create-toggle');
    this.name = page.getByTestId('topic-form-name');
    this.read = page.getByTestId('topic-form-read');
    this.write = page.getByTestId('topic-form-write');
    this.perm = page.getByTestId('topic-form-perm');
    this.submit = page.getByTestId('topic-form-submit');
    this.saved = page.getByTestId('topic-form-saved');
    this.nameError = page.getByTestId('topic-form-name-error');
    this.search = page.getByTestId('list-search');
    this.rows = page.getByTestId('topic-row');
  }

  async open(): Promise<void> {
    await this.goto('/topics');
    await expect(this.heading).toHaveText('Topics');
  }

  row(topic: string): Locator {
    return this.page.locator(`[data-testid="topic-row"][data-topic="${topic}"]`);
  }

  async create(topic: string, queues: number): Promise<void> {
    await this.createToggle.click();
    await this.name.fill(topic);
    await this.read.fill(String(queues));
    await this.write.fill(String(queues));
    await this.submit.click();
  }

  // Detail page
  queueMax(brokerQueue: string): Locator {
    return this.page.locator(`[data-testid="queue-row"][data-queue="${brokerQueue}"] [data-testid="queue-max"]`);
  }

  get queueMaxCells(): Locator {
    return this.page.getByTestId('queue-max');
  }

  async sendMessage(body: string, keys: string): Promise<void> {
    await this.page.getByTestId('send-keys').fill(keys);
    await this.page.getByTestId('send-body').fill(body);
    await this.page.getByTestId('send-submit').click();
  }

  get sendResult(): Locator {
    return this.page.getByTestId('send-result');
  }
}
