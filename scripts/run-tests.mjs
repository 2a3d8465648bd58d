#!/usr/bin/env node
// `npm test`: every check the project has, in one run, closing with the line CI reads: `N passed, N failed`.
// Static checks count as one test each; vitest and Playwright report their own counts through JSON reporters.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'test-results');
mkdirSync(out, { recursive: true });
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(cmd, args, extraEnv = {}) {
  const started = Date.now();
  console.log(`\n=== ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  console.log(`=== exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function check(name, cmd, args) {
  if (!want(name)) return;
  if (run(cmd, args)) passed++;
  else { failed++; failures.push(name); }
}

function vitest(name, args) {
  if (!want(name)) return;
  const file = path.join(out, `${name}.json`);
  rmSync(file, { force: true });
  const ok = run('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  if (!existsSync(file)) { failed++; failures.push(`${name} (no report)`); return; }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  // A suite that fails to load reports no failed test but a failed file.
  const brokenFiles = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.every((a) => a.status !== 'failed'));
  failed += brokenFiles.length;
  for (const t of r.testResults) {
    for (const a of t.assertionResults) if (a.status === 'failed') failures.push(`${name}: ${a.fullName}`);
  }
  for (const t of brokenFiles) failures.push(`${name}: ${path.relative(root, t.name)} (suite failed to run)`);
  if (!ok && r.numFailedTests === 0 && brokenFiles.length === 0) { failed++; failures.push(`${name} (runner exit)`); }
}

function playwright(name) {
  if (!want(name)) return;
  const file = path.join(out, `${name}.json`);
  rmSync(file, { force: true });
  const ok = run('npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
  if (!existsSync(file)) { failed++; failures.push(`${name} (no report)`); return; }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.stats.expected + r.stats.flaky;
  failed += r.stats.unexpected;
  skipped += r.stats.skipped;
  if (r.errors?.length) { failed += r.errors.length; failures.push(`${name}: ${r.errors.length} global error(s)`); }
  if (!ok && r.stats.unexpected === 0 && !r.errors?.length) { failed++; failures.push(`${name} (runner exit)`); }
}

check('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
check('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
check('cycles', 'npm', ['run', '--silent', 'check:cycles']);
vitest('unit', []);
if (process.env.ORBIT_SKIP_INTEROP !== '1') vitest('interop', ['--config', 'vitest.interop.config.ts', '--passWithNoTests']);
if (process.env.ORBIT_SKIP_E2E !== '1') playwright('e2e');

if (failures.length) {
  console.log('\nFailed:');
  for (const f of failures) console.log(`  - ${f}`);
}
if (skipped) console.log(`\n${skipped} skipped`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
