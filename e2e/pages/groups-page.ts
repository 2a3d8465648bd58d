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

  async skipBacklog(): Promise<void> {
    await this.page.getByTestId('skip-backlog').click();
  }

  async resetTo(localDateTime: string): Promise<void> {
    await this.page.getByTestId('reset-time').fill(localDateTime);
    await this.page.getByTestId('reset-submit').click();
  }

  get resetResult(): Locator {
    return this.page.getByTestId('reset-result');
  }
}
