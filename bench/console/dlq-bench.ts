/**
 * `npm run bench -- console-dlq [--dead 100000] [--samples 20] [--renders 5] [--keep]`
 *
 * "The DLQ page with 100,000 dead letters loads its first page < 1 s". `orbit namesrv` + `orbit broker`
 * (processes) and `orbit console --namesrv` on a production build. The dead letters are sent straight into
 * `%DLQ%<group>` (SEND_MESSAGE_V2, 64 in flight) with RETRY_TOPIC set to one of 5 topics, one of 4 tags
 * and reconsumeTimes 16, which is what a broker's send-back stores, only much faster than failing 100,000
 * consumes. Prints (first call apart, p50/p95/max over `--samples`):
 *   - GET /api/dlq/:group/page (page 1 of 50, newest first), before any scan;
 *   - the triage summary: the first full scan until `complete`, then warm calls (nothing new to read);
 *   - /dlq/:group in Chromium from navigation until the first row is visible: the first load of the route
 *     (cold) and `--renders` more in new browser contexts.
 * Figures also go to bench/results/console-dlq-<time>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { AdminClient } from '../../server/client/admin/admin-client';
import { mapLimit } from '../../server/client/admin/admin-context';
import { startOrbitCluster } from '../../interop/support/orbit-cluster';
import { repoRoot } from '../../interop/support/paths';
import { tail, type ManagedProcess } from '../../interop/support/process';
import { argGetter, fmt, out, quietClientLogs, resultsDir } from '../broker/common';
import { GOAL_MS, measureApi, measureRender, printRows, timeFetch, until, type Row } from './console-bench';
import { ensureConsoleBuild, launchChromium, startAttachedConsole } from './console-build';

const TOPICS = ['Orders', 'Payments', 'Shipping', 'Refunds', 'Audit'];
const TAGS = ['create', 'update', 'cancel', 'retry'];

export async function runDlqBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const arg = argGetter(argv);
  const dead = Number(arg('dead', '100000'));
  const samples = Number(arg('samples', '20'));
  const renders = Number(arg('renders', '5'));
  const keep = argv.includes('--keep');
  const group = 'bench_dlq_group';
  const dlqTopic = `%DLQ%${group}`;

  out('console-dlq bench: checking the production build (next build when stale) ...');
  await ensureConsoleBuild();
  const cluster = await startOrbitCluster({ keepFiles: keep });
  const admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr, timeoutMs: 15_000 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-console-dlq-bench-'));
  let consoleProc: ManagedProcess | undefined;
  let browser: Browser | undefined;
  try {
    await until('a registered broker', async () => Object.keys((await admin.getBrokerClusterInfo()).brokerAddrTable).length > 0);
    await admin.createOrUpdateTopic({ topic: dlqTopic, readQueueNums: 1, writeQueueNums: 1, perm: 6 }, { brokerAddr: cluster.brokerAddr });
    await until('the DLQ route', () => admin.getTopicRoute(dlqTopic));
    let t0 = performance.now();
    const base0 = Date.now();
    await mapLimit(Array.from({ length: dead }, (_, i) => i), 64, (i) =>
      admin.sendMessage({
        topic: dlqTopic,
        body: JSON.stringify({ order: i, note: 'dead letter for the console bench' }),
        tags: TAGS[i % TAGS.length],
        keys: `dead-${i}`,
        reconsumeTimes: 16,
        properties: { RETRY_TOPIC: TOPICS[i % TOPICS.length], ORIGIN_MESSAGE_ID: `bench-${base0}-${i}` },
      }),
    );
    const depth = await admin.topicDepth(dlqTopic);
    out(`seeded ${fmt(depth)} dead letters into ${dlqTopic} in ${fmt((performance.now() - t0) / 1000, 1)} s`);

    const attached = await startAttachedConsole(cluster.namesrvAddr, dataDir);
    consoleProc = attached.proc;
    const base = attached.base;
    const rows: Row[] = [];

    rows.push(
      await measureApi(base, 'GET /api/dlq/:group/page (page 1 of 50)', `/api/dlq/${group}/page?page=1&pageSize=50`, samples, (j) => {
        if (j.items.length !== 50 || j.total !== dead) throw new Error(`DLQ page: ${j.items.length} rows of ${j.total}`);
      }),
    );

    // The first summary starts the scan; poll until it has read every dead letter.
    t0 = performance.now();
    const first = await timeFetch(`${base}/api/dlq/${group}/summary`);
    const summary = await until(
      'the triage scan',
      async () => {
        const { json } = await timeFetch(`${base}/api/dlq/${group}/summary`);
        const s = json as { complete: boolean; scanned: number; signatures: unknown[] };
        return s.complete ? s : null;
      },
      600_000,
    );
    const scanMs = performance.now() - t0;
    out(`triage summary: first answer ${fmt(first.ms)} ms (partial), full scan of ${fmt(summary.scanned)} in ${fmt(scanMs / 1000, 2)} s, ${summary.signatures.length} signatures`);
    rows.push(await measureApi(base, 'GET /api/dlq/:group/summary (warm)', `/api/dlq/${group}/summary`, samples));

    browser = await launchChromium();
    const rowOf = (r: Row, what: string): Row => ({ ...r, what });
    rows.push(rowOf(await measureRender(browser, base, '', `/dlq/${group}`, 'message-row', 1), '/dlq/:group first row (first load, cold)'));
    rows.push(await measureRender(browser, base, '/dlq/:group first row visible (warm)', `/dlq/${group}`, 'message-row', renders));

    printRows(`console DLQ triage with ${fmt(dead)} dead letters; ${samples} API samples, ${renders} page loads`, rows);
    out(`triage full scan (${fmt(dead)})  ${fmt(scanMs)} ms  (background; the page shows partial counts meanwhile)`);
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `console-dlq-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify({ dead, samples, renders, goalMs: GOAL_MS, scanMs, firstSummaryMs: first.ms, rows }, null, 2));
    out(`\nfigures written to ${path.relative(repoRoot, file)}`);
    if (rows.some((r) => r.p95 >= GOAL_MS)) process.exitCode = 1;
  } catch (err) {
    if (consoleProc) process.stderr.write(`--- console output:\n${tail(consoleProc.output(), 40)}\n`);
    throw err;
  } finally {
    await browser?.close().catch(() => {});
    await consoleProc?.stop(10_000);
    await admin.shutdown();
    await cluster.stop();
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
