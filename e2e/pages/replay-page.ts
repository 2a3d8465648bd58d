import { expect, type Locator, type Page } from '@playwright/test';
import type { ReplayMode } from '../../lib/schemas/replay';
import { ShellPage } from './shell-page';

/** /replay: a time range of a topic to one group or copied to another topic. */
export class ReplayPage extends ShellPage {
  constructor(page: Page) {
    super(page);
  }

  async expectOpen(): Promise<void> {
    await expect(this.heading).toHaveText('Replay');
  }

  /** Fills the form (datetime-local values) and asks for the preview. */
  async preview(opts: { mode: ReplayMode; topic?: string; group?: string; target?: string; from: string; to: string; rate?: string }): Promise<void> {
    await this.page.getByTestId('replay-mode').selectOption(opts.mode);
    if (opts.topic !== undefined) await this.page.getByTestId('replay-topic').fill(opts.topic);
    if (opts.group !== undefined) await this.page.getByTestId('replay-group').fill(opts.group);
    if (opts.target !== undefined) await this.page.getByTestId('replay-target').fill(opts.target);
    if (opts.rate !== undefined) await this.page.getByTestId('replay-rate').fill(opts.rate);
    await this.page.getByTestId('replay-from').fill(opts.from);
    await this.page.getByTestId('replay-to').fill(opts.to);
    await this.page.getByTestId('replay-preview').click();
    await expect(this.previewBox).toBeVisible();
  }

  get previewBox(): Locator {
    return this.page.getByTestId('replay-preview-box');
  }

  get total(): Locator {
    return this.page.getByTestId('replay-total');
  }

  get queueReconsume(): Locator {
    return this.page.getByTestId('replay-queue-reconsume');
  }

  get firstMessages(): Locator {
    return this.page.getByTestId('replay-first').locator('li');
  }

  async start(): Promise<void> {
    await this.page.getByTestId('replay-start').click();
    await expect(this.page.getByTestId('replay-result')).toBeVisible();
  }

  get result(): Locator {
    return this.page.getByTestId('replay-result');
  }

  job(kind: string): Locator {
    return this.page.locator(`[data-testid="job-row"][data-kind="${kind}"]`).first();
  }
}
