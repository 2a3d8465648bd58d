/**
 * A broker whose store fills its filesystem (a real 12 MiB tmpfs, mounted for the test; skipped where mounting is
 * not allowed): sends are refused with SERVICE_NOT_AVAILABLE (14), as Apache refuses them, while everything stored
 * stays readable; once space is freed the broker takes writes again by itself, and a restart finds every stored
 * message intact.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Producer } from '../client/producer/producer';
import { PullConsumer } from '../client/consumer/pull-consumer';
import { BrokerError } from '../common/errors';
import { logger } from '../common/logger';
import { NamesrvController } from '../namesrv/namesrv-controller';
import { defaultNamesrvConfig, parseNamesrvConfig } from '../namesrv/namesrv-config';
import { ResponseCode } from '../remoting/response-code';
import { BrokerController } from './broker-controller';
import { parseBrokerConfig } from './broker-config';

const log = logger.child({ test: 'disk-full' });
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-disk-full-'));
const mnt = path.join(base, 'fs');

function tryMount(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    fs.mkdirSync(mnt, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', mnt], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const mounted = tryMount();

let ns: NamesrvController;
const storeDir = path.join(mnt, 'store');
const filler = path.join(mnt, 'filler');

async function startBroker(): Promise<BrokerController> {
  const b = new BrokerController(
    parseBrokerConfig({
      brokerName: 'broker-full',
      namesrvAddr: ns.address,
      listenPort: 0,
      storePathRootDir: storeDir,
      mappedFileSizeCommitLog: 2 * 1024 * 1024,
      mappedFileSizeConsumeQueue: 20 * 4000,
      messageIndexEnable: false,
      flushDiskType: 'SYNC_FLUSH',
      diskMaxUsedSpaceRatio: 90,
    }),
    { log },
  );
  await b.start();
  return b;
}

beforeAll(async () => {
  if (!mounted) return;
  ns = new NamesrvController(parseNamesrvConfig({ ...defaultNamesrvConfig(), host: '127.0.0.1', listenPort: 0, kvConfigPath: path.join(base, 'kv.json') }), log);
  await ns.start();
});

afterAll(async () => {
  await ns?.shutdown();
  if (mounted) execFileSync('umount', ['-l', mnt], { stdio: 'ignore' });
  fs.rmSync(base, { recursive: true, force: true });
});

async function readAll(consumer: PullConsumer, topic: string): Promise<Map<string, string>> {
  const got = new Map<string, string>();
  for (const mq of await consumer.fetchSubscribeMessageQueues(topic)) {
    let offset = await consumer.minOffset(mq);
    const max = await consumer.maxOffset(mq);
    while (offset < max) {
      const r = await consumer.pull(mq, '*', offset, 32);
      expect(r.pullStatus).toBe('FOUND');
      for (const m of r.msgFoundList) got.set(m.msgId, m.body.toString());
      offset = r.nextBeginOffset;
    }
  }
  return got;
}

describe.skipIf(!mounted)('a full disk', () => {
  it('refuses sends with code 14, keeps serving reads, resumes by itself once space is freed, loses nothing stored', async () => {
    let broker = await startBroker();
    const producer = new Producer({ namesrvAddr: ns.address, producerGroup: 'full_pg', retryTimesWhenSendFailed: 0 });
    await producer.start();
    const topic = 'DiskFull';
    const acked = new Map<string, string>();
    const body = (i: number) => `m${i}-${'x'.repeat(2000)}`;
    // Someone else's file takes most of the disk.
    fs.writeFileSync(filler, Buffer.alloc(6 * 1024 * 1024, 1));
    let refusal: BrokerError | undefined;
    let i = 0;
    while (!refusal && i < 20_000) {
      try {
        const r = await producer.send({ topic, body: body(i) });
        if (r.sendStatus === 'SEND_OK') acked.set(r.msgId, body(i));
      } catch (err) {
        if (err instanceof BrokerError) refusal = err;
        else throw err;
      }
      i++;
    }
    expect(refusal, 'the disk never filled').toBeDefined();
    expect(refusal!.responseCode, refusal!.message).toBe(ResponseCode.SERVICE_NOT_AVAILABLE);
    expect(acked.size).toBeGreaterThan(100);

    // Full, the broker still serves what it stored.
    const consumer = new PullConsumer({ namesrvAddr: ns.address, consumerGroup: 'full_cg' });
    await consumer.start();
    const whileFull = await readAll(consumer, topic);
    for (const [id, b] of whileFull) if (acked.has(id)) expect(b).toBe(acked.get(id));

    // Space comes back: within a few disk checks sends are taken again, without a restart.
    fs.rmSync(filler);
    const deadline = Date.now() + 20_000;
    let resumed = false;
    while (!resumed && Date.now() < deadline) {
      try {
        const r = await producer.send({ topic, body: 'after' });
        resumed = r.sendStatus === 'SEND_OK';
        if (resumed) acked.set(r.msgId, 'after');
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    expect(resumed).toBe(true);
    await producer.shutdown();
    await consumer.shutdown();

    // A restart reads the same log: every message stored is intact (forced retention may have removed the oldest
    // segments while the disk was full, as Apache's does; what remains must match what was acknowledged).
    await broker.shutdown();
    broker = await startBroker();
    const c2 = new PullConsumer({ namesrvAddr: ns.address, consumerGroup: 'full_cg2' });
    await c2.start();
    const afterRestart = await readAll(c2, topic);
    expect(afterRestart.size).toBeGreaterThan(100);
    for (const [id, b] of afterRestart) {
      // A send refused while a write failed may still have reached the log once space came back: stored but not
      // acknowledged is allowed (the producer would have retried), a changed body is not.
      if (acked.has(id)) expect(b).toBe(acked.get(id));
      else expect(b).toMatch(/^m\d+-x+$/);
    }
    const missing = [...acked.keys()].filter((id) => !afterRestart.has(id));
    expect(missing.length, `acknowledged and gone: ${missing.length} of ${acked.size}`).toBe(0);
    expect([...afterRestart.values()]).toContain('after');
    await c2.shutdown();
    await broker.shutdown();
  }, 120_000);

  it('above diskMaxUsedSpaceRatio the broker refuses writes before the disk runs out, and takes them again below it', async () => {
    fs.rmSync(storeDir, { recursive: true, force: true });
    // 11 of 12 MiB used by someone else: over the 90 % limit before the broker writes a byte.
    fs.writeFileSync(filler, Buffer.alloc(11 * 1024 * 1024, 1));
    const broker = await startBroker();
    const producer = new Producer({ namesrvAddr: ns.address, producerGroup: 'ratio_pg', retryTimesWhenSendFailed: 0 });
    await producer.start();
    const err = await producer.send({ topic: 'DiskRatio', body: 'refused' }).then(
      () => undefined,
      (e: unknown) => e as BrokerError,
    );
    expect(err).toBeInstanceOf(BrokerError);
    expect(err!.responseCode).toBe(ResponseCode.SERVICE_NOT_AVAILABLE);
    expect(err!.remark).toMatch(/disk full/);
    fs.rmSync(filler);
    // The guard looks again every 5 s.
    const deadline = Date.now() + 15_000;
    let ok = false;
    while (!ok && Date.now() < deadline) {
      ok = await producer.send({ topic: 'DiskRatio', body: 'taken' }).then(
        (r) => r.sendStatus === 'SEND_OK',
        () => false,
      );
      if (!ok) await new Promise((r) => setTimeout(r, 500));
    }
    expect(ok).toBe(true);
    await producer.shutdown();
    await broker.shutdown();
  }, 60_000);
});
