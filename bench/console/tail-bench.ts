/**
 * `npm run bench -- console-tail [--rate 5000] [--seconds 20] [--queues 8] [--size 128] [--keep]`
 *
 * The live tail of a busy topic: `orbit namesrv` + `orbit broker` (separate processes), `orbit console
 * --namesrv` on a production build, one Chromium page on /topics/<topic>/tail, and the TS SDK's producer
 * sending `--rate` msg/s (paced, async sends) for `--seconds`. Each body carries its send time; a
 * MutationObserver in the page records, for every row that enters the table, now − that time (born → shown;
 * one clock, one machine). Prints what was sent, what the page counted (received / shown / dropped, and
 * what the server skipped because the page fell behind), the lag p50/p99/max over the rows shown, and the
 * CPU of the console and broker processes over the send window. Figures also go to
 * bench/results/console-tail-<time>.json. Not a test: nothing fails on a slow figure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { Producer } from '../../server/client';
import { startOrbitCluster } from '../../interop/support/orbit-cluster';
import { repoRoot } from '../../interop/support/paths';
import { tail, type ManagedProcess } from '../../interop/support/process';
import { argGetter, createTopic, fmt, out, quietClientLogs, resultsDir, sleep } from '../broker/common';
import { cpuSeconds, pidListeningOn, rssMb } from '../broker/proc-stats';
import { percentile } from './console-bench';
import { ensureConsoleBuild, launchChromium, startAttachedConsole } from './console-build';

/** Sends in flight at most: a stalled broker must not pile up promises without end. */
const MAX_IN_FLIGHT = 4_000;

/** Runs in the page: each message row added to the DOM → now − the send time in its body. */
function observeRows(): void {
  const w = window as unknown as { __tailLags: number[] };
  w.__tailLags = [];
  new MutationObserver((records) => {
    const now = Date.now();
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (!(n instanceof HTMLElement)) continue;
        const rows = n.matches('[data-testid="message-row"]') ? [n] : [...n.querySelectorAll('[data-testid="message-row"]')];
        for (const row of rows) {
          const m = /"t":(\d+)/.exec(row.lastElementChild?.textContent ?? '');
          if (m) w.__tailLags.push(now - Number(m[1]));
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
}

export async function runConsoleTailBench(argv: string[]): Promise<void> {
  quietClientLogs();
  const arg = argGetter(argv);
  const rate = Number(arg('rate', '5000'));
  const seconds = Number(arg('seconds', '20'));
  const queues = Number(arg('queues', '8'));
  const size = Number(arg('size', '128'));
  const keep = argv.includes('--keep');

  out('console tail bench: checking the production build (next build when stale) ...');
  await ensureConsoleBuild();
  const cluster = await startOrbitCluster({ keepFiles: keep });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-tail-bench-'));
  let consoleProc: ManagedProcess | undefined;
  let browser: Browser | undefined;
  const producer = new Producer({ namesrvAddr: cluster.namesrvAddr, producerGroup: `TAIL_BENCH_${process.pid}`, compressMsgBodyOverHowmuch: Number.MAX_SAFE_INTEGER });
  try {
    const topic = `tail_bench_${Date.now() % 1_000_000}`;
    await createTopic(cluster.namesrvAddr, topic, queues);
    await producer.start();
    const attached = await startAttachedConsole(cluster.namesrvAddr, dataDir);
    consoleProc = attached.proc;
    const base = attached.base;
    const consolePid = consoleProc.child.pid;
    const brokerPid = pidListeningOn(Number(cluster.brokerAddr.split(':').pop()));

    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 860 } })).newPage();
    await page.addInitScript(observeRows);
    await page.goto(`${base}/topics/${topic}/tail`);
    await page.getByTestId('tail-status').getByText('live').waitFor({ timeout: 60_000 });
    out(`tail open on ${topic} (${queues} queues); sending ${fmt(rate)} msg/s for ${seconds} s ...`);

    // Paced sends: every tick, as many as the rate says are due by now.
    const pad = 'x'.repeat(Math.max(0, size - 40));
    let sent = 0;
    let failed = 0;
    let inFlight = 0;
    const cpu0 = { console: cpuSeconds(consolePid), broker: cpuSeconds(brokerPid), at: performance.now() };
    const rss0 = rssMb(consolePid);
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      const due = Math.floor(((performance.now() - t0) / 1000) * rate);
      while (sent < due && inFlight < MAX_IN_FLIGHT) {
        inFlight++;
        const body = Buffer.from(`{"t":${Date.now()},"i":${sent},"p":"${pad}"}`);
        sent++;
        producer.sendAsync({ topic, body, tags: 'bench' }).then(
          () => inFlight--,
          () => {
            inFlight--;
            failed++;
          },
        );
      }
      await sleep(5);
    }
    const sendSeconds = (performance.now() - t0) / 1000;
    while (inFlight > 0) await sleep(10);
    const cpu1 = { console: cpuSeconds(consolePid), broker: cpuSeconds(brokerPid), at: performance.now() };
    const rss1 = rssMb(consolePid);

    // Let the page catch up: the received count stops moving once the tail has delivered everything.
    const count = async (id: string) => Number((await page.getByTestId(`tail-${id}-value`).textContent())?.replace(/,/g, '') ?? NaN);
    let last = -1;
    for (let i = 0; i < 40; i++) {
      await sleep(500);
      const now = await count('received');
      if (now === last && now + (await count('server-dropped')) >= sent - failed) break;
      last = now;
    }
    const received = await count('received');
    const shown = await count('shown');
    const dropped = await count('dropped');
    const serverDropped = await count('server-dropped');
    const lags = (await page.evaluate(() => (window as unknown as { __tailLags: number[] }).__tailLags)).sort((a, b) => a - b);
    const wall = (cpu1.at - cpu0.at) / 1000;
    const figures = {
      rate,
      seconds,
      queues,
      size,
      sent,
      failed,
      achievedRate: sent / sendSeconds,
      browser: { received, shown, dropped, serverDropped },
      lagMs: { rowsMeasured: lags.length, p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags[lags.length - 1] ?? NaN },
      cpuPercent: { console: (100 * (cpu1.console - cpu0.console)) / wall, broker: (100 * (cpu1.broker - cpu0.broker)) / wall },
      consoleRssMb: { before: rss0, after: rss1 },
      cores: os.cpus().length,
    };
    out('');
    out(`live tail at ${fmt(rate)} msg/s for ${seconds} s (${queues} queues, ${size} B bodies, ${figures.cores} cores)`);
    out(`sent          ${fmt(sent)} (${fmt(figures.achievedRate)} msg/s achieved, ${failed} failed)`);
    out(`browser       received ${fmt(received)}, shown ${fmt(shown)}, dropped ${fmt(dropped)} (buffer), skipped by server ${fmt(serverDropped)}`);
    out(`lag born→shown p50 ${fmt(figures.lagMs.p50)} ms, p99 ${fmt(figures.lagMs.p99)} ms, max ${fmt(figures.lagMs.max)} ms over ${fmt(lags.length)} rows shown`);
    out(`server CPU    console ${fmt(figures.cpuPercent.console)} %, broker ${fmt(figures.cpuPercent.broker)} % of one core; console RSS ${fmt(rss0)} → ${fmt(rss1)} MiB`);
    out(`keeps up      ${received + serverDropped >= sent - failed && serverDropped === 0 ? 'yes: every message reached the page' : 'no: see the skipped count'}`);
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `console-tail-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(figures, null, 2));
    out(`\nfigures written to ${path.relative(repoRoot, file)}`);
  } catch (err) {
    if (consoleProc) process.stderr.write(`--- console output:\n${tail(consoleProc.output(), 40)}\n`);
    throw err;
  } finally {
    await browser?.close().catch(() => {});
    await producer.shutdown().catch(() => {});
    await consoleProc?.stop(10_000);
    await cluster.stop();
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
