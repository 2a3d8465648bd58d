import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** /cluster: cluster cards, the Replication card (master/slave groups), Failover history, broker runtime. */
export class ClusterPage extends ShellPage {
  readonly replication: Locator;
  readonly failover: Locator;

  constructor(page: Page) {
    super(page);
    this.replication = page.getByTestId('replication');
    this.failover = page.getByTestId('failover');
  }

  async open(): Promise<void> {
    await this.goto('/cluster');
    await expect(this.heading).toHaveText('Cluster');
  }

  group(brokerName: string): Locator {
    return this.page.locator(`[data-testid="replica-group"][data-broker="${brokerName}"]`);
  }

  replica(brokerName: string, brokerId: number): Locator {
    return this.group(brokerName).locator(`[data-testid="replica-row"][data-broker-id="${brokerId}"]`);
  }

  get failoverDisabled(): Locator {
    return this.page.getByTestId('failover-disabled');
  }
}
