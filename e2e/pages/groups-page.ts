import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** /groups and /groups/[group]. */
export class GroupsPage extends ShellPage {
  readonly search: Locator;

  constructor(page: Page) {
    super(page);
    this.search = page.getByTestId('list-search');
  }

  async open(): Promise<void> {
    await this.goto('/groups');
    await expect(this.heading).toHaveText('Consumer groups');
  }

  row(group: string): Locator {
    return this.page.locator(`[data-testid="group-row"][data-group="${group}"]`);
  }

  lag(group: string): Locator {
    return this.row(group).getByTestId('group-lag');
  }

  // Detail page
  get totalLag(): Locator {
    return this.page.getByTestId('group-total-lag-value');
  }

  get queueRows(): Locator {
    return this.page.getByTestId('group-queue-row');
  }

  timeLag(group: string): Locator {
    return this.row(group).getByTestId('group-time-lag');
  }

  get totalTimeLag(): Locator {
    return this.page.getByTestId('group-time-lag-value');
  }

  queueRow(topic: string, brokerName: string, queueId: number): Locator {
    return this.page.locator(`[data-testid="group-queue-row"][data-queue="${topic}/${brokerName}/${queueId}"]`);
  }

  // Reset: every reset asks once more, with the preview's totals.
  get resetPreviewRows(): Locator {
    return this.page.getByTestId('reset-preview-row');
  }

  resetPreviewRow(topic: string, brokerName: string, queueId: number): Locator {
    return this.page.locator(`[data-testid="reset-preview-row"][data-queue="${topic}/${brokerName}/${queueId}"]`);
  }

  get resetQuestion(): Locator {
    return this.page.getByTestId('reset-confirm-question');
  }

  async askSkipBacklog(): Promise<void> {
    await this.page.getByTestId('skip-backlog').click();
  }

  async askResetTo(localDateTime: string): Promise<void> {
    await this.page.getByTestId('reset-time').fill(localDateTime);
    await this.page.getByTestId('reset-submit').click();
  }

  /** Confirms once the preview is in (the button waits for it). */
  async confirmReset(): Promise<void> {
    await expect(this.page.getByTestId('reset-confirm')).toBeEnabled();
    await this.page.getByTestId('reset-confirm').click();
  }

  async skipBacklog(): Promise<void> {
    await this.askSkipBacklog();
    await this.confirmReset();
  }

  async resetTo(localDateTime: string): Promise<void> {
    await this.askResetTo(localDateTime);
    await this.confirmReset();
  }

  get resetResult(): Locator {
    return this.page.getByTestId('reset-result');
  }
}

/** `formatAge` text (`3 s`, `4 min`, `2 h 5 min`) back to ms, rounded down as shown; NaN for `—`. */
export function parseAgeMs(text: string): number {
  const units: Record<string, number> = { s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
  const parts = [...text.matchAll(/(\d+)\s*(s|min|h|d)\b/g)];
  if (parts.length === 0) return Number.NaN;
  return parts.reduce((n, [, v, u]) => n + Number(v) * units[u], 0);
}
