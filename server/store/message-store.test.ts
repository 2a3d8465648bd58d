import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BLANK_MAGIC_CODE, MessageSysFlag } from '../common/message/message-const';
import { decodeMessage } from '../common/message/message-decoder';
import { tagsCode } from '../common/message/tag-hash';
import type { DefaultMessageStore } from './default-message-store';
import { GetMessageStatus, PutMessageStatus } from './message-store';
import { propertyOf } from './record-codec';
import { makeMsg, openStore, tempDir } from './testing/store-test-util';

const dirs: string[] = [];
const stores: DefaultMessageStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.shutdown();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}
async function open(root: string, over: Parameters<typeof openStore>[1] = {}): Promise<DefaultMessageStore> {
  const s = await openStore(root, over);
  stores.push(s);
  return s;
}
async function reopen(s: DefaultMessageStore, over: Parameters<typeof openStore>[1] = {}): Promise<DefaultMessageStore> {
  await s.shutdown();
  stores.splice(stores.indexOf(s), 1);
  return open(s.root, over);
}

describe('put and get', () => {
  it('assigns consecutive offsets to concurrent puts and reads them back byte-exact', async () => {
    const s = await open(dir());
    const rs = await Promise.all(Array.from({ length: 50 }, (_, i) => s.putMessage(makeMsg({ body: `m${i}` }))));
    expect(rs.every((r) => r.status === PutMessageStatus.PUT_OK)).toBe(true);
    expect(rs.map((r) => r.appendResult!.logicsOffset)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const g = await s.getMessage('g', 'TopicTest', 0, 0, 100, 1 << 20);
    expect(g.status).toBe(GetMessageStatus.FOUND);
    expect(g.messages.map((b) => decodeMessage(b).body.toString())).toEqual(rs.map((_, i) => `m${i}`));
    expect(g.nextBeginOffset).toBe(50);
    expect(rs[1].appendResult!.msgId).toBe(decodeMessage(g.messages[1]).offsetMsgId);
    const look = await s.lookMessageByOffset(rs[3].appendResult!.wroteOffset);
    expect(decodeMessage(look!).body.toString()).toBe('m3');
    expect(s.getMaxPhyOffset()).toBe(rs.reduce((n, r) => n + r.appendResult!.wroteBytes, 0));
  });

  it('ends a segment with a blank marker and continues at the next segment start', async () => {
    const s = await open(dir());
    const body = Buffer.alloc(10_000, 1);
    const rs = [];
    for (let i = 0; i < 8; i++) rs.push(await s.putMessage(makeMsg({ body })));
    const offs = rs.map((r) => r.appendResult!.wroteOffset);
    const rolled = offs.findIndex((o) => o >= 65536);
    expect(rolled).toBeGreaterThan(0);
    expect(offs[rolled]).toBe(65536);
    const endOfFirst = offs[rolled - 1] + rs[rolled - 1].appendResult!.wroteBytes;
    const seg0 = fs.readFileSync(path.join(s.root, 'commitlog', '00000000000000000000'));
    expect(seg0.length).toBe(65536);
    expect(seg0.readInt32BE(endOfFirst)).toBe(65536 - endOfFirst);
    expect(seg0.readInt32BE(endOfFirst + 4)).toBe(BLANK_MAGIC_CODE);
    expect(fs.existsSync(path.join(s.root, 'commitlog', '00000000000000065536'))).toBe(true);
    const g = await s.getMessage('g', 'TopicTest', 0, 0, 32, 1 << 20);
    expect(g.messages.length).toBe(8);
    for (const [i, m] of g.messages.entries()) expect(decodeMessage(m).commitLogOffset).toBe(offs[i]);
    const s2 = await reopen(s);
    const g2 = await s2.getMessage('g', 'TopicTest', 0, 0, 32, 1 << 20);
    expect(g2.messages.map((m) => decodeMessage(m).commitLogOffset)).toEqual(offs);
  });

  it('refuses records too big for the limits', async () => {
    const s = await open(dir());
    expect((await s.putMessage(makeMsg({ body: Buffer.alloc(40_000) }))).status).toBe(PutMessageStatus.MESSAGE_ILLEGAL);
    expect((await s.putMessage(makeMsg({ topic: 'x'.repeat(128) }))).status).toBe(PutMessageStatus.MESSAGE_ILLEGAL);
    expect((await s.putMessage(makeMsg({ extraProps: { P: 'v'.repeat(33_000) } }))).status).toBe(PutMessageStatus.PROPERTIES_SIZE_EXCEEDED);
    expect(s.getMaxPhyOffset()).toBe(0);
  });

  it('works with ASYNC_FLUSH: acknowledged at once, readable at once, durable after the interval', async () => {
    const s = await open(dir(), { flushDiskType: 'ASYNC_FLUSH', flushIntervalCommitLog: 20 });
    const r = await Promise.all(Array.from({ length: 100 }, (_, i) => s.putMessage(makeMsg({ body: `a${i}` }))));
    expect(r[99].appendResult!.logicsOffset).toBe(99);
    const g = await s.getMessage('g', 'TopicTest', 0, 95, 10, 1 << 20);
    expect(g.messages.map((m) => decodeMessage(m).body.toString())).toEqual(['a95', 'a96', 'a97', 'a98', 'a99']);
    await new Promise((res) => setTimeout(res, 100));
    expect(s.commitLog.flushedOffset).toBe(s.getMaxPhyOffset());
    const s2 = await reopen(s, { flushDiskType: 'ASYNC_FLUSH' });
    expect(s2.getMaxOffsetInQueue('TopicTest', 0)).toBe(100);
  });

  it('calls arriving listeners after dispatch with the logic offset', async () => {
    const s = await open(dir());
    const seen: unknown[] = [];
    s.onMessageArrived((t, q, off, tag) => seen.push([t, q, off, tag, s.getMaxOffsetInQueue(t, q)]));
    await s.putMessage(makeMsg({ queueId: 2, tags: 'TagA' }));
    expect(seen).toEqual([['TopicTest', 2, 0, tagsCode('TagA'), 1]]);
    expect(s.topicQueues()).toEqual(new Map([['TopicTest', [2]]]));
  });
});

describe('getMessage status table', () => {
  it('answers each case as RocketMQ does', async () => {
    const s = await open(dir());
    let g = await s.getMessage('g', 'Nope', 0, 0, 32, 1 << 20);
    expect([g.status, g.nextBeginOffset]).toEqual([GetMessageStatus.NO_MATCHED_LOGIC_QUEUE, 0]);
    for (let i = 0; i < 5; i++) await s.putMessage(makeMsg({ body: `b${i}` }));
    g = await s.getMessage('g', 'TopicTest', 0, 5, 32, 1 << 20);
    expect([g.status, g.nextBeginOffset, g.minOffset, g.maxOffset]).toEqual([GetMessageStatus.OFFSET_OVERFLOW_ONE, 5, 0, 5]);
    g = await s.getMessage('g', 'TopicTest', 0, 9, 32, 1 << 20);
    // Apache 4.9.7 points a consumer that ran past the end back to the max offset.
    expect([g.status, g.nextBeginOffset]).toEqual([GetMessageStatus.OFFSET_OVERFLOW_BADLY, 5]);
    g = await s.getMessage('g', 'TopicTest', 0, 1, 2, 1 << 20);
    expect([g.status, g.nextBeginOffset, g.messages.length]).toEqual([GetMessageStatus.FOUND, 3, 2]);
    // The byte limit stops the batch, but never before the first message.
    g = await s.getMessage('g', 'TopicTest', 0, 0, 32, 1);
    expect([g.status, g.nextBeginOffset, g.messages.length]).toEqual([GetMessageStatus.FOUND, 1, 1]);
    expect(g.bufferTotalSize).toBe(g.messages[0].length);
    // A queue created with no dispatched unit (a prepared record) reports NO_MESSAGE_IN_QUEUE.
    s.cqs.getOrCreate('Empty', 0);
    g = await s.getMessage('g', 'Empty', 0, 0, 32, 1 << 20);
    expect(g.status).toBe(GetMessageStatus.NO_MESSAGE_IN_QUEUE);
  });

  it('reports OFFSET_TOO_SMALL with nextBeginOffset = min after retention', async () => {
    const s = await open(dir(), { fileReservedTime: 0 });
    const body = Buffer.alloc(6000, 2);
    for (let i = 0; i < 40; i++) await s.putMessage(makeMsg({ body }));
    expect(s.commitLog.queue.files.length).toBeGreaterThan(3);
    expect(s.runRetention(true)).toBeGreaterThan(0);
    const min = s.getMinOffsetInQueue('TopicTest', 0);
    expect(min).toBeGreaterThan(0);
    const g = await s.getMessage('g', 'TopicTest', 0, 0, 32, 1 << 20);
    expect([g.status, g.nextBeginOffset]).toEqual([GetMessageStatus.OFFSET_TOO_SMALL, min]);
  });

  it('reports MESSAGE_WAS_REMOVING when the log under a unit is gone, and OFFSET_FOUND_NULL when its CQ file is', async () => {
    const s = await open(dir());
    for (let i = 0; i < 30; i++) await s.putMessage(makeMsg({ body: Buffer.alloc(6000, i) }));
    // The segment goes but the queue has not been cleaned yet (retention's window between the two steps).
    s.commitLog.deleteFirst();
    let g = await s.getMessage('g', 'TopicTest', 0, 0, 4, 1 << 20);
    expect([g.status, g.messages.length]).toEqual([GetMessageStatus.MESSAGE_WAS_REMOVING, 0]);
    expect(g.nextBeginOffset).toBeGreaterThan(0);
    await s.checkpointNow();
    s.retention.cleanDerived();
    const min = s.getMinOffsetInQueue('TopicTest', 0);
    g = await s.getMessage('g', 'TopicTest', 0, min, 4, 1 << 20);
    expect(g.status).toBe(GetMessageStatus.FOUND);
  });

  it('filters by tag code, counting skipped units in nextBeginOffset', async () => {
    const s = await open(dir());
    const tags = ['A', 'B', 'A', 'C', 'B', 'A'];
    for (const t of tags) await s.putMessage(makeMsg({ tags: t, body: t }));
    const onlyA = { byTagsCode: (c: number) => c === tagsCode('A') };
    let g = await s.getMessage('g', 'TopicTest', 0, 0, 32, 1 << 20, onlyA);
    expect(g.messages.map((m) => decodeMessage(m).body.toString())).toEqual(['A', 'A', 'A']);
    expect(g.nextBeginOffset).toBe(6);
    g = await s.getMessage('g', 'TopicTest', 0, 3, 32, 1 << 20, { byTagsCode: (c) => c === tagsCode('Z') });
    expect([g.status, g.nextBeginOffset]).toEqual([GetMessageStatus.NO_MATCHED_MESSAGE, 6]);
    g = await s.getMessage('g', 'TopicTest', 0, 0, 2, 1 << 20, onlyA);
    expect(g.nextBeginOffset).toBe(3);
  });
});

describe('batches and transactions', () => {
  it('stores a batch contiguously with consecutive queue offsets and comma-joined ids', async () => {
    const s = await open(dir());
    await s.putMessage(makeMsg({ queueId: 1 }));
    const r = await s.putMessages([0, 1, 2].map((i) => makeMsg({ queueId: 1, body: `b${i}` })));
    expect(r.status).toBe(PutMessageStatus.PUT_OK);
    expect(r.appendResult!.logicsOffset).toBe(1);
    expect(r.appendResult!.msgNum).toBe(3);
    expect(r.appendResult!.msgId.split(',')).toHaveLength(3);
    const g = await s.getMessage('g', 'TopicTest', 1, 1, 32, 1 << 20);
    expect(g.messages.map((m) => decodeMessage(m).queueOffset)).toEqual([1, 2, 3]);
    expect(g.messages.map((m) => decodeMessage(m).offsetMsgId).join(',')).toBe(r.appendResult!.msgId);
  });

  it('stores nothing of a batch with one bad message, or one for several queues', async () => {
    const s = await open(dir());
    const bad = await s.putMessages([makeMsg(), makeMsg({ body: Buffer.alloc(40_000) }), makeMsg()]);
    expect(bad.status).toBe(PutMessageStatus.MESSAGE_ILLEGAL);
    const mixed = await s.putMessages([makeMsg(), makeMsg({ queueId: 3 })]);
    expect(mixed.status).toBe(PutMessageStatus.MESSAGE_ILLEGAL);
    const huge = await s.putMessages(Array.from({ length: 10 }, () => makeMsg({ body: Buffer.alloc(8000) })));
    expect(huge.status).toBe(PutMessageStatus.MESSAGE_ILLEGAL);
    expect(s.getMaxPhyOffset()).toBe(0);
    expect(s.getMaxOffsetInQueue('TopicTest', 0)).toBe(0);
  });

  it('gives prepared and rollback records no consume-queue entry and queue offset 0', async () => {
    const s = await open(dir());
    await s.putMessage(makeMsg());
    const prep = await s.putMessage(makeMsg({ sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE, keys: ['half'] }));
    const rb = await s.putMessage(makeMsg({ sysFlag: MessageSysFlag.TRANSACTION_ROLLBACK_TYPE, keys: ['rb'] }));
    const commit = await s.putMessage(makeMsg({ sysFlag: MessageSysFlag.TRANSACTION_COMMIT_TYPE }));
    expect(prep.appendResult!.logicsOffset).toBe(0);
    expect(rb.appendResult!.logicsOffset).toBe(0);
    expect(commit.appendResult!.logicsOffset).toBe(1);
    expect(s.getMaxOffsetInQueue('TopicTest', 0)).toBe(2);
    const rec = await s.lookMessageByOffset(prep.appendResult!.wroteOffset);
    expect(decodeMessage(rec!).queueOffset).toBe(0);
    // Prepared records are indexed (the transaction check finds them), rollback records are not.
    expect((await s.queryMessage('TopicTest', 'half', 10, 0, Date.now() + 1000)).messages).toHaveLength(1);
    expect((await s.queryMessage('TopicTest', 'rb', 10, 0, Date.now() + 1000)).messages).toHaveLength(0);
    const s2 = await reopen(s);
    expect(s2.getMaxOffsetInQueue('TopicTest', 0)).toBe(2);
  });
});

describe('time lookups', () => {
  it('finds offsets by store time and reports store times', async () => {
    const s = await open(dir());
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      times.push((await s.putMessage(makeMsg())).appendResult!.storeTimestamp);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await s.getOffsetInQueueByTime('TopicTest', 0, times[3])).toBe(3);
    expect(await s.getOffsetInQueueByTime('TopicTest', 0, 0)).toBe(0);
    // Nearest in time, as Apache's search: past the end is the last message, between two the closer one.
    expect(await s.getOffsetInQueueByTime('TopicTest', 0, times[5] + 1000)).toBe(5);
    expect(await s.getOffsetInQueueByTime('TopicTest', 0, times[2] + 1)).toBe(2);
    expect(await s.getOffsetInQueueByTime('TopicTest', 0, times[3] - 1)).toBe(3);
    expect(await s.getMessageStoreTimeStamp('TopicTest', 0, 2)).toBe(times[2]);
    expect(await s.getMessageStoreTimeStamp('TopicTest', 0, 20)).toBe(-1);
    expect(await s.getEarliestMessageTime('TopicTest', 0)).toBe(times[0]);
    expect(s.getCommitLogOffsetInQueue('TopicTest', 0, 1)).toBeGreaterThan(0);
    expect(s.getCommitLogOffsetInQueue('TopicTest', 0, 99)).toBe(-1);
    const units = s.readConsumeQueueUnits('TopicTest', 0, 1, 2);
    expect(units?.minOffset).toBe(0);
    expect(units?.maxOffset).toBe(s.getMaxOffsetInQueue('TopicTest', 0));
    expect(units?.units).toHaveLength(2);
    expect(units?.units[0].physicOffset).toBe(s.getCommitLogOffsetInQueue('TopicTest', 0, 1));
    expect(units?.units[0].physicSize).toBeGreaterThan(0);
    expect(s.readConsumeQueueUnits('TopicTest', 0, 99, 5)?.units).toEqual([]);
    expect(s.readConsumeQueueUnits('NoSuchTopic', 0, 0, 5)).toBeUndefined();
    const info = s.getRuntimeInfo();
    expect(info.commitLogMaxOffset).toBe(String(s.getMaxPhyOffset()));
    expect(info.putMessageTimesTotal).toBe('6');
  });
});

describe('consume queue', () => {
  it('writes 20-byte big-endian units across files and serves pulls across the boundary', async () => {
    const s = await open(dir());
    const rs = [];
    for (let i = 0; i < 250; i++) rs.push(await s.putMessage(makeMsg({ queueId: 1, tags: `T${i % 3}`, body: `c${i}` })));
    let off = 0;
    const bodies: string[] = [];
    while (off < 250) {
      const g = await s.getMessage('g', 'TopicTest', 1, off, 64, 1 << 20);
      bodies.push(...g.messages.map((m) => decodeMessage(m).body.toString()));
      off = g.nextBeginOffset;
    }
    expect(bodies).toEqual(rs.map((_, i) => `c${i}`));
    await s.checkpointNow();
    const qdir = path.join(s.root, 'consumequeue', 'TopicTest', '1');
    expect(fs.readdirSync(qdir).sort()).toEqual(['00000000000000000000', '00000000000000002000', '00000000000000004000']);
    const f1 = fs.readFileSync(path.join(qdir, '00000000000000002000'));
    expect(f1.length).toBe(2000);
    // Unit 100 (first of the second file) → record 100.
    expect(Number(f1.readBigInt64BE(0))).toBe(rs[100].appendResult!.wroteOffset);
    expect(f1.readInt32BE(8)).toBe(rs[100].appendResult!.wroteBytes);
    expect(Number(f1.readBigInt64BE(12))).toBe(tagsCode('T1'));
  });

  it('drops the consume queues of deleted topics but keeps the log', async () => {
    const s = await open(dir());
    await s.putMessage(makeMsg({ topic: 'Gone' }));
    await s.putMessage(makeMsg({ topic: 'Kept' }));
    await s.checkpointNow();
    await s.deleteTopics(['Gone']);
    expect(s.topicQueues().has('Gone')).toBe(false);
    expect(fs.existsSync(path.join(s.root, 'consumequeue', 'Gone'))).toBe(false);
    expect((await s.getMessage('g', 'Gone', 0, 0, 1, 1 << 20)).status).toBe(GetMessageStatus.NO_MATCHED_LOGIC_QUEUE);
    const s2 = await reopen(s);
    expect(s2.topicQueues().has('Gone')).toBe(false);
    expect(s2.getMaxOffsetInQueue('Kept', 0)).toBe(1);
  });
});

describe('index', () => {
  it('finds messages by key and by unique key within a time range, also after restart', async () => {
    const s = await open(dir());
    const a = await s.putMessage(makeMsg({ keys: ['order-1', 'user-7'], uniqKey: 'UNIQ-A', body: 'a' }));
    await s.putMessage(makeMsg({ keys: ['order-2'], uniqKey: 'UNIQ-B', body: 'b' }));
    await s.putMessage(makeMsg({ topic: 'Other', keys: ['order-1'], body: 'other' }));
    const t = a.appendResult!.storeTimestamp;
    const bodies = async (st: DefaultMessageStore, key: string, begin = 0, end = Date.now() + 1000) =>
      (await st.queryMessage('TopicTest', key, 10, begin, end)).messages.map((m) => decodeMessage(m).body.toString());
    expect(await bodies(s, 'order-1')).toEqual(['a']);
    expect(await bodies(s, 'user-7')).toEqual(['a']);
    expect(await bodies(s, 'UNIQ-B')).toEqual(['b']);
    expect(await bodies(s, 'nope')).toEqual([]);
    expect(await bodies(s, 'order-1', t + 60_000)).toEqual([]);
    expect(await bodies(s, 'order-1', 0, t - 1)).toEqual([]);
    const s2 = await reopen(s);
    expect(await bodies(s2, 'order-1')).toEqual(['a']);
    expect(await bodies(s2, 'UNIQ-A')).toEqual(['a']);
    const q = await s2.queryMessage('TopicTest', 'order-1', 10, 0, Date.now());
    expect(q.indexLastUpdatePhyoffset).toBeGreaterThan(0);
  });

  it('rolls to a new index file when one is full and still finds old entries', async () => {
    const s = await open(dir(), { maxIndexNum: 8 });
    for (let i = 0; i < 20; i++) await s.putMessage(makeMsg({ keys: [`k${i}`], body: `v${i}` }));
    expect(s.index!.files.length).toBeGreaterThan(2);
    await s.checkpointNow();
    const s2 = await reopen(s, { maxIndexNum: 8 });
    for (const i of [0, 7, 19]) {
      const q = await s2.queryMessage('TopicTest', `k${i}`, 5, 0, Date.now() + 1000);
      expect(q.messages.map((m) => decodeMessage(m).body.toString())).toEqual([`v${i}`]);
    }
  });
});

describe('retention', () => {
  it('deletes expired segments (never the current one), then consume-queue files, and the min offset moves', async () => {
    let now = Date.now();
    const s = await open(dir(), { fileReservedTime: 1, deleteWhen: '04', now: () => now });
    const body = Buffer.alloc(3000, 3);
    for (let i = 0; i < 200; i++) await s.putMessage(makeMsg({ body }));
    await s.checkpointNow();
    const segs = s.commitLog.queue.files.length;
    expect(segs).toBeGreaterThan(5);
    // Not expired yet: nothing goes even when the hour check is skipped.
    expect(s.runRetention(true)).toBe(0);
    now += 2 * 3600 * 1000;
    // Expired but not the delete hour (unless it happens to be 04:00 where the test runs).
    if (new Date(now).getHours() !== 4) expect(s.runRetention(false)).toBe(0);
    expect(s.runRetention(true)).toBe(Math.min(10, segs - 1));
    while (s.runRetention(true) > 0);
    expect(s.commitLog.queue.files.length).toBe(1);
    const minPhy = s.getMinPhyOffset();
    expect(minPhy).toBe(s.commitLog.queue.files[0].fileFromOffset);
    const min = s.getMinOffsetInQueue('TopicTest', 0);
    expect(min).toBeGreaterThan(0);
    expect(s.getCommitLogOffsetInQueue('TopicTest', 0, min)).toBeGreaterThanOrEqual(minPhy);
    expect(s.getCommitLogOffsetInQueue('TopicTest', 0, min - 1)).toBeLessThan(minPhy);
    const cqFiles = fs.readdirSync(path.join(s.root, 'consumequeue', 'TopicTest', '0'));
    expect(cqFiles).not.toContain('00000000000000000000');
    const g = await s.getMessage('g', 'TopicTest', 0, min, 32, 1 << 20);
    expect(g.status).toBe(GetMessageStatus.FOUND);
    expect(decodeMessage(g.messages[0]).queueOffset).toBe(min);
    const s2 = await reopen(s);
    expect(s2.getMinOffsetInQueue('TopicTest', 0)).toBe(min);
    expect(s2.getMaxOffsetInQueue('TopicTest', 0)).toBe(200);
  });

  it('forces deletion of old segments when the disk is over the limit', async () => {
    let ratio = 10;
    const s = await open(dir(), { fileReservedTime: 72, diskUsageRatio: () => ratio, diskMaxUsedSpaceRatio: 75 });
    for (let i = 0; i < 60; i++) await s.putMessage(makeMsg({ body: Buffer.alloc(3000) }));
    const before = s.commitLog.queue.files.length;
    expect(s.runRetention(false)).toBe(0);
    ratio = 90;
    await s.diskGuard.check();
    expect(s.runRetention(false)).toBe(before - 1);
  });
});

describe('disk guard', () => {
  it('refuses writes above the ratio and keeps stored data readable', async () => {
    let ratio = 50;
    const s = await open(dir(), { diskUsageRatio: () => ratio, diskMaxUsedSpaceRatio: 75 });
    for (let i = 0; i < 3; i++) await s.putMessage(makeMsg({ body: `d${i}` }));
    ratio = 80;
    await s.diskGuard.check();
    expect(s.isWritable()).toBe(false);
    const r = await s.putMessage(makeMsg());
    expect(r.status).toBe(PutMessageStatus.SERVICE_NOT_AVAILABLE);
    expect(r.remark).toMatch(/disk full/);
    expect((await s.putMessages([makeMsg()])).status).toBe(PutMessageStatus.SERVICE_NOT_AVAILABLE);
    const g = await s.getMessage('g', 'TopicTest', 0, 0, 32, 1 << 20);
    expect(g.messages.map((m) => decodeMessage(m).body.toString())).toEqual(['d0', 'd1', 'd2']);
    ratio = 60;
    await s.diskGuard.check();
    expect(s.isWritable()).toBe(true);
    expect((await s.putMessage(makeMsg())).status).toBe(PutMessageStatus.PUT_OK);
    expect(s.getMaxOffsetInQueue('TopicTest', 0)).toBe(4);
  });

  it('answers an ENOSPC write error with a clear status, refuses further puts, and recovers when writes work', async () => {
    let fail = false;
    const s = await open(dir(), {
      writeFault: () => (fail ? Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }) : undefined),
    });
    await s.putMessage(makeMsg({ body: 'before' }));
    fail = true;
    const r = await s.putMessage(makeMsg({ body: 'during' }));
    expect(r.status).toBe(PutMessageStatus.FLUSH_DISK_TIMEOUT);
    expect(r.remark).toMatch(/ENOSPC/);
    const r2 = await s.putMessage(makeMsg());
    expect(r2.status).toBe(PutMessageStatus.SERVICE_NOT_AVAILABLE);
    expect(r2.remark).toBe('disk full (ENOSPC)');
    expect(s.isWritable()).toBe(false);
    expect(s.getMaxOffsetInQueue('TopicTest', 0)).toBe(1);
    fail = false;
    await new Promise((res) => setTimeout(res, 1300));
    expect(s.isWritable()).toBe(true);
    // The record that met ENOSPC is written on retry (its producer was told it may or may not be stored).
    const g = await s.getMessage('g', 'TopicTest', 0, 0, 32, 1 << 20);
    expect(g.messages.map((m) => decodeMessage(m).body.toString())).toEqual(['before', 'during']);
    const s2 = await reopen(s);
    expect(s2.getMaxOffsetInQueue('TopicTest', 0)).toBe(2);
  });

  it('filters by record properties: only matches count toward the limits, nextBeginOffset passes what was read', async () => {
    const s = await open(dir());
    for (let i = 0; i < 40; i++) await s.putMessage(makeMsg({ tags: i % 2 ? 'odd' : 'even', body: `m${i}`, extraProps: { n: String(i) } }));
    const multipleOf5 = { byProperties: (p: string) => Number(propertyOf(p, 'n')) % 5 === 0 };
    let g = await s.getMessage('g', 'TopicTest', 0, 0, 3, 1 << 20, multipleOf5);
    expect(g.status).toBe(GetMessageStatus.FOUND);
    expect(g.messages.map((m) => decodeMessage(m).body.toString())).toEqual(['m0', 'm5', 'm10']);
    expect(g.nextBeginOffset).toBe(11);
    expect(g.bufferTotalSize).toBe(g.messages.reduce((a, m) => a + m.length, 0));
    const firstTwo = g.messages[0].length + g.messages[1].length;
    // Tag code and properties together: odd tags that are multiples of 5.
    g = await s.getMessage('g', 'TopicTest', 0, 0, 32, 1 << 20, { ...multipleOf5, byTagsCode: (c) => c === tagsCode('odd') });
    expect(g.messages.map((m) => decodeMessage(m).body.toString())).toEqual(['m5', 'm15', 'm25', 'm35']);
    expect(g.nextBeginOffset).toBe(40);
    // The byte limit counts matched records only (a unit that would pass it ends the pull whether or not it would
    // match, as in Apache), and the first match is always returned.
    g = await s.getMessage('g', 'TopicTest', 0, 0, 32, firstTwo + 1, multipleOf5);
    expect(g.messages.length).toBe(2);
    expect(g.nextBeginOffset).toBe(6);
    g = await s.getMessage('g', 'TopicTest', 0, 0, 32, 1, multipleOf5);
    expect(g.messages.length).toBe(1);
    // Nothing matching: NO_MATCHED_MESSAGE, and the scan moves past what it read.
    g = await s.getMessage('g', 'TopicTest', 0, 1, 32, 1 << 20, { byProperties: () => false });
    expect([g.status, g.nextBeginOffset, g.messages.length]).toEqual([GetMessageStatus.NO_MATCHED_MESSAGE, 40, 0]);
  });

  it('a pull gets every unit that exists, flushed or still in memory', async () => {
    const s = await open(dir());
    for (let i = 0; i < 6; i++) await s.putMessage(makeMsg({ body: `f${i}` }));
    await s.checkpointNow();
    for (let i = 0; i < 6; i++) await s.putMessage(makeMsg({ body: `m${i}` }));
    const g = await s.getMessage('g', 'TopicTest', 0, 0, 32, 1 << 20);
    expect(g.messages.map((m) => decodeMessage(m).body.toString())).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'm0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(g.nextBeginOffset).toBe(12);
  });
});
