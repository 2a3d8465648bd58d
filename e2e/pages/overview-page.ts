import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

export class OverviewPage extends ShellPage {
  readonly overview: Locator;
  readonly namesrvRows: Locator;
  readonly brokerCard: Locator;
  readonly brokerRows: Locator;
  readonly problems: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    super(page);
    this.overview = page.getByTestId('overview');
    this.namesrvRows = page.getByTestId('namesrv-row');
    this.brokerCard = page.getByTestId('broker-card');
    this.brokerRows = page.getByTestId('broker-row');
    this.problems = page.getByTestId('overview-problems');
    this.error = page.getByTestId('overview-error');
  }

  async open(): Promise<void> {
    await this.goto('/');
    await expect(this.heading).toHaveText('Overview');
    await expect(this.overview).toBeVisible();
  }

  namesrvRow(addr: string): Locator {
    return this.page.locator(`[data-testid="namesrv-row"][data-addr="${addr}"]`);
  }

  namesrvStatus(addr: string): Locator {
    return this.namesrvRow(addr).getByTestId('namesrv-status');
  }

  /** The throughput chart's plotted points (server-side samples of the chosen range). */
  get tpsChart(): Locator {
    return this.page.getByTestId('tps-chart-body');
  }

  topTopicRow(topic: string): Locator {
    return this.page.locator(`[data-testid="top-topic-row"][data-topic="${topic}"]`);
  }

  topGroupTimeLag(group: string): Locator {
    return this.topGroupRow(group).getByTestId('top-group-time-lag');
  }

  topGroupRow(group: string): Locator {
    return this.page.locator(`[data-testid="top-group-row"][data-group="${group}"]`);
  }
}
