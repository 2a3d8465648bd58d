/**
 * Build of the orbit-mq-client package (`npm run pack:client` runs it from the repository root): the SDK bundled
 * into one ESM and one CommonJS file per entry point, with bundled declarations. Orbit's own modules
 * (server/client, and the server/common, server/remoting and server/filter parts it reaches) go into the bundle;
 * every npm package stays an import, and scripts/pack-client.mjs checks each one is a declared dependency.
 */
import { defineConfig } from 'tsup';

const here = 'server/client/package';

export default defineConfig({
  entry: { index: 'server/client/index.ts', admin: 'server/client/admin/index.ts' },
  outDir: `${here}/dist`,
  tsconfig: `${here}/tsconfig.build.json`,
  format: ['esm', 'cjs'],
  // Shared code in one chunk for CommonJS too, so admin and index do not each carry a copy.
  splitting: true,
  platform: 'node',
  target: 'node20',
  dts: true,
  clean: true,
  // Never bundle an npm package: what the SDK needs at run time must show up as a dependency of the package.
  skipNodeModulesBundle: true,
  // Read by scripts/pack-client.mjs to list the package's imports; not packed.
  metafile: true,
  sourcemap: false,
  minify: false,
  // Keep `node:` specifiers: without them a package named like a built-in (`events`, `path`) could shadow it.
  removeNodeProtocol: false,
});
