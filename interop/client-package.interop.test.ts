/**
 * The installed orbit-mq-client package against each interop target (Apache RocketMQ 4.9.7 included): the tarball
 * packed and installed into a scratch project outside the repository (server/client/package/testing), then its
 * plain ESM script and its strict TypeScript program produce and consume against the target's cluster.
 * server/client/package/install.int.test.ts does the same in the unit run against the globally installed orbit.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ClusterHandle } from './apache/apache-cluster';
import { targets } from './support/targets';
import { createScratchProject, type ScratchProject } from '../server/client/package/testing/scratch-project';
import { checkEsmProgram, checkTypedProgram } from '../server/client/package/testing/scratch-checks';

let scratch: ScratchProject | undefined;

// Packed and installed once for every target.
beforeAll(async () => {
  scratch = await createScratchProject();
}, 600_000);

afterAll(() => scratch?.remove());

describe.each(targets)('installed orbit-mq-client against $name', (target) => {
  let cluster: ClusterHandle | undefined;

  beforeAll(async () => {
    cluster = await target.start();
  }, 240_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const ready = (): { p: ScratchProject; ns: string } => {
    if (!scratch) throw new Error('the scratch project was not set up');
    if (!cluster) throw new Error(`${target.name} cluster did not start`);
    return { p: scratch, ns: cluster.namesrvAddr };
  };

  it('a plain Node ESM script produces and consumes in every mode', async () => {
    const { p, ns } = ready();
    await checkEsmProgram(p, ns);
  });

  it('a strict TypeScript program type-checks and produces and consumes', async () => {
    const { p, ns } = ready();
    await checkTypedProgram(p, ns);
  });
});
