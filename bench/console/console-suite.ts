/**
 * `npm run bench -- console [--part big|tail|dlq[,…]] [args of the parts]`: the console's benchmarks one after
 * another, each on a cluster and console of its own —
 *   - `big`: 5,000 topics and 1,000 groups, API latencies and first renders (console-bench.ts);
 *   - `tail`: the live tail of a topic at 5,000 msg/s in Chromium, shown / dropped and born → shown lag (tail-bench.ts);
 *   - `dlq`: a group with 100,000 dead letters: the triage page's first API page, summary and first render (dlq-bench.ts).
 * Every part keeps its own flags (`--topics`, `--rate`, …) and also runs alone as `console-tail` / `console-dlq`.
 */
import { out } from '../broker/common';

const PARTS: Record<string, () => Promise<(argv: string[]) => Promise<void>>> = {
  big: async () => (await import('./console-bench')).runConsoleBench,
  tail: async () => (await import('./tail-bench')).runConsoleTailBench,
  dlq: async () => (await import('./dlq-bench')).runDlqBench,
};

export async function runConsoleSuite(argv: string[]): Promise<void> {
  const i = argv.indexOf('--part');
  const wanted = i >= 0 ? (argv[i + 1] ?? '').split(',').filter(Boolean) : Object.keys(PARTS);
  const unknown = wanted.filter((p) => !(p in PARTS));
  if (unknown.length) throw new Error(`unknown console bench part ${unknown.join(', ')} (parts: ${Object.keys(PARTS).join(', ')})`);
  for (const part of wanted) {
    out(`\n=== console bench: ${part}`);
    await (await PARTS[part]())(argv);
  }
}
