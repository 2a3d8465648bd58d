/**
 * `npm run bench -- console [--topics 5000] [--groups 1000] [--lagging 50] [--samples 20] [--renders 5] [--keep]`
 *
 * The console with a big cluster: `orbit namesrv` + `orbit broker` (separate processes), seeded over the
 * wire with N topics (UPDATE_AND_CREATE_TOPIC in parallel batches) and M subscription groups, of which
 * `--lagging` committed offset 0 on a topic holding messages (so they lag); then `orbit console --namesrv`
 * on a production build (`next build` first when .next is stale). Prints:
 *   - API latencies (p50/p95/max over `--samples` calls, plus the first, cold call) of /api/topics (first
 *     page, search), /api/groups (first page), a topic detail and a group detail;
 *   - time to first render of /topics and /groups: Chromium (Playwright) from navigation start until the
 *     first row is visible, cold (new browser context) `--renders` times.
 * The goal beside each figure is < 1 s. Figures also go to bench/results/console-<time>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { AdminClient } from '../../server/client/admin/admin-client';
import { mapLimit } from '../../server/client/admin/admin-context';
import { defaultSubscriptionGroupConfig } from '../../server/remoting/body/admin-data';
import { startOrbitCluster } from '../../interop/support/orbit-cluster';
import { repoRoot } from '../../interop/support/paths';
import { tail, type ManagedProcess } from '../../interop/support/process';
import { ClusterFixture } from '../../e2e/support/cluster-fixture';
import { argGetter, fmt, out, quietClientLogs, resultsDir } from '../broker/common';
import { ensureConsoleBuild, launchChromium, startAttachedConsole } from './console-build';

export const GOAL_MS = 1000;

export interface Row {
  what: string;
  firstMs: number;
  p50: number;
  p95: number;
  max: number;
  n: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarize(what: string, samples: number[]): Row {
  const sorted = [...samples].sort((a, b) => a - b);
  return { what, firstMs: samples[0], p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1], n: samples.length };
}

export async function timeFetch(url: string): Promise<{ ms: number; json: unknown }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const json: unknown = await res.json();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return { ms, json };
}

export async function measureApi(base: string, what: string, pathname: string, samples: number, check?: (json: any) => void): Promise<Row> {
  const times: number[] = [];
  for (let i = 0; i <= samples; i++) {
    const { ms, json } = await timeFetch(`${base}${pathname}`);
    if (i === 0) check?.(json);
    times.push(ms);
  }
  // The first call is reported apart (cold caches); the percentiles are over the next `samples`.
  const row = summarize(what, times.slice(1));
  row.firstMs = times[0];
  return row;
}

export async function measureRender(browser: Browser, base: string, what: string, pathname: string, rowTestId: string, runs: number): Promise<Row> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(`${base}${pathname}`, { waitUntil: 'commit' });
    await page.getByTestId(rowTestId).first().waitFor({ state: 'visible', timeout: 60_000 });
    times.push(performance.now() - t0);
    await context.close();
  }
  return summarize(what, times);
}

/** A blank line, `title`, then a table of the rows: first call, p50, p95, max, and whether p95 meets the goal. */
export function printRows(title: string, rows: Row[]): void {
  const w = Math.max(...rows.map((r) => r.what.length));
  out('');
  out(title);
  out(`${'measure'.padEnd(w)}  ${'first'.padStart(8)}  ${'p50'.padStart(8)}  ${'p95'.padStart(8)}  ${'max'.padStart(8)}  goal`);
  for (const r of rows) {
    const ok = r.p95 < GOAL_MS ? 'ok' : 'SLOW';
    out(`${r.what.padEnd(w)}  ${`${fmt(r.firstMs)} ms`.padStart(8)}  ${`${fmt(r.p50)} ms`.padStart(8)}  ${`${fmt(r.p95)} ms`.padStart(8)}  ${`${fmt(r.max)} ms`.padStart(8)}  < 1 s ${ok}`);
  }
}

export async function until<T>(what: string, fn: () => Promise<T | null | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export async function runConsoleBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const arg = argGetter(argv);
  const topics = Number(arg('topics', '5000'));
  const groups = Number(arg('groups', '1000'));
  const lagging = Math.min(groups, Number(arg('lagging', '50')));
  const samples = Number(arg('samples', '20'));
  const renders = Number(arg('renders', '5'));
  const keep = argv.includes('--keep');

  out('console bench: checking the production build (next build when stale) ...');
  await ensureConsoleBuild();

  const cluster = await startOrbitCluster({ keepFiles: keep });
  let consoleProc: ManagedProcess | undefined;
  let browser: Browser | undefined;
  const admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 15_000 });
  const fixture = new ClusterFixture(cluster.namesrvAddr);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-console-bench-'));
  try {
    out(`cluster: namesrv ${cluster.namesrvAddr}, broker ${cluster.brokerAddr}`);

    // Seed topics: one request per topic straight to the broker, 32 in flight.
    let t0 = performance.now();
    const topicNames = Array.from({ length: topics }, (_, i) => `bench_topic_${String(i).padStart(5, '0')}`);
    await mapLimit(topicNames, 32, (topic) => admin.createOrUpdateTopic({ topic, readQueueNums: 4, writeQueueNums: 4, perm: 6 }, { brokerAddr: cluster.brokerAddr }));
    out(`seeded ${fmt(topics)} topics in ${fmt((performance.now() - t0) / 1000, 1)} s`);

    // Seed groups; the first `lagging` ones committed offset 0 on a topic with messages.
    t0 = performance.now();
    const groupNames = Array.from({ length: groups }, (_, i) => `bench_group_${String(i).padStart(4, '0')}`);
    await mapLimit(groupNames.slice(lagging), 32, (g) => admin.createOrUpdateSubscriptionGroup(defaultSubscriptionGroupConfig(g), { brokerAddr: cluster.brokerAddr }));
    const lagTopics = topicNames.slice(0, Math.max(1, Math.min(10, lagging)));
    await until('routes of the lag topics', async () => {
      for (const t of lagTopics) await admin.getTopicRoute(t);
      return true;
    });
    for (const t of lagTopics) await fixture.send(t, 8);
    await mapLimit(groupNames.slice(0, lagging), 8, (g, i) => fixture.registerLaggingGroup(g, lagTopics[i % lagTopics.length], 4));
    out(`seeded ${fmt(groups)} groups (${fmt(lagging)} lagging) in ${fmt((performance.now() - t0) / 1000, 1)} s`);

    // The console, attached.
    const attached = await startAttachedConsole(cluster.namesrvAddr, dataDir);
    consoleProc = attached.proc;
    const base = attached.base;
    await until('the name server to list every topic', async () => {
      const { json } = await timeFetch(`${base}/api/topics?pageSize=1`);
      return (json as { total: number }).total >= topics;
    });
    // Let Next.js compile/load each route once before timing (the first call is still reported as "first").
    const lagGroup = groupNames[0];
    const rows: Row[] = [];
    rows.push(
      await measureApi(base, 'GET /api/topics (page 1 of 50)', '/api/topics?page=1&pageSize=50', samples, (j) => {
        if (j.items.length !== 50) throw new Error(`topics page: ${j.items.length} rows`);
      }),
    );
    rows.push(await measureApi(base, 'GET /api/topics?q=… (search)', '/api/topics?q=topic_0421&pageSize=50', samples));
    rows.push(
      await measureApi(base, 'GET /api/groups (page 1 of 20)', '/api/groups?page=1&pageSize=20', samples, (j) => {
        if (j.items.length !== 20) throw new Error(`groups page: ${j.items.length} rows`);
        if (!j.items.some((g: { lag: number | null }) => (g.lag ?? 0) > 0)) throw new Error('no lagging group on the first page');
        // The time lag is part of what is timed: one pull per lagging queue of the page's groups.
        if (!j.items.some((g: { timeLagMs: number | null }) => (g.timeLagMs ?? 0) > 0)) throw new Error('no time lag on the first page');
      }),
    );
    rows.push(await measureApi(base, 'GET /api/groups?q=… (search)', '/api/groups?q=group_09&pageSize=20', samples));
    rows.push(await measureApi(base, 'GET /api/topics/:topic (detail)', `/api/topics/${lagTopics[0]}`, samples));
    rows.push(
      await measureApi(base, 'GET /api/groups/:group (detail)', `/api/groups/${lagGroup}`, samples, (j) => {
        if (!((j.timeLagMs ?? 0) > 0)) throw new Error(`group detail: time lag ${j.timeLagMs}`);
      }),
    );

    browser = await launchChromium();
    // One warm-up load of each page (route bundles), not counted.
    await measureRender(browser, base, 'warm-up', '/topics', 'topic-row', 1);
    await measureRender(browser, base, 'warm-up', '/groups', 'group-row', 1);
    rows.push(await measureRender(browser, base, '/topics first row visible', '/topics', 'topic-row', renders));
    rows.push(await measureRender(browser, base, '/groups first row visible', '/groups', 'group-row', renders));

    printRows(`console with ${fmt(topics)} topics and ${fmt(groups)} groups (${lagging} lagging); ${samples} API samples, ${renders} cold page loads`, rows);
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `console-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify({ topics, groups, lagging, samples, renders, goalMs: GOAL_MS, rows }, null, 2));
    out(`\nfigures written to ${path.relative(repoRoot, file)}`);
    if (rows.some((r) => r.p95 >= GOAL_MS)) process.exitCode = 1;
  } catch (err) {
    if (consoleProc) process.stderr.write(`--- console output:\n${tail(consoleProc.output(), 40)}\n`);
    process.stderr.write(`${cluster.output?.() ?? ''}\n`);
    throw err;
  } finally {
    await browser?.close().catch(() => {});
    await consoleProc?.stop(10_000);
    await Promise.allSettled([admin.shutdown(), fixture.close()]);
    await cluster.stop();
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
