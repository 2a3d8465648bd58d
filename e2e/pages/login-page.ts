import { expect, type Locator, type Page } from '@playwright/test';

/** /login: user name, password, and the error a refused login shows. */
export class LoginPage {
  readonly form: Locator;
  readonly name: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly userName: Locator;
  readonly userRole: Locator;
  readonly logout: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId('login-form');
    this.name = page.getByTestId('login-name');
    this.password = page.getByTestId('login-password');
    this.submit = page.getByTestId('login-submit');
    this.error = page.getByTestId('login-error');
    this.userName = page.getByTestId('user-name');
    this.userRole = page.getByTestId('user-role');
    this.logout = page.getByTestId('logout');
  }

  async open(next?: string): Promise<void> {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
    await expect(this.form).toBeVisible();
  }

  async fill(name: string, password: string): Promise<void> {
    await this.name.fill(name);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Logs in and waits for the page it leads to, with the user shown in the top bar. */
  async login(name: string, password: string, next = '/'): Promise<void> {
    await this.open(next);
    await this.fill(name, password);
    await expect(this.page).toHaveURL((url) => url.pathname === next.split('?')[0]);
    await expect(this.userName).toHaveText(name);
  }
}
