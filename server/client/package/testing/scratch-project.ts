/**
 * The two tarballs as a user gets them: `npm run pack:client` and `npm run pack:orbit`, then, in a temp dir
 * outside the repository, a scratch project that `npm install`s orbit-mq-client from its tarball (with TypeScript
 * and @types/node as its own dev tools), and orbit-mq installed globally into a temp prefix. Shared by
 * install.int.test.ts (against the installed `orbit broker`) and interop/client-package.interop.test.ts (against
 * each interop target). npm runs with --prefer-offline, so packages come from the npm cache when it has them.
 *
 *   <tmp>/orbit-pack-XXXX/app/        the scratch project: package.json, the programs of testing/app/, node_modules/
 *   <tmp>/orbit-pack-XXXX/global/     npm's global prefix: bin/orbit, lib/node_modules/orbit-mq
 *   <tmp>/orbit-pack-XXXX/elsewhere/  an unrelated working directory for the global `orbit`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../../../interop/support/process';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
/** The scratch project's programs (a plain ESM script, a strict TypeScript file, a CommonJS check). */
const programsDir = path.join(import.meta.dirname, 'app');
const rootManifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

export interface PackedTarball {
  path: string;
  packedBytes: number;
  unpackedBytes: number;
}

export interface ScratchProject {
  root: string;
  app: string;
  globalPrefix: string;
  /** The globally installed `orbit` command. */
  orbitBin: string;
  /** A directory with nothing of Orbit in it, to start the global `orbit` from. */
  elsewhere: string;
  client: PackedTarball;
  orbit: PackedTarball;
  timingsMs: { packClient: number; packOrbit: number; installClient: number; installOrbit: number };
  /** Environment for processes started in the scratch project: npm's own lifecycle variables left out. */
  env: NodeJS.ProcessEnv;
  /** Runs a program in the scratch project; rejects with its output on a non-zero exit. */
  exec(command: string, args: string[], timeoutMs?: number): Promise<string>;
  remove(): void;
}

/** Without the npm_* variables of an enclosing `npm test`, which would configure the scratch npm too. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_'))) as NodeJS.ProcessEnv;
}

const KIB = /: \d+ files, ([\d.]+) KiB packed, ([\d.]+) KiB unpacked/;

async function pack(script: string, env: NodeJS.ProcessEnv): Promise<PackedTarball> {
  const out = await run(process.execPath, [path.join(repoRoot, 'scripts', script)], { cwd: repoRoot, env, timeoutMs: 240_000 });
  const line = out.split('\n').find((l) => KIB.test(l));
  if (!line) throw new Error(`${script} printed no tarball line:\n${out}`);
  const [, packed, unpacked] = line.match(KIB)!;
  return { path: line.slice(0, line.indexOf(':')), packedBytes: Number(packed) * 1024, unpackedBytes: Number(unpacked) * 1024 };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = Date.now();
  const v = await fn();
  return [v, Date.now() - t0];
}

const npmFlags = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

export async function createScratchProject(): Promise<ScratchProject> {
  const env = cleanEnv();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-pack-'));
  const app = path.join(root, 'app');
  const globalPrefix = path.join(root, 'global');
  const elsewhere = path.join(root, 'elsewhere');
  for (const d of [app, globalPrefix, elsewhere]) fs.mkdirSync(d, { recursive: true });
  const remove = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    const [client, packClient] = await timed(() => pack('pack-client.mjs', env));
    const [orbit, packOrbit] = await timed(() => pack('pack-orbit.mjs', env));

    fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }, null, 2)}\n`);
    for (const name of fs.readdirSync(programsDir)) fs.copyFileSync(path.join(programsDir, name), path.join(app, name));
    const [, installClient] = await timed(async () => {
      await run('npm', ['install', ...npmFlags, client.path], { cwd: app, env, timeoutMs: 300_000 });
      // The project's own tools, as a TypeScript user has them: dev dependencies, not the SDK's.
      const devTools = ['typescript', '@types/node'].map((n) => `${n}@${rootManifest.devDependencies[n]}`);
      await run('npm', ['install', '--save-dev', ...npmFlags, ...devTools], { cwd: app, env, timeoutMs: 300_000 });
    });
    const [, installOrbit] = await timed(() =>
      run('npm', ['install', '--global', '--prefix', globalPrefix, ...npmFlags, orbit.path], { cwd: elsewhere, env, timeoutMs: 300_000 }),
    );

    return {
      root,
      app,
      globalPrefix,
      orbitBin: path.join(globalPrefix, 'bin', 'orbit'),
      elsewhere,
      client,
      orbit,
      timingsMs: { packClient, packOrbit, installClient, installOrbit },
      env,
      exec: (command, args, timeoutMs = 120_000) => run(command, args, { cwd: app, env, timeoutMs }),
      remove,
    };
  } catch (err) {
    remove();
    throw err;
  }
}

/** Bytes of the files under `dir`, nested node_modules left out (npm lists those packages on their own). */
function dirBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) n += e.name === 'node_modules' ? 0 : dirBytes(p);
    else if (e.isFile()) n += fs.statSync(p).size;
  }
  return n;
}

export interface InstalledFigures {
  /** What installing orbit-mq-client brings: the package and every runtime dependency, by name. */
  packages: string[];
  /** Bytes on disk of node_modules/orbit-mq-client alone. */
  clientBytes: number;
  /** Bytes on disk of the client and all of its runtime dependencies. */
  totalBytes: number;
}

/** The installed client's runtime closure, as npm sees it (dev tools of the scratch project left out). */
export async function installedFigures(p: ScratchProject): Promise<InstalledFigures> {
  const out = await p.exec('npm', ['ls', '--omit=dev', '--all', '--parseable']);
  const dirs = out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(path.join(p.app, 'node_modules')));
  const packages = dirs.map((d) => path.relative(path.join(p.app, 'node_modules'), d).split(path.sep).filter((s) => s !== 'node_modules').join('/'));
  return {
    packages: [...new Set(packages)].sort(),
    clientBytes: dirBytes(path.join(p.app, 'node_modules', 'orbit-mq-client')),
    totalBytes: [...new Set(dirs)].reduce((n, d) => n + dirBytes(d), 0),
  };
}
