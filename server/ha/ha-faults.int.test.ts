/**
 * Network faults on the HA connection, made on loopback by a relay between slave and master (testing/fault-proxy):
 * a stalled link, a frozen slave, a slave that stops reading, a connection cut mid-frame. In every case the
 * SYNC_MASTER answers as Apache's does, the master's memory stays bounded, and once the fault is gone the slave's
 * CommitLog is the master's byte for byte with every record in its ConsumeQueue once.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { logger } from '../common/logger';
import { MessageConst } from '../common/message/message-const';
import { decodeMessage } from '../common/message/message-decoder';
import { ResponseCode } from '../remoting/response-code';
import type { BrokerController } from '../broker/broker-controller';
import { logBytes, sendV2, waitFor } from '../broker/testing/remoting-calls';
import { FRAME_HEADER_SIZE } from './ha-codec';
import type { HaService } from './ha-service';
import { FaultProxy } from './testing/fault-proxy';
import { caughtUp, HaTestCluster } from './testing/ha-cluster';

const log = logger.child({ test: 'ha-faults' });
const SEGMENT = 1024 * 1024;
const SLAVE_TIMEOUT_MS = 400;
const HOUSEKEEPING_MS = 1500;
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

/**
 * A SYNC_MASTER and a slave that reaches it through a fault proxy, connected. Both sides' housekeeping is
 * HOUSEKEEPING_MS, the slave's `slaveHousekeepingMs` when given (a test in which the slave hears nothing for a
 * while, and must not give up, asks for more). Stopped when the test ends; tests with a pair each may run together.
 */
async function startPair(ctx: TestContext, name: string, slaveHousekeepingMs = HOUSEKEEPING_MS): Promise<Pair> {
  const brokerName = `broker-${name}`;
  const master = await cluster.startBroker(`${name}-master`, 'SYNC_MASTER', { brokerName, haHousekeepingInterval: HOUSEKEEPING_MS });
  const proxy = await FaultProxy.start({ port: master.replication.haPort });
  const slave = await cluster.startBroker(`${name}-slave`, 'SLAVE', { brokerName, haHousekeepingInterval: slaveHousekeepingMs, haMasterAddress: proxy.address });
  ctx.onTestFinished(async () => {
    await proxy.close();
    for (const b of [slave, master]) await cluster.stopBroker(b);
  });
  await waitFor('the slave to connect', () => haOf(master).slaves().some((s) => s.requestOffset >= 0));
  return { master, slave, proxy };
}

/** The master's HA service (the broker keeps it private; the tests read the connections' figures from it). */
function haOf(b: BrokerController): HaService {
  return (b.replication as unknown as { ha: HaService }).ha;
}

function bodyOf(i: number, size = 10 + ((i * 7919) % 20_000)): Buffer {
  return Buffer.alloc(size, `m${i}-`);
}

async function sendOk(pair: Pair, topic: string, i: number, props: Record<string, string> = {}, size?: number): Promise<void> {
  const res = await sendV2(cluster.client, pair.master.address, topic, bodyOf(i, size), props, i % 4);
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
  const [m, s] = await Promise.all([logBytes(pair.master.store), logBytes(pair.slave.store)]);
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
  it('stalled master→slave link: FLUSH_SLAVE_TIMEOUT, then SLAVE_NOT_AVAILABLE past haSlaveFallbehindMax; after resume the slave catches up', async (ctx) => {
    // Housekeeping well past the stall: this case is about the fall-behind limit alone.
    const pair = await startPair(ctx, 'stall', 10_000);
    const topic = 'T_FAULT_STALL';
    for (let i = 0; i < 5; i++) await sendOk(pair, topic, i);

    pair.proxy.stall('toSlave');
    const before = pair.master.store.getMaxOffsetInQueue(topic, 1);
    const { value: res, ms } = await timed(() => sendV2(cluster.client, pair.master.address, topic, bodyOf(5), {}, 1));
    expect(res.code).toBe(ResponseCode.FLUSH_SLAVE_TIMEOUT);
    expect(ms).toBeGreaterThanOrEqual(SLAVE_TIMEOUT_MS - 50);
    // Stored on the master all the same, as in Apache.
    expect(pair.master.store.getMaxOffsetInQueue(topic, 1)).toBe(before + 1);

    // Fill the gap past haSlaveFallbehindMax without waiting, then a waiting send is refused at once.
    let i = 6;
    while (pair.master.store.getMaxPhyOffset() - haOf(pair.master).push2SlaveMaxOffset < FALL_BEHIND_MAX) await sendOk(pair, topic, i++, NO_WAIT, 64 * 1024);
    const refused = await timed(() => sendV2(cluster.client, pair.master.address, topic, bodyOf(i++), {}, 2));
    expect(refused.value.code).toBe(ResponseCode.SLAVE_NOT_AVAILABLE);
    expect(refused.ms).toBeLessThan(SLAVE_TIMEOUT_MS);
    // The master sends what its writer has handed to the OS, a moment after each put.
    await waitFor('the stalled bytes held in the proxy', () => pair.proxy.held('toSlave') > FALL_BEHIND_MAX, 5000);

    pair.proxy.resume();
    await expectSameAsMaster(pair, topic);
    await sendOk(pair, topic, i++);
    // One connection throughout: a stall shorter than housekeeping drops nothing.
    expect(pair.proxy.accepted).toBe(1);
  });

  it('a slave that stops reading: the master waits for drain instead of buffering 50 MB; frozen altogether, housekeeping drops it; all is well after resume', async (ctx) => {
    // The slave hears nothing while the proxy does not read: its housekeeping must outlast both phases.
    const pair = await startPair(ctx, 'backpressure', 10_000);
    const topic = 'T_FAULT_BACKPRESSURE';
    await sendOk(pair, topic, 0);
    const ha = haOf(pair.master);

    pair.proxy.stopReading('toSlave');
    let maxQueued = 0;
    let bound = Infinity;
    const measure = () => {
      for (const s of ha.slaves()) {
        maxQueued = Math.max(maxQueued, s.queuedBytes);
        bound = Math.min(bound, s.queueBoundBytes);
      }
    };
    const sample = setInterval(measure, 5);
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
    measure();
    const behind = pair.master.store.getMaxPhyOffset() - pair.slave.store.getMaxPhyOffset();
    log.info({ maxQueued, bound, behind, forwarded: pair.proxy.forwarded('toSlave') }, 'backpressure figures');
    // Most of the 50 MB is still only on the master's disk: kernel buffers took a few MB, the connection at most
    // one frame past its high-water mark.
    expect(behind).toBeGreaterThan(total / 2);
    expect(maxQueued).toBeGreaterThan(0);
    expect(maxQueued).toBeLessThanOrEqual(bound);
    // The slave still acks (heartbeats), so the master's housekeeping keeps the connection.
    expect(ha.slaves().length).toBe(1);

    // Now it stops acking too (a frozen process): housekeeping drops it although the sender is waiting for a
    // drain that will not come, and the wait ends with the connection.
    pair.proxy.stopReading('toMaster');
    await waitFor('housekeeping to drop the frozen slave', () => ha.slaves().length === 0, HOUSEKEEPING_MS * 5);
    expect((await sendV2(cluster.client, pair.master.address, topic, bodyOf(0), {}, 0)).code).toBe(ResponseCode.SLAVE_NOT_AVAILABLE);

    // Thawed: the old connection ends (the master's socket is gone: a FIN or, as the slave's acks reach it, an
    // RST), and the slave reconnects from its own end.
    pair.proxy.resume();
    await waitFor('the old connection to end', () => pair.proxy.connections === 0);
    const slaveEnd = pair.slave.store.getMaxPhyOffset();
    await waitFor('the slave to reconnect', () => pair.proxy.accepted === 2 && ha.slaves().some((s) => s.requestOffset >= 0), 15_000);
    expect(ha.slaves()[0].requestOffset).toBe(slaveEnd);
    await expectSameAsMaster(pair, topic);
  });
});

// Each of these waits out a reconnect (5 s, as Apache's slave): run together, the waits overlap.
describe.concurrent('HA network faults that end in a reconnect', () => {
  it('stalled master→slave link past housekeeping: the slave hears nothing, drops the connection, and the master answers SLAVE_NOT_AVAILABLE at once', async (ctx) => {
    const pair = await startPair(ctx, 'stall-long');
    const topic = 'T_FAULT_STALL_LONG';
    for (let i = 0; i < 5; i++) await sendOk(pair, topic, i);

    pair.proxy.stall('toSlave');
    expect((await sendV2(cluster.client, pair.master.address, topic, bodyOf(5), {}, 1)).code).toBe(ResponseCode.FLUSH_SLAVE_TIMEOUT);
    // The slave's acks still reach the master, so only the slave can tell that the link is dead: no frame, not
    // even a heartbeat, for haHousekeepingInterval.
    await waitFor('the stalled connection to be dropped', () => haOf(pair.master).slaves().length === 0, HOUSEKEEPING_MS * 5);
    const refused = await timed(() => sendV2(cluster.client, pair.master.address, topic, bodyOf(6), {}, 2));
    expect(refused.value.code).toBe(ResponseCode.SLAVE_NOT_AVAILABLE);
    expect(refused.ms).toBeLessThan(SLAVE_TIMEOUT_MS);

    pair.proxy.resume();
    await waitFor('the slave to reconnect', () => pair.proxy.accepted >= 2 && haOf(pair.master).slaves().some((s) => s.requestOffset >= 0), 15_000);
    await sendOk(pair, topic, 7);
    await expectSameAsMaster(pair, topic);
  });

  it('frozen slave (its acks stalled while data flows): FLUSH_SLAVE_TIMEOUT, housekeeping drops it, it reconnects and resumes from its own end', async (ctx) => {
    const pair = await startPair(ctx, 'frozen');
    const topic = 'T_FAULT_FROZEN';
    for (let i = 0; i < 5; i++) await sendOk(pair, topic, i);

    pair.proxy.stall('toMaster');
    const res = await sendV2(cluster.client, pair.master.address, topic, bodyOf(5), {}, 1);
    expect(res.code).toBe(ResponseCode.FLUSH_SLAVE_TIMEOUT);
    // The data reached the slave; only its ack did not reach the master.
    await caughtUp(pair.master, pair.slave);

    await waitFor('housekeeping to drop the silent slave', () => haOf(pair.master).slaves().length === 0, HOUSEKEEPING_MS * 5);
    const refused = await sendV2(cluster.client, pair.master.address, topic, bodyOf(6), {}, 2);
    expect(refused.code).toBe(ResponseCode.SLAVE_NOT_AVAILABLE);
    const slaveEnd = pair.slave.store.getMaxPhyOffset();
    expect(slaveEnd).toBeLessThan(pair.master.store.getMaxPhyOffset());

    pair.proxy.resume();
    await waitFor('the slave to reconnect', () => haOf(pair.master).slaves().some((s) => s.requestOffset >= 0), 15_000);
    expect(pair.proxy.accepted).toBe(2);
    // From its own end: nothing sent twice, nothing skipped.
    expect(haOf(pair.master).slaves()[0].requestOffset).toBe(slaveEnd);
    for (let i = 7; i < 12; i++) await sendOk(pair, topic, i);
    await expectSameAsMaster(pair, topic);
  });

  it('a connection cut mid-frame with a FIN, inside a record that spans frames: the half frame is dropped, the half record dispatched nowhere', async (ctx) => {
    const pair = await startPair(ctx, 'cut-fin');
    const topic = 'T_FAULT_CUT_FIN';
    for (let i = 0; i < 5; i++) await sendOk(pair, topic, i);
    await caughtUp(pair.master, pair.slave);
    pair.proxy.stall('toSlave');
    // 80 KiB: the record spans three frames (32 KiB batches), so the cut leaves it half-replicated too.
    await sendOk(pair, topic, 5, NO_WAIT, 80 * 1024);
    await cutMidFrame(pair, 'fin', 80 * 1024, (frames) => frames[1], () => {
      // Cut off, the slave holds a third of the record and has not put it in its queue.
      expect(pair.slave.store.getMaxOffsetInQueue(topic, 1)).toBe(pair.master.store.getMaxOffsetInQueue(topic, 1) - 1);
    });
    for (let i = 6; i < 10; i++) await sendOk(pair, topic, i);
    await expectSameAsMaster(pair, topic);
  });

  it('a connection cut mid-frame with an RST, inside a segment end padding: the slave resumes inside the padding and ends byte-identical', async (ctx) => {
    const pair = await startPair(ctx, 'cut-rst');
    const topic = 'T_FAULT_CUT_RST';
    let i = 0;
    while (pair.master.store.getMaxPhyOffset() < SEGMENT - 100 * 1024) await sendOk(pair, topic, i++, NO_WAIT, 60 * 1024);
    await caughtUp(pair.master, pair.slave);
    pair.proxy.stall('toSlave');
    // 120 KiB does not fit in what is left of the segment: an end marker and padding, then the record in the next.
    await sendOk(pair, topic, i++, NO_WAIT, 120 * 1024);
    await cutMidFrame(pair, 'rst', 120 * 1024, (frames) => frames.find((f) => f.offset + f.size === SEGMENT && f.offset > frames[0].offset));
    for (let k = 0; k < 4; k++) await sendOk(pair, topic, i++);
    await expectSameAsMaster(pair, topic);
  });
});

/**
 * With `toSlave` stalled and at least `dataBytes` of frames held: hands on everything before the frame `pick`
 * chooses and half of that frame, cuts the connection, checks that the slave appended the whole frames only
 * (`whileCut` may check more before it reconnects) and that it reconnected from its end.
 */
async function cutMidFrame(
  pair: Pair,
  how: 'fin' | 'rst',
  dataBytes: number,
  pick: (frames: FrameAt[]) => FrameAt | undefined,
  whileCut: () => void = () => {},
): Promise<void> {
  const start = pair.slave.store.getMaxPhyOffset();
  await waitFor('the frames to reach the proxy', () => pair.proxy.held('toSlave') >= dataBytes + FRAME_HEADER_SIZE);
  const frames = frameStarts(pair.proxy.heldData('toSlave')).filter((f) => f.size > 0);
  expect(frames[0].offset).toBe(start);
  const f = pick(frames);
  expect(f, JSON.stringify(frames)).toBeDefined();
  await pair.proxy.release('toSlave', f!.at + FRAME_HEADER_SIZE + Math.floor(f!.size / 2));
  await waitFor('the whole frames to be appended', () => pair.slave.store.getMaxPhyOffset() === f!.offset);
  // Time for the half frame to arrive too, so that it is the slave that drops it.
  await new Promise((r) => setTimeout(r, 100));
  pair.proxy.cut(how);
  pair.proxy.resume();
  expect(pair.slave.store.getMaxPhyOffset()).toBe(f!.offset);
  whileCut();
  await waitFor('the slave to reconnect', () => pair.proxy.accepted === 2 && haOf(pair.master).slaves().some((s) => s.requestOffset >= 0), 15_000);
  expect(haOf(pair.master).slaves()[0].requestOffset).toBe(f!.offset);
}

interface FrameAt {
  /** Where the header starts in the held bytes. */
  at: number;
  offset: number;
  size: number;
}

/** Frame headers in a master→slave byte run that starts at a frame boundary. */
function frameStarts(buf: Buffer): FrameAt[] {
  const out: FrameAt[] = [];
  for (let at = 0; at + FRAME_HEADER_SIZE <= buf.length; ) {
    const size = buf.readInt32BE(at + 8);
    out.push({ at, offset: Number(buf.readBigInt64BE(at)), size });
    at += FRAME_HEADER_SIZE + size;
  }
  return out;
}
