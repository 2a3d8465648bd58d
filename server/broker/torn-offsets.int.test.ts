/**
 * A CommitLog tail torn while the broker was down takes messages that consumers had already read: their committed
 * offsets then point past the queue's end, where the next messages will land. The broker sets such offsets back to
 * the queue's end at start, so the group does not skip the new messages that reuse those offsets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { decodeOffsetMsgId } from '../common/message/message-id';
import { NamesrvController } from '../namesrv/namesrv-controller';
import { defaultNamesrvConfig, parseNamesrvConfig } from '../namesrv/namesrv-config';
import { Producer } from '../client/producer/producer';
import { BrokerController } from './broker-controller';
import { parseBrokerConfig } from './broker-config';

const log = logger.child({ test: 'torn-offsets' });
let dir: string;
let ns: NamesrvController;

async function startBroker(): Promise<BrokerController> {
  const b = new BrokerController(
    parseBrokerConfig({
      brokerName: 'broker-torn',
      namesrvAddr: ns.address,
      listenPort: 0,
      storePathRootDir: dir,
      mappedFileSizeCommitLog: 1024 * 1024,
      flushDiskType: 'SYNC_FLUSH',
    }),
    { log },
  );
  await b.start();
  return b;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-torn-offsets-'));
  ns = new NamesrvController(parseNamesrvConfig({ ...defaultNamesrvConfig(), host: '127.0.0.1', listenPort: 0, kvConfigPath: path.join(dir, 'kv.json') }), log);
  await ns.start();
});

afterAll(async () => {
  await ns.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('consumer offsets after a torn tail', () => {
  it('are set back to the queue end, so no new message is skipped', async () => {
    let broker = await startBroker();
    const producer = new Producer({ namesrvAddr: ns.address, producerGroup: 'torn_pg' });
    await producer.start();
    const topic = 'TornOffsets';
    const phys: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await producer.send({ topic, body: `m${i}` });
      phys.push(decodeOffsetMsgId(r.offsetMsgId).offset);
    }
    await producer.shutdown();
    // A consumer had read everything of every queue.
    const ends = new Map<number, number>();
    for (let q = 0; q < 8; q++) ends.set(q, broker.store.getMaxOffsetInQueue(topic, q));
    for (const [q, end] of ends) if (end > 0) broker.offsets.commitOffset('torn_cg', topic, q, end);
    await broker.shutdown();

    // Power cut: the last four records are zeroed, and the checkpoint is gone with them (a full rescan follows).
    const cut = phys.slice().sort((a, b) => a - b)[6];
    const seg = path.join(dir, 'commitlog', '00000000000000000000');
    const fd = fs.openSync(seg, 'r+');
    fs.writeSync(fd, Buffer.alloc(64 * 1024), 0, 64 * 1024, cut);
    fs.closeSync(fd);
    fs.rmSync(path.join(dir, 'checkpoint'));

    broker = await startBroker();
    let total = 0;
    for (let q = 0; q < 8; q++) {
      const max = broker.store.getMaxOffsetInQueue(topic, q);
      total += max;
      const committed = broker.offsets.queryOffset('torn_cg', topic, q);
      if (ends.get(q)! > 0) expect(committed, `queue ${q}`).toBe(max);
      expect(committed).toBeLessThanOrEqual(max);
    }
    expect(total).toBe(6);
    await broker.shutdown();
  }, 60_000);
});
