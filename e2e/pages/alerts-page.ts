import { expect, type Locator, type Page } from '@playwright/test';
import { ShellPage } from './shell-page';

/** /alerts: the rule form, firing alerts, rules, statuses, history. */
export class AlertsPage extends ShellPage {
  constructor(page: Page) {
    super(page);
  }

  async open(): Promise<void> {
    await this.goto('/alerts');
    await expect(this.heading).toHaveText('Alerts');
  }

  /** `statuses` (consumerStatus rules): exactly these boxes end up checked. */
  async createRule(r: {
    name: string;
    /** Consumer kinds; replicaBehind takes `brokerName` instead. */
    group?: string;
    brokerName?: string;
    kind?: string;
    threshold?: string;
    forSeconds?: string;
    severity?: string;
    webhookUrl?: string;
    statuses?: string[];
  }): Promise<void> {
    const form = this.page.getByTestId('alert-rule-form');
    await form.getByTestId('rule-name').fill(r.name);
    // The kind first: it decides whether the form asks for a consumer group or a broker group.
    if (r.kind) await form.getByTestId('rule-kind').selectOption(r.kind);
    if (r.group !== undefined) await form.getByTestId('rule-group').fill(r.group);
    if (r.brokerName !== undefined) await form.getByTestId('rule-broker-name').fill(r.brokerName);
    if (r.threshold !== undefined) await form.getByTestId('rule-threshold').fill(r.threshold);
    if (r.statuses) {
      for (const s of ['WARN', 'STALL', 'ERR', 'STOP', 'REWIND']) await form.getByTestId(`rule-status-${s}`).setChecked(r.statuses.includes(s));
    }
    if (r.forSeconds !== undefined) await form.getByTestId('rule-for').fill(r.forSeconds);
    if (r.severity) await form.getByTestId('rule-severity').selectOption(r.severity);
    if (r.webhookUrl !== undefined) await form.getByTestId('rule-webhook').fill(r.webhookUrl);
    await form.getByTestId('rule-submit').click();
  }

  /** The error under the status checkboxes of a consumerStatus rule. */
  get statusesError(): Locator {
    return this.page.getByTestId('rule-statuses-error');
  }

  get saved(): Locator {
    return this.page.getByTestId('rule-saved');
  }

  fieldError(testId: string): Locator {
    return this.page.getByTestId(`${testId}-error`);
  }

  ruleRow(name: string): Locator {
    return this.page.locator(`[data-testid="rule-row"][data-rule="${name}"]`);
  }

  alertRow(ruleName: string): Locator {
    return this.page.locator(`[data-testid="alert-row"][data-rule="${ruleName}"]`);
  }

  groupStatus(group: string): Locator {
    return this.page.locator(`[data-testid="group-status-row"][data-group="${group}"]`).getByTestId('group-status');
  }

  get lagChart(): Locator {
    return this.page.getByTestId('lag-trend-body');
  }
}
