/**
 * Build of the `orbit` command for the orbit-mq tarball (scripts/pack-orbit.mjs): server/cli/main.ts and what it
 * loads, compiled to JavaScript, so the installed command needs neither tsx nor the TypeScript sources nor the
 * repository's tsconfig (tsx would read the tsconfig of whatever directory `orbit` is started in). In the
 * repository, bin/orbit.js keeps running the sources through tsx.
 */
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

const stub = path.resolve('scripts/orbit-package/not-packaged.ts');

/** The console and the benchmarks are not in the package (see not-packaged.ts). */
const leaveOut: Plugin = {
  name: 'orbit-not-packaged',
  setup(build) {
    build.onResolve({ filter: /^(\.\/console-main|\.\.\/\.\.\/bench\/index)$/ }, (args) =>
      args.importer.endsWith(path.join('server', 'cli', 'main.ts')) ? { path: stub } : undefined,
    );
  },
};

export default defineConfig({
  entry: { main: 'server/cli/main.ts' },
  outDir: 'dist/orbit-mq/cli',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: true,
  clean: true,
  // npm packages stay imports: scripts/pack-orbit.mjs lists them as the package's dependencies.
  skipNodeModulesBundle: true,
  metafile: true,
  removeNodeProtocol: false,
  esbuildPlugins: [leaveOut],
});
