import { expect, type Locator, type Page } from '@playwright/test';
import { MessagesPage } from './messages-page';

/** The body part of a message's detail: the view switch, the shown text, the truncation note and the download. */
export class MessageBodyPanel {
  readonly root: Locator;
  readonly text: Locator;
  readonly kind: Locator;
  readonly truncated: Locator;
  readonly download: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('message-body');
    this.text = page.getByTestId('message-body-text');
    this.kind = page.getByTestId('message-body-kind');
    this.truncated = page.getByTestId('message-body-truncated');
    this.download = page.getByTestId('message-body-download');
  }

  view(name: 'text' | 'json' | 'hex' | 'base64'): Locator {
    return this.page.getByTestId(`body-view-${name}`);
  }

  /** Opens the message on /messages by its offset id and waits for its body. */
  async open(offsetMsgId: string, topic: string): Promise<void> {
    const messages = new MessagesPage(this.page);
    await messages.open();
    await messages.byId(offsetMsgId, topic);
    await expect(messages.detail).toBeVisible();
    await expect(this.root).toBeVisible();
  }

  async show(name: 'text' | 'json' | 'hex' | 'base64'): Promise<void> {
    await this.view(name).click();
    await expect(this.text).toHaveAttribute('data-view', name);
  }

  /** Clicks Download and returns the file's name and bytes. */
  async downloaded(): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.download.click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }
}
