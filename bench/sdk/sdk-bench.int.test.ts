/**
 * `orbit bench producer` and `orbit bench consumer` as a user runs them: real processes against a real
 * `orbit namesrv` + `orbit broker`; what the producer says it sent is what the consumer receives.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOrbit, spawnOrbit, type OrbitProcess } from '../../server/cli/testing/spawn-orbit';
import { parseResultLine } from '../broker/common';

let namesrv: OrbitProcess;
let broker: OrbitProcess;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-sdk-bench-'));
  namesrv = await spawnOrbit(['namesrv', '--port', '0', '--data-dir', path.join(dir, 'ns')]);
  broker = await spawnOrbit(['broker', '--namesrv', namesrv.addr, '--port', '0', '--store', path.join(dir, 'store')], { timeoutMs: 30_000 });
}, 60_000);

afterAll(async () => {
  await broker?.stop();
  await namesrv?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('orbit bench producer / consumer', () => {
  it('produces for the given seconds with progress lines, and the consumer receives exactly what was acknowledged', async () => {
    const topic = `SdkBench_${Date.now().toString(36)}`;
    const p = await runOrbit(['bench', 'producer', '-n', namesrv.addr, '-t', topic, '-w', '8', '-d', '2', '--warmup', '0', '--interval', '1', '--keys'], 60_000);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/\[\s+1 s\] send [\d,]+ msg\/s, avg RT [\d.]+ ms, max RT [\d.]+ ms, failures 0/);
    const pr = parseResultLine(p.stdout)!;
    const sent = Number(pr.total_ok);
    expect(sent).toBeGreaterThan(100);
    expect(Number(pr.failures)).toBe(0);
    expect(Number(pr.send_tps)).toBeGreaterThan(0);
    expect(Number(pr.p99_rt_ms)).toBeGreaterThanOrEqual(Number(pr.p50_rt_ms));

    const c = await runOrbit(['bench', 'consumer', '-n', namesrv.addr, '-t', topic, '--from', 'first', '--expect', String(sent), '--interval', '1'], 60_000);
    expect(c.code, c.stderr).toBe(0);
    const cr = parseResultLine(c.stdout)!;
    expect(Number(cr.consumed)).toBe(sent);
    expect(Number(cr.born_p50_ms)).toBeGreaterThanOrEqual(0);
    expect(Number(cr.store_max_ms)).toBeGreaterThanOrEqual(Number(cr.store_p50_ms));
  }, 120_000);

  it('sends batches and counts messages, not requests', async () => {
    const topic = `SdkBenchBatch_${Date.now().toString(36)}`;
    const p = await runOrbit(['bench', 'producer', '-n', namesrv.addr, '-t', topic, '--mode', 'batch', '-b', '16', '-w', '2', '-d', '1', '--warmup', '0'], 60_000);
    expect(p.code, p.stderr).toBe(0);
    const sent = Number(parseResultLine(p.stdout)!.total_ok);
    expect(sent % 16).toBe(0);
    const c = await runOrbit(['bench', 'consumer', '-n', namesrv.addr, '-t', topic, '--from', 'first', '--expect', String(sent)], 60_000);
    expect(Number(parseResultLine(c.stdout)!.consumed)).toBe(sent);
  }, 120_000);

  it('refuses a bad option with a clear message', async () => {
    const r = await runOrbit(['bench', 'producer', '--mode', 'turbo']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--mode must be one of sync, async, oneway, batch');
  });
});
