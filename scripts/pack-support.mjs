// Shared by pack-client.mjs and pack-orbit.mjs: running tools, reading a build's imports, packing a folder.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
/** Every tarball and staged package goes here (gitignored). */
export const distDir = path.join(root, 'dist');

export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Runs a command from the repository root; exits with its status when it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  return r.stdout;
}

/** Runs tsup with a config file, through its own bin so no shell or npx lookup is involved. */
export function tsup(configFile) {
  run(process.execPath, [path.join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js'), '--config', configFile, '--silent']);
}

const builtins = new Set(builtinModules);
const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/**
 * The npm packages a build imports, from esbuild metafiles (tsup's `metafile: true`), which are deleted after
 * reading so they are never packed.
 */
export function importedPackages(metafiles) {
  const found = new Set();
  for (const file of metafiles) {
    const meta = readJson(file);
    for (const input of Object.values(meta.inputs)) {
      for (const imp of input.imports) {
        if (!imp.external || imp.path.startsWith('.') || imp.path.startsWith('node:') || builtins.has(imp.path)) continue;
        found.add(packageOf(imp.path));
      }
    }
    fs.rmSync(file);
  }
  return [...found].sort();
}

/** `npm pack` of a folder into dist/; returns the tarball's path and npm's size figures. */
export function npmPack(dir) {
  fs.mkdirSync(distDir, { recursive: true });
  const out = run('npm', ['pack', dir, '--pack-destination', distDir, '--json', '--silent'], { capture: true });
  const [info] = JSON.parse(out);
  const tarball = path.join(distDir, info.filename);
  console.log(`${tarball}: ${info.entryCount} files, ${kib(info.size)} packed, ${kib(info.unpackedSize)} unpacked`);
  return { tarball, ...info };
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
