/**
 * Network faults on the HA connection, made on loopback by a relay between slave and master (testing/fault-proxy):
 * a stalled link, a frozen slave, a slave that stops reading, a connection cut mid-frame. In every case the
 * SYNC_MASTER answers as Apache's does, the master's memory stays bounded, and once the fault is gone the slave's
 * CommitLog is the master's byte for byte with every record in its ConsumeQueue once.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { MessageConst } from '../common/message/message-const';
import { decodeMessage } from '../common/message/message-decoder';
import { ResponseCode } from '../remoting/response-code';
import type { BrokerController } from '../broker/broker-controller';
import { FRAME_HEADER_SIZE } from './ha-codec';
import type { HaService } from './ha-service';
import { FaultProxy } from './testing/fault-proxy';
import { caughtUp, HaTestCluster, logBytes, waitFor } from './testing/ha-cluster';

const log = logger.child({ test: 'ha-faults' });
const SEGMENT = 1024 * 1024;
const SLAVE_TIMEOUT_MS = 400;
const HOUSEKEEPING_MS = 1000;
const FALL_BEHIND_MAX = 512 * 1024;
const NO_WAIT = { [MessageConst.WAIT_STORE_MSG_OK]: 'false' };

let cluster: HaTestCluster;

beforeAll(async () => {
  cluster = await HaTestCluster.start(log, {
    mappedFileSizeCommitLog: SEGMENT,
    mappedFileSizeConsumeQueue: 20 * 1000,
    haSendHeartbeatInterval: 200,
    haHousekeepingInterval: HOUSEKEEPING_MS,
    slaveTimeout: SLAVE_TIMEOUT_MS,
    haSlaveFallbehindMax: FALL_BEHIND_MAX,
    registerNameServerPeriod: 1000,
  });
});

afterAll(async () => {
  await cluster?.shutdown();
});

interface Pair {
  master: BrokerController;
  slave: BrokerController;
  proxy: FaultProxy;
}

let current: Pair | undefined;

afterEach(async () => {
  if (!current) return;
  await current.proxy.close();
  for (const b of [current.slave, current.master]) await cluster.stopBroker(b);
  current = undefined;
});

/** A SYNC_MASTER and a slave that reaches it through a fault proxy, connected. */
async function startPair(name: string): Promise<Pair> {
  const brokerName = `broker-${name}`;
  const master = await cluster.startBroker(`${name}-master`, 'SYNC_MASTER', { brokerName });
  const proxy = await FaultProxy.start({ port: master.replication.haPort });
  const slave = await cluster.startBroker(`${name}-slave`, 'SLAVE', { brokerName, haMasterAddress: proxy.address });
  current = { master, slave, proxy };
  await waitFor('the slave to connect', () => haOf(master).slaves().some((s) => s.requestOffset >= 0));
  return current;
}

/** The master's HA service (the broker keeps it private; the tests read the connections' figures from it). */
function haOf(b: BrokerController): HaService {
  return (b.replication as unknown as { ha: HaService }).ha;
}

function bodyOf(i: number, size = 10 + ((i * 7919) % 20_000)): Buffer {
  return Buffer.alloc(size, `m${i}-`);
}

async function sendOk(pair: Pair, topic: string, i: number, props: Record<string, string> = {}, size?: number): Promise<void> {
  const res = await cluster.send(pair.master.address, topic, bodyOf(i, size), props, i % 4);
  expect(res.code, res.remark).toBe(ResponseCode.SUCCESS);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - t };
}

/** Byte-identical logs and the same records in every queue of the topic (none missing, none twice, none torn). */
async function expectSameAsMaster(pair: Pair, topic: string): Promise<void> {
  await caughtUp(pair.master, pair.slave);
  const [m, s] = await Promise.all([logBytes(pair.master), logBytes(pair.slave)]);
  expect(s.length).toBe(m.length);
  expect(createHash('sha256').update(s).digest('hex')).toBe(createHash('sha256').update(m).digest('hex'));
  for (let q = 0; q < 4; q++) {
    const max = pair.master.store.getMaxOffsetInQueue(topic, q);
    expect(pair.slave.store.getMaxOffsetInQueue(topic, q)).toBe(max);
    const [fromMaster, fromSlave] = await Promise.all([queueRecords(pair.master, topic, q), queueRecords(pair.slave, topic, q)]);
    expect(fromSlave.length).toBe(max);
    expect(fromSlave).toEqual(fromMaster);
  }
}

async function queueRecords(b: BrokerController, topic: string, q: number): Promise<string[]> {
  const out: string[] = [];
  let offset = 0;
  for (;;) {
    const r = await b.store.getMessage('CG_FAULTS', topic, q, offset, 64, 64 << 20);
    if (r.messages.length === 0) return out;
    for (const raw of r.messages) {
      const m = decodeMessage(raw);
      // Every unit once, in order: a torn or doubled record would show as a gap or a repeat here.
      expect(m.queueOffset).toBe(out.length);
      out.push(`${m.queueOffset}@${m.commitLogOffset}:${createHash('sha1').update(raw).digest('hex')}`);
    }
    offset = r.nextBeginOffset;
  }
}

describe('HA network faults (SYNC_MASTER, slave behind a fault proxy)', () => {
  it('stalled master→slave link: FLUSH_SLAVE_TIMEOUT, then SLAVE_NOT_AVAILABLE past haSlaveFallbehindMax; after resume the slave catches up', async () => {
    const pair = await startPair('stall');
    const topic = 'T_FAULT_STALL';
    for (let i = 0; i < 5; i++) await sendOk(pair, topic, i);

    pair.proxy.stall('toSlave');
    const before = pair.master.store.getMaxOffsetInQueue(topic, 1);
    const { value: res, ms } = await timed(() => cluster.send(pair.master.address, topic, bodyOf(5), {}, 1));
    expect(res.code).toBe(ResponseCode.FLUSH_SLAVE_TIMEOUT);
    expect(ms).toBeGreaterThanOrEqual(SLAVE_TIMEOUT_MS - 50);
    // Stored on the master all the same, as in Apache.
    expect(pair.master.store.getMaxOffsetInQueue(topic, 1)).toBe(before + 1);

    // Fill the gap past haSlaveFallbehindMax without waiting, then a waiting send is refused at once.
    let i = 6;
    while (pair.master.store.getMaxPhyOffset() - haOf(pair.master).push2SlaveMaxOffset < FALL_BEHIND_MAX) await sendOk(pair, topic, i++, NO_WAIT, 64 * 1024);
    const refused = await timed(() => cluster.send(pair.master.address, topic, bodyOf(i++), {}, 2));
    expect(refused.value.code).toBe(ResponseCode.SLAVE_NOT_AVAILABLE);
    expect(refused.ms).toBeLessThan(SLAVE_TIMEOUT_MS);
    expect(pair.proxy.held('toSlave')).toBeGreaterThan(FALL_BEHIND_MAX);

    pair.proxy.resume();
    await expectSameAsMaster(pair, topic);
    await sendOk(pair, topic, i++);
    // One connection throughout: the stall alone drops nothing.
    expect(pair.proxy.accepted).toBe(1);
  });

  it('frozen slave (its acks stalled while data flows): FLUSH_SLAVE_TIMEOUT, housekeeping drops it, it reconnects and resumes from its own end', async () => {
    const pair = await startPair('frozen');
    const topic = 'T_FAULT_FROZEN';
    for (let i = 0; i < 5; i++) await sendOk(pair, topic, i);

    pair.proxy.stall('toMaster');
    const res = await cluster.send(pair.master.address, topic, bodyOf(5), {}, 1);
    expect(res.code).toBe(ResponseCode.FLUSH_SLAVE_TIMEOUT);
    // The data reached the slave; only its ack did not reach the master.
    await caughtUp(pair.master, pair.slave);

    await waitFor('housekeeping to drop the silent slave', () => haOf(pair.master).slaves().length === 0, HOUSEKEEPING_MS * 5);
    const refused = await cluster.send(pair.master.address, topic, bodyOf(6), {}, 2);
    expect(refused.code).toBe(ResponseCode.SLAVE_NOT_AVAILABLE);
    const slaveEnd = pair.slave.store.getMaxPhyOffset();
    expect(slaveEnd).toBeLessThan(pair.master.store.getMaxPhyOffset());

    pair.proxy.resume();
    await waitFor('the slave to reconnect', () => haOf(pair.master).slaves().some((s) => s.requestOffset >= 0), 15_000);
    expect(pair.proxy.accepted).toBe(2);
    expect(haOf(pair.master).slaves()[0].requestOffset).toBe(slaveEnd);
    for (let i = 7; i < 12; i++) await sendOk(pair, topic, i);
    await expectSameAsMaster(pair, topic);
  });

  it('a slave that stops reading: the master waits for drain instead of buffering 50 MB, and all is well after resume', async () => {
    const pair = await startPair('backpressure');
    const topic = 'T_FAULT_BACKPRESSURE';
    await sendOk(pair, topic, 0);
    const ha = haOf(pair.master);
    const batch = 32 * 1024;

    pair.proxy.stopReading('toSlave');
    const heapBefore = process.memoryUsage();
    let maxQueued = 0;
    let maxExternal = 0;
    const sample = setInterval(() => {
      for (const s of ha.slaves()) maxQueued = Math.max(maxQueued, s.queuedBytes);
      const mu = process.memoryUsage();
      maxExternal = Math.max(maxExternal, mu.arrayBuffers - heapBefore.arrayBuffers);
    }, 10);
    const total = 50 * 1024 * 1024;
    const size = 64 * 1024;
    try {
      let next = 1;
      const sender = async () => {
        while (next * size <= total) await sendOk(pair, topic, next++, NO_WAIT, size);
      };
      await Promise.all([sender(), sender(), sender(), sender()]);
    } finally {
      clearInterval(sample);
    }
    const stuckAt = pair.slave.store.getMaxPhyOffset();
    expect(pair.master.store.getMaxPhyOffset() - stuckAt).toBeGreaterThan(total / 2);
    // What the connection holds in user space is one batch past the high-water mark, whatever the backlog.
    expect(maxQueued).toBeLessThanOrEqual(ha.maxQueuedBytes + batch + FRAME_HEADER_SIZE);
    log.info({ maxQueued, maxExternal }, 'backpressure figures');
    // The slave still acks (heartbeats), so housekeeping keeps the connection.
    expect(ha.slaves().length).toBe(1);

    pair.proxy.resume();
    await expectSameAsMaster(pair, topic);
    expect(pair.proxy.accepted).toBe(1);
  });

  for (const how of ['fin', 'rst'] as const) {
    it(`a connection cut mid-frame (${how.toUpperCase()}): the slave drops the partial frame, reconnects and ends byte-identical`, async () => {
      const pair = await startPair(`cut-${how}`);
      const topic = `T_FAULT_CUT_${how.toUpperCase()}`;
      for (let i = 0; i < 5; i++) await sendOk(pair, topic, i);
      await caughtUp(pair.master, pair.slave);

      pair.proxy.stall('toSlave');
      // 80 KiB: the record spans three frames (32 KiB batches), so the cut leaves a record half-replicated too.
      await sendOk(pair, topic, 5, NO_WAIT, 80 * 1024);
      const start = pair.slave.store.getMaxPhyOffset();
      await waitFor('the frames to reach the proxy', () => pair.proxy.held('toSlave') >= 80 * 1024 + 3 * FRAME_HEADER_SIZE);
      // Hand on the first data frame whole and half of the second.
      const held = pair.proxy.heldData('toSlave');
      const frames = frameStarts(held).filter((f) => f.size > 0);
      expect(frames.length).toBeGreaterThanOrEqual(2);
      expect(frames[0].offset).toBe(start);
      const cutAt = frames[1].at + FRAME_HEADER_SIZE + Math.floor(frames[1].size / 2);
      await pair.proxy.release('toSlave', cutAt);
      await waitFor('the first frame to be appended', () => pair.slave.store.getMaxPhyOffset() === start + frames[0].size);
      await new Promise((r) => setTimeout(r, 100));
      pair.proxy.cut(how);
      pair.proxy.resume();
      // The half frame was not appended, and the half record is in no queue.
      expect(pair.slave.store.getMaxPhyOffset()).toBe(start + frames[0].size);
      expect(pair.slave.store.getMaxOffsetInQueue(topic, 1)).toBe(pair.master.store.getMaxOffsetInQueue(topic, 1) - 1);

      await waitFor('the slave to reconnect', () => pair.proxy.accepted === 2 && haOf(pair.master).slaves().some((s) => s.requestOffset >= 0), 15_000);
      expect(haOf(pair.master).slaves()[0].requestOffset).toBe(start + frames[0].size);
      for (let i = 6; i < 10; i++) await sendOk(pair, topic, i);
      await expectSameAsMaster(pair, topic);
    });
  }
});

/** Frame headers in a master→slave byte run that starts at a frame boundary. */
function frameStarts(buf: Buffer): { at: number; offset: number; size: number }[] {
  const out: { at: number; offset: number; size: number }[] = [];
  for (let at = 0; at + FRAME_HEADER_SIZE <= buf.length; ) {
    const size = buf.readInt32BE(at + 8);
    out.push({ at, offset: Number(buf.readBigInt64BE(at)), size });
    at += FRAME_HEADER_SIZE + size;
  }
  return out;
}
