/**
 * Console security with users configured. The shared web server runs an OPEN console, so this file starts
 * its own: `orbit console --embedded --users FILE` on free loopback ports (the production build in .next is
 * the one the shared web server made), with one viewer and one admin.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword } from '../server/console/auth/password';
import { LoginPage } from './pages/login-page';
import { TopicsPage } from './pages/topics-page';

const ROOT = path.resolve(import.meta.dirname, '..');

function freePorts(count: number): number[] {
  const script = `
    const net = require('node:net');
    const servers = [];
    let left = ${count};
    for (let i = 0; i < ${count}; i++) {
      const s = net.createServer();
      servers.push(s);
      s.listen(0, '127.0.0.1', () => { if (--left === 0) { console.log(servers.map((x) => x.address().port).join(' ')); servers.forEach((x) => x.close()); } });
    }`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const ports = r.stdout.trim().split(' ').map(Number);
  if (r.status !== 0 || ports.length !== count) throw new Error(`cannot find free ports: ${r.stderr}`);
  return ports;
}

const [consolePort, namesrvPort, brokerPort] = freePorts(3);
const BASE = `http://127.0.0.1:${consolePort}`;
const VIEWER = { name: 'vera', password: 'viewer-password-1' };
const ADMIN = { name: 'adam', password: 'admin-password-1' };

test.use({ baseURL: BASE });
test.describe.configure({ mode: 'serial' });

let child: ChildProcess | undefined;
let dataDir: string;
let output = '';

/** `orbit console --users …` on this file's port and data dir, without the cluster part. */
let args: string[] = [];

/** Starts the console with the common `args` plus the cluster to use (embedded, or `--namesrv`). */
async function startConsole(extraArgs: string[]): Promise<void> {
  output = '';
  const proc = spawn(process.execPath, [...args, ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, ORBIT_LOG_LEVEL: 'warn', NEXT_TELEMETRY_DISABLED: '1', ORBIT_CONSOLE_USERS: '', ORBIT_CONSOLE_TRUSTED_PROXIES: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console did not start in time:\n${output}`)), 90_000);
    proc.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`console exited with ${code}:\n${output}`));
    });
  });
}

async function stopConsole(): Promise<void> {
  const proc = child;
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
  child = undefined;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(path.join(tmpdir(), 'orbit-e2e-security-'));
  const usersFile = path.join(dataDir, 'users.yaml');
  const fast = { N: 16384, r: 8, p: 1 };
  writeFileSync(
    usersFile,
    [
      'users:',
      `  - { name: ${VIEWER.name}, role: viewer, password: '${await hashPassword(VIEWER.password, fast)}' }`,
      `  - { name: ${ADMIN.name}, role: admin, password: '${await hashPassword(ADMIN.password, fast)}' }`,
      '',
    ].join('\n'),
  );
  args = ['bin/orbit.js', 'console', '--host', '127.0.0.1', '--port', String(consolePort), '--data-dir', path.join(dataDir, 'data'), '--users', usersFile];
  await startConsole(['--embedded', '--namesrv-port', String(namesrvPort), '--broker-port', String(brokerPort), '--proxy-port', '0']);
});

test.afterAll(async () => {
  await stopConsole();
  if (dataDir?.includes('orbit-e2e-security-')) rmSync(dataDir, { recursive: true, force: true });
});

async function csrfToken(page: Page): Promise<string> {
  const cookie = (await page.context().cookies(BASE)).find((c) => c.name === 'orbit_csrf');
  expect(cookie, 'the CSRF cookie is set at login').toBeDefined();
  return cookie!.value;
}

test('pages and API need a session: unauthenticated visitors go to /login', async ({ page, request }) => {
  await page.goto('/topics');
  await expect(page).toHaveURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/topics');
  await expect(new LoginPage(page).form).toBeVisible();

  const api = await request.get('/api/topics');
  expect(api.status()).toBe(401);
  expect((await api.json()).error.code).toBe('UNAUTHENTICATED');
  expect((await request.get('/metrics')).status()).toBe(401);
  expect((await request.get('/api/topics/TBW102/tail')).status()).toBe(401);
  expect((await request.post('/api/topics', { data: { topic: 'X', readQueueNums: 1, writeQueueNums: 1, perm: 6 } })).status()).toBe(401);
});

test('a wrong password is refused', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.fill(ADMIN.name, 'not-the-password');
  await expect(login.error).toContainText('wrong user name or password');
  await expect(page).toHaveURL((url) => url.pathname === '/login');
  expect((await page.context().cookies(BASE)).find((c) => c.name === 'orbit_session')).toBeUndefined();
});

test('repeated failed logins are rate-limited (429)', async ({ request }) => {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await request.post('/api/auth/login', { data: { name: 'mallory', password: `guess-${i}` } });
    statuses.push(r.status());
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  const limited = await request.post('/api/auth/login', { data: { name: 'mallory', password: 'another' } });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);
  expect((await limited.json()).error.code).toBe('TOO_MANY_ATTEMPTS');
});

test('a viewer sees no mutation controls and the API refuses its changes (403)', async ({ page }) => {
  const login = new LoginPage(page);
  await login.login(VIEWER.name, VIEWER.password, '/topics');
  await expect(login.userRole).toHaveText('viewer');
  const session = (await page.context().cookies(BASE)).find((c) => c.name === 'orbit_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

  const topics = new TopicsPage(page);
  await expect(topics.heading).toHaveText('Topics');
  await expect(page.getByTestId('topic-list')).toBeVisible();
  await expect(topics.createToggle).toHaveCount(0);
  await expect(page.getByTestId('topic-delete')).toHaveCount(0);

  const res = await page.request.post('/api/topics', {
    data: { topic: 'ViewerWasHere', readQueueNums: 1, writeQueueNums: 1, perm: 6, order: false },
    headers: { 'x-orbit-csrf': await csrfToken(page), origin: BASE },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe('FORBIDDEN');

  // Reading is a viewer's right: the live tail streams for them too.
  await page.goto('/topics/TBW102/tail');
  await expect(page.getByTestId('tail-status')).toHaveText('live');
});

const topic = `Secure_${Date.now().toString(36)}`;

test('an admin creates a topic; forged cross-site and token-less changes are refused (403)', async ({ page }) => {
  const login = new LoginPage(page);
  await login.login(ADMIN.name, ADMIN.password, '/topics');
  await expect(login.userRole).toHaveText('admin');

  const topics = new TopicsPage(page);
  await topics.create(topic, 2);
  await expect(topics.saved).toBeVisible();
  await expect(topics.row(topic)).toBeVisible();

  const body = { topic: 'ForgedTopic', readQueueNums: 1, writeQueueNums: 1, perm: 6, order: false };
  const crossSite = await page.request.post('/api/topics', { data: body, headers: { origin: 'http://evil.example' } });
  expect(crossSite.status()).toBe(403);
  const noToken = await page.request.post('/api/topics', { data: body, headers: { origin: BASE } });
  expect(noToken.status()).toBe(403);
  expect((await noToken.json()).error.code).toBe('CSRF_TOKEN_INVALID');
  const wrongToken = await page.request.delete(`/api/topics/${topic}`, { headers: { 'x-orbit-csrf': 'guess' } });
  expect(wrongToken.status()).toBe(403);
});

test('the audit page shows the admin’s change, filterable', async ({ page }) => {
  await new LoginPage(page).login(ADMIN.name, ADMIN.password, '/audit');
  await expect(page.getByTestId('page-heading')).toHaveText('Audit log');
  const created = page.locator(`[data-testid="audit-row"][data-action="topic.save"][data-user="${ADMIN.name}"]`).filter({ hasText: topic });
  await expect(created).toHaveCount(1);
  await expect(created.getByTestId('audit-outcome')).toHaveText('success');
  // The refused attempts are there too.
  await expect(page.locator(`[data-testid="audit-row"][data-user="${VIEWER.name}"][data-outcome="denied"]`).first()).toBeVisible();

  await page.getByTestId('audit-filter-user').fill(VIEWER.name);
  await page.getByTestId('audit-filter-apply').click();
  await expect(page.locator('[data-testid="audit-row"]').first()).toBeVisible();
  await expect(page.locator(`[data-testid="audit-row"]:not([data-user="${VIEWER.name}"])`)).toHaveCount(0);
  await page.getByTestId('audit-filter-outcome').selectOption('success');
  await page.getByTestId('audit-filter-user').fill(ADMIN.name);
  await page.getByTestId('audit-filter-action').fill('topic');
  await page.getByTestId('audit-filter-apply').click();
  await expect(page.locator('[data-testid="audit-row"]')).toHaveCount(1);
  await new TopicsPage(page).screenshot('security-audit');

  await new LoginPage(page).logout.click();
  await expect(page).toHaveURL((url) => url.pathname === '/login');
  await page.goto('/audit');
  await expect(page).toHaveURL((url) => url.pathname === '/login');
});

test('a forged X-Forwarded-Host does not pass the Origin check; refusals are audited with who made them', async ({ page, request }) => {
  await new LoginPage(page).login(ADMIN.name, ADMIN.password, '/audit');
  const body = { topic: 'ForgedHostTopic', readQueueNums: 1, writeQueueNums: 1, perm: 6, order: false };
  const forged = await page.request.post('/api/topics', {
    data: body,
    headers: { origin: 'http://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-orbit-host': 'evil.example', 'x-orbit-csrf': await csrfToken(page) },
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.code).toBe('CROSS_ORIGIN');
  expect((await request.get('/api/groups')).status()).toBe(401);

  const audit = async (query: string) => (await (await page.request.get(`/api/audit?${query}`)).json()) as { items: { user: string; role?: string; path: string; status: number; detail?: string; action: string }[] };
  const crossOrigin = (await audit(`user=${ADMIN.name}&outcome=denied`)).items.filter((r) => r.detail === 'CROSS_ORIGIN');
  // Both cross-origin attempts (the earlier test's and this one) name the admin and the role, not "-".
  expect(crossOrigin.length).toBeGreaterThanOrEqual(2);
  expect(crossOrigin[0]).toMatchObject({ role: 'admin', path: '/api/topics', status: 403 });
  const anonymous = (await audit('user=-&outcome=denied&limit=1000')).items;
  expect(anonymous.find((r) => r.path === '/api/groups' && r.status === 401 && r.detail === 'UNAUTHENTICATED')).toBeDefined();
  expect(anonymous.find((r) => r.path === '/topics' && r.status === 303 && r.detail === 'LOGIN_REQUIRED')).toBeDefined();
  expect(anonymous.find((r) => r.path === '/metrics' && r.status === 401)).toBeDefined();

  await page.reload();
  await page.getByTestId('audit-filter-user').fill('-');
  await page.getByTestId('audit-filter-apply').click();
  await expect(page.locator('[data-testid="audit-row"][data-user="-"][data-outcome="denied"][data-action="get /api/groups"]').first()).toBeVisible();
  expect(existsSync(path.join(dataDir, 'data', 'console', 'audit.jsonl'))).toBe(true);
});

test('sessions survive a console restart (stored as hashes, 0600); ended ones stay ended', async ({ browser }) => {
  test.setTimeout(120_000);
  // Logged in over the API (the login page has its own tests): each context keeps its cookies.
  const viewer = await browser.newContext({ baseURL: BASE });
  const viewerPage = await viewer.newPage();
  expect((await viewer.request.post('/api/auth/login', { data: VIEWER, headers: { origin: BASE } })).status()).toBe(200);
  const viewerCookie = (await viewer.cookies(BASE)).find((c) => c.name === 'orbit_session')!.value;

  const admin = await browser.newContext({ baseURL: BASE });
  expect((await admin.request.post('/api/auth/login', { data: ADMIN, headers: { origin: BASE } })).status()).toBe(200);
  const adminCookie = (await admin.cookies(BASE)).find((c) => c.name === 'orbit_session')!.value;
  const adminCsrf = (await admin.cookies(BASE)).find((c) => c.name === 'orbit_csrf')!.value;
  const out = await admin.request.post('/api/auth/logout', { headers: { origin: BASE, 'x-orbit-csrf': adminCsrf } });
  expect(out.status()).toBe(200);

  await stopConsole();
  const file = path.join(dataDir, 'data', 'console', 'sessions.json');
  const stored = readFileSync(file, 'utf8');
  expect(stored).not.toContain(viewerCookie);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  // The same data dir; attached to its own (now stopped) name server instead of starting the cluster again,
  // which the sessions do not need and which would only make the restart slower.
  await startConsole(['--namesrv', `127.0.0.1:${namesrvPort}`]);

  await viewerPage.goto('/audit');
  await expect(viewerPage).toHaveURL((url) => url.pathname === '/audit');
  await expect(new LoginPage(viewerPage).userName).toHaveText(VIEWER.name);
  const probe = await viewerPage.request.get('/api/auth/session');
  expect(await probe.json()).toMatchObject({ authenticated: true, user: VIEWER.name, role: 'viewer' });
  // The admin's jar is empty since the logout; replay the ended session's cookie by hand.
  const replay = await admin.request.get('/api/topics', { headers: { cookie: `orbit_session=${adminCookie}` } });
  expect(replay.status()).toBe(401);
  await viewer.close();
  await admin.close();
});
