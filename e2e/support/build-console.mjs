#!/usr/bin/env node
// Runs `next build` when .next/BUILD_ID is missing or older than any source the console build reads,
// so e2e runs always test the current code without rebuilding when nothing changed.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const SOURCE_DIRS = ['app', 'components', 'lib', 'server', 'public'];
const SOURCE_FILES = ['next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const SOURCE_EXT = /\.(ts|tsx|js|mjs|css|json)$/;
const NOT_BUILT = /\.(test|int\.test|interop\.test)\.ts$/;

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'fixtures') newest = Math.max(newest, newestIn(p));
    } else if (SOURCE_EXT.test(e.name) && !NOT_BUILT.test(e.name)) {
      newest = Math.max(newest, mtime(p));
    }
  }
  return newest;
}

const built = mtime(path.join(root, '.next', 'BUILD_ID'));
const newest = Math.max(...SOURCE_DIRS.map((d) => newestIn(path.join(root, d))), ...SOURCE_FILES.map((f) => mtime(path.join(root, f))));

if (built > 0 && built >= newest) {
  console.error('console build is up to date');
  process.exit(0);
}
console.error(built === 0 ? 'no console build yet: running next build' : 'sources changed since the last build: running next build');
const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
  cwd: root,
  stdio: ['ignore', 2, 2],
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
process.exit(r.status ?? 1);
