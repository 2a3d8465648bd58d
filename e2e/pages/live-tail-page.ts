import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** /topics/[topic]/tail: filters, pause, counters and the message rows. */
export class LiveTailPage extends ShellPage {
  readonly status: Locator;
  readonly pause: Locator;
  readonly tag: Locator;
  readonly key: Locator;
  readonly body: Locator;
  readonly apply: Locator;
  readonly rows: Locator;
  readonly pausedNew: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    super(page);
    this.status = page.getByTestId('tail-status');
    this.pause = page.getByTestId('tail-pause');
    this.tag = page.getByTestId('tail-filter-tag');
    this.key = page.getByTestId('tail-filter-key');
    this.body = page.getByTestId('tail-filter-body');
    this.apply = page.getByTestId('tail-filter-apply');
    this.rows = page.getByTestId('message-row');
    this.pausedNew = page.getByTestId('tail-paused-new');
    this.error = page.getByTestId('tail-error');
  }

  async open(topic: string, query = ''): Promise<void> {
    await this.goto(`/topics/${encodeURIComponent(topic)}/tail${query}`);
    await this.waitLive(topic);
  }

  async waitLive(topic: string): Promise<void> {
    await expect(this.heading).toHaveText(`${topic} · live tail`);
    await expect(this.status).toHaveText('live');
  }

  counter(name: 'received' | 'shown' | 'dropped' | 'server-dropped'): Locator {
    return this.page.getByTestId(`tail-${name}-value`);
  }

  /** Shown counters as [received, shown, dropped]. */
  async expectCounts(received: number, shown: number, dropped: number): Promise<void> {
    await expect(this.counter('received')).toHaveText(received.toLocaleString('en-US'));
    await expect(this.counter('shown')).toHaveText(shown.toLocaleString('en-US'));
    await expect(this.counter('dropped')).toHaveText(dropped.toLocaleString('en-US'));
  }

  async filter(f: { tag?: string; key?: string; body?: string }): Promise<void> {
    await this.tag.fill(f.tag ?? '');
    await this.key.fill(f.key ?? '');
    await this.body.fill(f.body ?? '');
    await this.apply.click();
  }

  /** Message ids of the rows, newest first. */
  async ids(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-msgid') ?? ''));
  }
}
