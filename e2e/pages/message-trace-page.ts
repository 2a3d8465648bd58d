import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** A message's trace: the Trace tab of the message detail, or the /messages/trace page. */
export class MessageTracePage extends ShellPage {
  readonly trace: Locator;
  readonly none: Locator;
  readonly producerGroup: Locator;
  readonly producerHost: Locator;
  readonly stored: Locator;
  readonly timeline: Locator;

  constructor(page: Page) {
    super(page);
    this.trace = page.getByTestId('message-trace');
    this.none = page.getByTestId('trace-none');
    this.producerGroup = page.getByTestId('trace-producer-group');
    this.producerHost = page.getByTestId('trace-producer-host');
    this.stored = page.getByTestId('trace-stored');
    this.timeline = page.getByTestId('trace-timeline');
  }

  async open(id: string, topic: string): Promise<void> {
    await this.goto(`/messages/trace?${new URLSearchParams({ id, topic }).toString()}`);
    await expect(this.heading).toHaveText('Message trace');
  }

  /** From the message detail already on screen. */
  async openTab(): Promise<void> {
    await this.page.getByTestId('message-tab-trace').click();
    await expect(this.trace).toBeVisible();
  }

  group(name: string): Locator {
    return this.page.locator(`[data-testid="trace-group-row"][data-group="${name}"]`);
  }

  event(kind: 'sent' | 'stored' | 'endTransaction' | 'consumeStart' | 'consumeEnd' | 'dlq'): Locator {
    return this.page.getByTestId(`trace-event-${kind}`);
  }
}
