#!/usr/bin/env node
// `npm run pack:orbit`: the orbit-mq tarball (dist/orbit-mq-<version>.tgz) whose `orbit` command runs the NameServer,
// Broker and admin tools once installed (`npm install -g ./dist/orbit-mq-<version>.tgz`). The repository's own
// manifest stays private (it is the console's app, with Next.js and the test tools); this writes a separate one in
// dist/orbit-mq/ whose dependencies are the npm packages the compiled CLI imports, at the repository's versions.
import fs from 'node:fs';
import path from 'node:path';
import { distDir, importedPackages, npmPack, readJson, root, tsup } from './pack-support.mjs';

const stage = path.join(distDir, 'orbit-mq');
const rootManifest = readJson(path.join(root, 'package.json'));

fs.rmSync(stage, { recursive: true, force: true });
tsup('scripts/orbit-package/tsup.config.ts');
const imported = importedPackages([path.join(stage, 'cli', 'metafile-esm.json')]);

const dependencies = {};
for (const name of imported) {
  const version = rootManifest.dependencies?.[name];
  if (!version) {
    console.error(`pack:orbit: the CLI imports ${name}, which is not a dependency in package.json`);
    process.exit(1);
  }
  dependencies[name] = version;
}

fs.mkdirSync(path.join(stage, 'bin'), { recursive: true });
fs.writeFileSync(
  path.join(stage, 'bin', 'orbit.js'),
  '#!/usr/bin/env node\n// The installed `orbit` command: the compiled CLI (the repository runs the TypeScript sources instead).\nawait import(\'../cli/main.js\');\n',
  { mode: 0o755 },
);
fs.copyFileSync(path.join(root, 'scripts', 'orbit-package', 'README.md'), path.join(stage, 'README.md'));
const manifest = {
  name: rootManifest.name,
  version: rootManifest.version,
  description: 'Orbit: a RocketMQ-compatible message queue (NameServer, Broker, admin CLI) in TypeScript',
  license: rootManifest.license,
  type: 'module',
  engines: rootManifest.engines,
  bin: { orbit: 'bin/orbit.js' },
  files: ['bin', 'cli', 'README.md'],
  dependencies,
};
fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`orbit-mq ${manifest.version}: runtime dependencies ${imported.join(', ')}`);
npmPack(stage);
