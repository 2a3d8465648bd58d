import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMessage } from '../common/message/message-decoder';
import type { DefaultMessageStore } from './default-message-store';
import { GetMessageStatus, PutMessageStatus, type PutMessageResult } from './message-store';
import { makeMsg, openStore, tempDir } from './testing/store-test-util';

const dirs: string[] = [];
const stores: DefaultMessageStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.shutdown();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function open(root: string, over: Parameters<typeof openStore>[1] = {}): Promise<DefaultMessageStore> {
  const s = await openStore(root, over);
  stores.push(s);
  return s;
}

async function crash(s: DefaultMessageStore): Promise<void> {
  await s.halt();
  stores.splice(stores.indexOf(s), 1);
}

async function clean(s: DefaultMessageStore): Promise<void> {
  await s.shutdown();
  stores.splice(stores.indexOf(s), 1);
}

const SEG0 = '00000000000000000000';

/** A store with `n` acknowledged messages over two queues; checkpointed after `cpAfter` of them. */
async function filled(n: number, cpAfter = 0): Promise<{ s: DefaultMessageStore; rs: PutMessageResult[]; root: string }> {
  const root = tempDir();
  dirs.push(root);
  const s = await open(root);
  const rs: PutMessageResult[] = [];
  for (let i = 0; i < n; i++) {
    rs.push(await s.putMessage(makeMsg({ queueId: i % 2, body: `body-${i}`, keys: [`key-${i}`], tags: `T${i % 3}` })));
    if (i + 1 === cpAfter) await s.checkpointNow();
  }
  expect(rs.every((r) => r.status === PutMessageStatus.PUT_OK)).toBe(true);
  return { s, rs, root };
}

async function allBodies(s: DefaultMessageStore, queueId: number): Promise<string[]> {
  const out: string[] = [];
  let off = s.getMinOffsetInQueue('TopicTest', queueId);
  for (;;) {
    const g = await s.getMessage('g', 'TopicTest', queueId, off, 32, 1 << 20);
    if (g.status !== GetMessageStatus.FOUND && g.status !== GetMessageStatus.NO_MATCHED_MESSAGE) break;
    out.push(...g.messages.map((m) => decodeMessage(m).body.toString()));
    off = g.nextBeginOffset;
  }
  return out;
}

function expected(n: number, queueId: number): string[] {
  return Array.from({ length: n }, (_, i) => i)
    .filter((i) => i % 2 === queueId)
    .map((i) => `body-${i}`);
}

function patch(root: string, offset: number, bytes: Buffer): void {
  const fd = fs.openSync(path.join(root, 'commitlog', SEG0), 'r+');
  fs.writeSync(fd, bytes, 0, bytes.length, offset);
  fs.closeSync(fd);
}

function readLog(root: string, offset: number, len: number): Buffer {
  const fd = fs.openSync(path.join(root, 'commitlog', SEG0), 'r');
  const b = Buffer.alloc(len);
  fs.readSync(fd, b, 0, len, offset);
  fs.closeSync(fd);
  return b;
}

/** After recovery the store must keep working: a new put lands right at the recovered end. */
async function appendsAfter(s: DefaultMessageStore, end: number): Promise<void> {
  const r = await s.putMessage(makeMsg({ body: 'after' }));
  expect(r.appendResult!.wroteOffset).toBe(end);
  expect(decodeMessage((await s.lookMessageByOffset(end))!).body.toString()).toBe('after');
}

describe('crash recovery', () => {
  it('torn tail: a partial record after the last good one is cut off and zeroed', async () => {
    const { s, rs, root } = await filled(20, 10);
    const end = s.getMaxPhyOffset();
    const last = rs[19].appendResult!;
    const whole = readLog(root, last.wroteOffset, last.wroteBytes);
    await crash(s);
    // The last record's bytes again after the end, but only their first half (a write torn mid-record).
    const torn = Buffer.from(whole.subarray(0, 60));
    torn.writeBigInt64BE(BigInt(end), 28);
    patch(root, end, torn);
    const s2 = await open(root);
    expect(s2.recovery!.crashed).toBe(true);
    expect(s2.recovery!.validEnd).toBe(end);
    expect(s2.recovery!.truncatedReason).toBeDefined();
    expect(s2.getMaxPhyOffset()).toBe(end);
    expect(readLog(root, end, 60).equals(Buffer.alloc(60))).toBe(true);
    expect(await allBodies(s2, 0)).toEqual(expected(20, 0));
    expect(await allBodies(s2, 1)).toEqual(expected(20, 1));
    expect(await s2.lookMessageByOffset(end)).toBeUndefined();
    await appendsAfter(s2, end);
  });

  it('garbage after the last good record is cut off', async () => {
    const { s, root } = await filled(12, 4);
    const end = s.getMaxPhyOffset();
    await crash(s);
    const garbage = Buffer.alloc(3000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    patch(root, end, garbage);
    const s2 = await open(root);
    expect(s2.getMaxPhyOffset()).toBe(end);
    expect(await allBodies(s2, 0)).toEqual(expected(12, 0));
    expect(readLog(root, end, 3000).equals(Buffer.alloc(3000))).toBe(true);
    await appendsAfter(s2, end);
  });

  it('body CRC mismatch: the log ends before the damaged record', async () => {
    const { s, rs, root } = await filled(20, 10);
    await crash(s);
    const bad = rs[15].appendResult!;
    const rec = readLog(root, bad.wroteOffset, bad.wroteBytes);
    const bodyPos = 84 + 4;
    rec[bodyPos] ^= 0xff; // structure intact, body changed
    patch(root, bad.wroteOffset, rec);
    const s2 = await open(root);
    expect(s2.recovery!.truncatedReason).toMatch(/CRC/);
    expect(s2.getMaxPhyOffset()).toBe(bad.wroteOffset);
    expect(await allBodies(s2, 0)).toEqual(expected(15, 0));
    expect(await allBodies(s2, 1)).toEqual(expected(15, 1));
    // Index entries for cut records must not answer.
    expect((await s2.queryMessage('TopicTest', 'key-17', 5, 0, Date.now() + 1000)).messages).toHaveLength(0);
    expect((await s2.queryMessage('TopicTest', 'key-14', 5, 0, Date.now() + 1000)).messages).toHaveLength(1);
    await appendsAfter(s2, bad.wroteOffset);
  });

  it('a record whose totalSize disagrees with its fields ends the log', async () => {
    const { s, rs, root } = await filled(20, 10);
    await crash(s);
    const bad = rs[12].appendResult!;
    const size = Buffer.alloc(4);
    size.writeInt32BE(bad.wroteBytes + 16);
    patch(root, bad.wroteOffset, size);
    const s2 = await open(root);
    expect(s2.recovery!.truncatedReason).toBeDefined();
    expect(s2.getMaxPhyOffset()).toBe(bad.wroteOffset);
    expect(await allBodies(s2, 0)).toEqual(expected(12, 0));
    expect(s2.getMaxOffsetInQueue('TopicTest', 0) + s2.getMaxOffsetInQueue('TopicTest', 1)).toBe(12);
  });

  it('consume-queue units ahead of the log are truncated', async () => {
    const { s, rs, root } = await filled(20, 20);
    // Units written after the checkpoint for records the log then loses.
    for (let i = 20; i < 26; i++) rs.push(await s.putMessage(makeMsg({ queueId: i % 2, body: `body-${i}` })));
    for (const cq of s.cqs.all()) await cq.flush();
    const end20 = rs[19].appendResult!.wroteOffset + rs[19].appendResult!.wroteBytes;
    await crash(s);
    patch(root, end20, Buffer.alloc(rs[25].appendResult!.wroteOffset + 400 - end20));
    const cqFile = path.join(root, 'consumequeue', 'TopicTest', '0', SEG0);
    expect(fs.statSync(cqFile).size).toBe(13 * 20);
    const s2 = await open(root);
    expect(s2.getMaxPhyOffset()).toBe(end20);
    expect(s2.getMaxOffsetInQueue('TopicTest', 0)).toBe(10);
    expect(await allBodies(s2, 0)).toEqual(expected(20, 0));
    await crash(s2);
    // Without a checkpoint to vouch for them, the queues are rebuilt from what the log really holds.
    const cut = rs[16].appendResult!.wroteOffset;
    patch(root, cut, Buffer.alloc(end20 - cut));
    fs.rmSync(path.join(root, 'checkpoint'));
    const s3 = await open(root);
    expect(s3.getMaxPhyOffset()).toBe(cut);
    expect(s3.getMaxOffsetInQueue('TopicTest', 0)).toBe(8);
    expect(await allBodies(s3, 0)).toEqual(expected(16, 0));
    expect(s3.getCommitLogOffsetInQueue('TopicTest', 0, 8)).toBe(-1);
  });

  it('a missing consume queue is rebuilt from the log, byte for byte', async () => {
    const { s, root } = await filled(30, 30);
    await clean(s);
    const q1 = path.join(root, 'consumequeue', 'TopicTest', '1', SEG0);
    const before = fs.readFileSync(q1);
    fs.rmSync(path.join(root, 'consumequeue', 'TopicTest', '1'), { recursive: true });
    const s2 = await open(root);
    expect(s2.recovery!.rebuiltQueues).toBe(1);
    expect(await allBodies(s2, 1)).toEqual(expected(30, 1));
    await clean(s2);
    expect(fs.readFileSync(q1).equals(before)).toBe(true);
    // The whole consumequeue directory and the checkpoint gone: everything is rebuilt.
    fs.rmSync(path.join(root, 'consumequeue'), { recursive: true });
    fs.rmSync(path.join(root, 'checkpoint'));
    const s3 = await open(root);
    expect(await allBodies(s3, 0)).toEqual(expected(30, 0));
    expect(await allBodies(s3, 1)).toEqual(expected(30, 1));
  });

  it('a rebuilt queue whose head was removed by retention starts at the right offset', async () => {
    const root = tempDir();
    dirs.push(root);
    const s = await open(root, { fileReservedTime: 0 });
    for (let i = 0; i < 60; i++) await s.putMessage(makeMsg({ body: Buffer.alloc(3000, i) }));
    while (s.runRetention(true) > 0);
    const min = s.getMinOffsetInQueue('TopicTest', 0);
    expect(min).toBeGreaterThan(0);
    await clean(s);
    fs.rmSync(path.join(root, 'consumequeue'), { recursive: true });
    const s2 = await open(root);
    expect(s2.getMinOffsetInQueue('TopicTest', 0)).toBe(min);
    expect(s2.getMaxOffsetInQueue('TopicTest', 0)).toBe(60);
    const g = await s2.getMessage('g', 'TopicTest', 0, min, 1, 1 << 20);
    expect(decodeMessage(g.messages[0]).queueOffset).toBe(min);
  });

  it('the index is rebuilt when its files are lost', async () => {
    const { s, root } = await filled(20, 20);
    await clean(s);
    fs.rmSync(path.join(root, 'index'), { recursive: true });
    const s2 = await open(root);
    expect(s2.recovery!.indexRebuilt).toBe(true);
    for (const i of [0, 11, 19]) {
      const q = await s2.queryMessage('TopicTest', `key-${i}`, 5, 0, Date.now() + 1000);
      expect(q.messages.map((m) => decodeMessage(m).body.toString())).toEqual([`body-${i}`]);
    }
    // Index entries added after the checkpoint are re-added from the log after a crash, without duplicates.
    await s2.putMessage(makeMsg({ keys: ['late'], body: 'late' }));
    await crash(s2);
    const s3 = await open(root);
    expect((await s3.queryMessage('TopicTest', 'late', 5, 0, Date.now() + 1000)).messages).toHaveLength(1);
    expect((await s3.queryMessage('TopicTest', 'key-3', 5, 0, Date.now() + 1000)).messages).toHaveLength(1);
  });

  it('a clean shutdown reopens without rescanning the log; a crash rescans only past the checkpoint', async () => {
    const { s, root } = await filled(40, 40);
    const end = s.getMaxPhyOffset();
    await clean(s);
    expect(fs.existsSync(path.join(root, 'abort'))).toBe(false);
    const s2 = await open(root);
    expect(s2.recovery!.crashed).toBe(false);
    expect(s2.recovery!.scannedBytes).toBe(0);
    expect(s2.recovery!.fromOffset).toBe(end);
    expect(await allBodies(s2, 1)).toEqual(expected(40, 1));
    const r = await s2.putMessage(makeMsg({ body: 'tail' }));
    await crash(s2);
    const s3 = await open(root);
    expect(s3.recovery!.crashed).toBe(true);
    expect(s3.recovery!.fromOffset).toBe(end);
    expect(s3.recovery!.scannedBytes).toBe(r.appendResult!.wroteBytes);
    expect(s3.getMaxOffsetInQueue('TopicTest', 0)).toBe(21);
  });

  it('recovers across segments, keeping the blank marker and cutting a torn record in a later segment', async () => {
    const root = tempDir();
    dirs.push(root);
    const s = await open(root);
    const rs = [];
    for (let i = 0; i < 30; i++) rs.push(await s.putMessage(makeMsg({ body: Buffer.alloc(5000, i) })));
    await s.checkpointNow();
    const lastSeg = s.commitLog.queue.last!;
    const end = s.getMaxPhyOffset();
    await crash(s);
    const fd = fs.openSync(lastSeg.path, 'r+');
    fs.writeSync(fd, Buffer.from([0, 0, 0x13, 0x88, 0xda, 0xa3, 0x20, 0xa7, 1, 2, 3]), 0, 11, end - lastSeg.fileFromOffset);
    fs.closeSync(fd);
    const s2 = await open(root);
    expect(s2.getMaxPhyOffset()).toBe(end);
    expect(s2.getMaxOffsetInQueue('TopicTest', 0)).toBe(30);
    const g = await s2.getMessage('g', 'TopicTest', 0, 0, 32, 1 << 20);
    expect(g.messages.map((m) => decodeMessage(m).body[0])).toEqual(rs.map((_, i) => i));
  });
});
