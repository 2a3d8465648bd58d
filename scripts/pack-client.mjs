#!/usr/bin/env node
// `npm run pack:client`: builds the orbit-mq-client package (server/client/package/) and packs it into
// dist/orbit-mq-client-<version>.tgz. Refuses to pack when the build imports an npm package the manifest does not
// declare (it would fail in a user's project) or the manifest declares one the build never imports (dead weight),
// and when a declared range is not the `^` of the version this repository tests with.
import path from 'node:path';
import { importedPackages, npmPack, readJson, root, tsup } from './pack-support.mjs';

const pkgDir = path.join(root, 'server', 'client', 'package');
const manifest = readJson(path.join(pkgDir, 'package.json'));
const rootManifest = readJson(path.join(root, 'package.json'));

tsup('server/client/package/tsup.config.ts');
const imported = importedPackages(['esm', 'cjs'].map((f) => path.join(pkgDir, 'dist', `metafile-${f}.json`)));
const declared = Object.keys(manifest.dependencies ?? {}).sort();

const problems = [];
for (const name of imported) if (!declared.includes(name)) problems.push(`the SDK imports ${name}, which package.json does not declare`);
for (const name of declared) {
  if (!imported.includes(name)) problems.push(`package.json declares ${name}, which the SDK never imports`);
  const tested = rootManifest.dependencies?.[name];
  if (manifest.dependencies[name] !== `^${tested}`) problems.push(`${name}: declare ^${tested} (the version the repository tests with), not ${manifest.dependencies[name]}`);
}
if (problems.length) {
  for (const p of problems) console.error(`pack:client: ${p} (server/client/package/package.json)`);
  process.exit(1);
}
console.log(`orbit-mq-client ${manifest.version}: runtime dependencies ${declared.join(', ') || 'none'}`);
npmPack(pkgDir);
