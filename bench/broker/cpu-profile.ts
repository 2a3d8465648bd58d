/** Summary of a V8 .cpuprofile (node --cpu-prof): self time per function and per source file. */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
}

export function summarizeCpuProfile(file: string, top = 15): string {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  const shortUrl = (url: string): string => {
    if (!url) return '(native)';
    const i = url.indexOf('/work/main/');
    if (i >= 0) return url.slice(i + '/work/main/'.length);
    const nm = url.lastIndexOf('node_modules/');
    return nm >= 0 ? url.slice(nm) : url.replace(/^file:\/\//, '');
  };
  for (const n of prof.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    total += hits;
    const f = shortUrl(n.callFrame.url);
    const name = n.callFrame.functionName || '(anonymous)';
    // tsx-transpiled modules report no useful line numbers; native frames have none.
    const line = n.callFrame.lineNumber > 0 ? `:${n.callFrame.lineNumber + 1}` : '';
    const key = name.startsWith('(') && !n.callFrame.url ? name : `${name} ${f}${line}`;
    byFn.set(key, (byFn.get(key) ?? 0) + hits);
    byFile.set(f, (byFile.get(f) ?? 0) + hits);
  }
  const pct = (x: number): string => `${((x / Math.max(1, total)) * 100).toFixed(1).padStart(5)} %`;
  const lines = [`self time of ${path.basename(file)} (${total} samples):`];
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(v)}  ${k}`);
  lines.push('  by file:');
  for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 10)) lines.push(`  ${pct(v)}  ${k}`);
  return lines.join('\n');
}
