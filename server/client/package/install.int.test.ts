/**
 * Issue 21's acceptance, in the unit run: both tarballs packed, installed outside the repository (the client into a
 * scratch project, orbit-mq globally into a temp prefix), and there a plain ESM script, a strict TypeScript file
 * and a CommonJS require produce and consume against an `orbit namesrv` + `orbit broker` started by the globally
 * installed command from an unrelated directory. Prints the installed client's size and dependencies.
 * interop/client-package.interop.test.ts runs the same programs against Apache RocketMQ 4.9.7 too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confText, escapeRegExp, loopbackBrokerConf } from '../../../interop/support/broker-conf';
import { findFreeBrokerPort, findFreePort, LOOPBACK } from '../../../interop/support/ports';
import { spawnManaged, waitForOutput, type ManagedProcess } from '../../../interop/support/process';
import { createScratchProject, installedFigures, type ScratchProject } from './testing/scratch-project';
import { checkCommonJs, checkEsmProgram, checkTypedProgram } from './testing/scratch-checks';

let scratch: ScratchProject | undefined;
let setupMs = 0;
const procs: ManagedProcess[] = [];
let namesrvAddr = '';
let brokerAddr = '';

const project = (): ScratchProject => {
  if (!scratch) throw new Error('the scratch project was not set up');
  return scratch;
};

beforeAll(async () => {
  const t0 = Date.now();
  scratch = await createScratchProject();
  setupMs = Date.now() - t0;
}, 600_000);

afterAll(async () => {
  for (const p of procs.reverse()) await p.stop(5000);
  scratch?.remove();
}, 60_000);

describe('the packed tarballs, installed outside the repository', () => {
  it('the globally installed orbit runs a name server and a broker from another directory', async () => {
    const p = project();
    expect(fs.existsSync(path.join(p.globalPrefix, 'lib', 'node_modules', 'orbit-mq', 'cli', 'main.js'))).toBe(true);
    const env = { ...p.env, HOME: path.join(p.root, 'home'), ORBIT_LOG_LEVEL: 'warn' };
    const namesrvPort = await findFreePort();
    const brokerPort = await findFreeBrokerPort();
    namesrvAddr = `${LOOPBACK}:${namesrvPort}`;
    brokerAddr = `${LOOPBACK}:${brokerPort}`;
    const namesrv = spawnManaged('global orbit namesrv', p.orbitBin, ['namesrv', '--host', LOOPBACK, '--port', String(namesrvPort), '--data-dir', path.join(p.root, 'namesrv')], { cwd: p.elsewhere, env });
    procs.push(namesrv);
    await waitForOutput(namesrv, new RegExp(`orbit namesrv listening on ${escapeRegExp(namesrvAddr)}`), 30_000);

    const store = path.join(p.root, 'store');
    const conf = path.join(p.root, 'broker.conf');
    fs.writeFileSync(
      conf,
      confText({ ...loopbackBrokerConf({ clusterName: 'PackCluster', brokerName: 'pack-a', namesrvAddr, brokerPort, store, flush: 'ASYNC_FLUSH' }), mappedFileSizeCommitLog: 64 * 1024 * 1024 }),
    );
    const broker = spawnManaged('global orbit broker', p.orbitBin, ['broker', '-c', conf], { cwd: p.elsewhere, env });
    procs.push(broker);
    await waitForOutput(broker, new RegExp(`boot success.*listening on ${escapeRegExp(brokerAddr)}`), 30_000);

    // What the package leaves out says so, instead of failing on a missing module.
    const consoleRun = spawnManaged('global orbit console', p.orbitBin, ['console'], { cwd: p.elsewhere, env });
    await new Promise((resolve) => consoleRun.child.once('exit', resolve));
    expect(consoleRun.child.exitCode, consoleRun.output()).toBe(2);
    expect(consoleRun.output()).toMatch(/orbit console: not part of the installed orbit-mq package/);
  }, 90_000);

  it('a plain Node ESM script produces and consumes, with no import side effects and no unhandled rejection', async () => {
    expect(namesrvAddr, 'the cluster of the first test').not.toBe('');
    await checkEsmProgram(project(), namesrvAddr);
  }, 120_000);

  it('a strict TypeScript file type-checks with tsc --noEmit (nodenext), then produces and consumes', async () => {
    await checkTypedProgram(project(), namesrvAddr);
  }, 120_000);

  it('CommonJS require finds both entry points', async () => {
    await checkCommonJs(project());
  });

  it("reports the installed client's size and runtime dependencies: pino's, nothing of Next.js, React or zod", async () => {
    const p = project();
    const f = await installedFigures(p);
    const deps = f.packages.filter((n) => n !== 'orbit-mq-client');
    for (const unwanted of ['next', 'react', 'react-dom', 'zod', 'commander', 'yaml', 'tsx']) expect(deps).not.toContain(unwanted);
    expect(deps).toContain('pino');
    const manifest = JSON.parse(fs.readFileSync(path.join(p.app, 'node_modules', 'orbit-mq-client', 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).toEqual(['pino']);
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    console.log(
      [
        `orbit-mq-client tarball: ${kib(p.client.packedBytes)} packed, ${kib(p.client.unpackedBytes)} unpacked`,
        `orbit-mq tarball: ${kib(p.orbit.packedBytes)} packed, ${kib(p.orbit.unpackedBytes)} unpacked`,
        `installed: node_modules/orbit-mq-client ${kib(f.clientBytes)}; with its runtime dependencies ${kib(f.totalBytes)}`,
        `runtime dependencies (${deps.length}): ${deps.join(', ')}`,
        `pack+install: ${(setupMs / 1000).toFixed(1)} s (${Object.entries(p.timingsMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')})`,
      ].join('\n'),
    );
  });
});
