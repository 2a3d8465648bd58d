/**
 * What the scratch project's programs (testing/app/) must show, run against a cluster: shared by install.int.test.ts
 * (the globally installed `orbit broker`) and interop/client-package.interop.test.ts (every interop target).
 */
import path from 'node:path';
import { expect } from 'vitest';
import type { ScratchProject } from './scratch-project';

/** The last line a program printed, parsed. */
function lastJsonLine(out: string): Record<string, any> {
  const line = out
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON line in:\n${out}`);
  return JSON.parse(line);
}

/** `node produce-consume.mjs`: every send mode, push and pull consumption, no import side effects; exits by itself. */
export async function checkEsmProgram(p: ScratchProject, namesrvAddr: string): Promise<void> {
  const r = lastJsonLine(await p.exec(process.execPath, ['produce-consume.mjs', namesrvAddr], 110_000));
  expect(r.importEffects).toEqual({ envReads: [], listenersAdded: [], resourcesAdded: [] });
  expect(r).toMatchObject({ sendStatus: 'SEND_OK', asyncStatus: 'SEND_OK', batchResults: 1, abort: 'ABORT_ERR', transaction: 'COMMIT_MESSAGE', unhandled: [] });
  expect(r.pushed).toEqual(['async', 'batch-1', 'batch-2', 'delayed', 'oneway', 'sync', 'transaction']);
  expect(r.keys).toEqual(['order-1', 'user-1']);
  expect(r.tags).toBe('TagA');
  // The pull consumer reads every tag, the half message excepted (the broker keeps it in its own topic).
  expect(r.pulled).toEqual(expect.arrayContaining(['sync', 'async', 'oneway', 'batch-1', 'batch-2', 'other-tag', 'transaction']));
  expect(r.clusters.length).toBeGreaterThan(0);
}

/** tsc --noEmit on the strict project, then the compiled program produces and consumes. */
export async function checkTypedProgram(p: ScratchProject, namesrvAddr: string): Promise<void> {
  const tsc = path.join(p.app, 'node_modules', 'typescript', 'bin', 'tsc');
  await p.exec(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], 110_000);
  await p.exec(process.execPath, [tsc, '-p', 'tsconfig.json'], 110_000);
  const r = lastJsonLine(await p.exec(process.execPath, [path.join('build', 'typed.js'), namesrvAddr], 110_000));
  expect(r).toMatchObject({ sendStatus: 'SEND_OK', received: ['typed'], abortCode: 'ABORT_ERR' });
  expect(r.brokers).toBeGreaterThan(0);
}

/** `require('orbit-mq-client')` and `require('orbit-mq-client/admin')`. */
export async function checkCommonJs(p: ScratchProject): Promise<void> {
  const r = lastJsonLine(await p.exec(process.execPath, ['require-check.cjs']));
  expect(r).toEqual({
    classes: ['Producer', 'TransactionProducer', 'PushConsumer', 'PullConsumer', 'LitePullConsumer'],
    admin: 'function',
    abortIsMqError: true,
    code: 'ABORT_ERR',
  });
}
