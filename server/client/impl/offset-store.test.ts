import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageQueue } from './message';
import { LocalFileOffsetStore, RemoteBrokerOffsetStore, type OffsetBackend } from './offset-store';
import { ProcessQueue } from './process-queue';
import type { MessageExt } from './message';

const mq = (queueId: number, topic = 'T'): MessageQueue => ({ topic, brokerName: 'b', queueId });

function fakeBackend(stored: Record<number, number> = {}) {
  const commits: [number, number][] = [];
  let fail = false;
  const backend: OffsetBackend = {
    fetch: async (q) => {
      if (fail) throw new Error('down');
      return stored[q.queueId] ?? -1;
    },
    commit: async (q, o) => {
      commits.push([q.queueId, o]);
    },
  };
  return { backend, commits, setFail: (v: boolean) => (fail = v) };
}

describe('RemoteBrokerOffsetStore', () => {
  it('increaseOnly never moves an offset back; a plain update does', () => {
    const s = new RemoteBrokerOffsetStore(fakeBackend().backend);
    s.updateOffset(mq(0), 10, true);
    s.updateOffset(mq(0), 5, true);
    expect(s.cloneOffsetTable()).toEqual([[mq(0), 10]]);
    s.updateOffset(mq(0), 3, false);
    expect(s.cloneOffsetTable()).toEqual([[mq(0), 3]]);
  });

  it('reads memory, then the broker; -1 when none, -2 when the broker fails', async () => {
    const f = fakeBackend({ 1: 42 });
    const s = new RemoteBrokerOffsetStore(f.backend);
    expect(await s.readOffset(mq(1), 'MEMORY')).toBe(-1);
    expect(await s.readOffset(mq(1), 'MEMORY_THEN_STORE')).toBe(42);
    expect(await s.readOffset(mq(1), 'MEMORY')).toBe(42);
    expect(await s.readOffset(mq(2), 'STORE')).toBe(-1);
    f.setFail(true);
    expect(await s.readOffset(mq(3), 'STORE')).toBe(-2);
  });

  it('commits only the queues asked for, and forgets removed ones', async () => {
    const f = fakeBackend();
    const s = new RemoteBrokerOffsetStore(f.backend);
    s.updateOffset(mq(0), 1, false);
    s.updateOffset(mq(1), 2, false);
    s.updateOffset(mq(2), 3, false);
    await s.persistAll([mq(0), mq(2)]);
    expect(f.commits.sort()).toEqual([
      [0, 1],
      [2, 3],
    ]);
    s.removeOffset(mq(0));
    expect(await s.readOffset(mq(0), 'MEMORY')).toBe(-1);
  });
});

describe('LocalFileOffsetStore', () => {
  it('persists and loads offsets, keeping a backup', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-offsets-'));
    const a = new LocalFileOffsetStore('1.2.3.4@9#x', 'g', dir);
    a.updateOffset(mq(0), 7, false);
    await a.persistAll();
    a.updateOffset(mq(0), 9, false);
    a.updateOffset(mq(1), 1, false);
    await a.persistAll();
    expect(fs.existsSync(`${a.file}.bak`)).toBe(true);
    const b = new LocalFileOffsetStore('1.2.3.4@9#x', 'g', dir);
    await b.load();
    expect(await b.readOffset(mq(0), 'MEMORY')).toBe(9);
    expect(await b.readOffset(mq(1), 'STORE')).toBe(1);
    expect(await b.readOffset(mq(5), 'MEMORY_THEN_STORE')).toBe(-1);
    // A torn main file falls back to the backup.
    fs.writeFileSync(a.file, '{"offsetT');
    const c = new LocalFileOffsetStore('1.2.3.4@9#x', 'g', dir);
    await c.load();
    expect(await c.readOffset(mq(0), 'MEMORY')).toBe(7);
  });
});

const m = (queueOffset: number, size = 10) => ({ queueOffset, body: Buffer.alloc(size) }) as unknown as MessageExt;

describe('ProcessQueue commit offset', () => {
  it('is the smallest unconsumed offset, else one past the largest', () => {
    const pq = new ProcessQueue();
    expect(pq.removeMessages([m(1)])).toBe(-1);
    pq.putMessages([m(5), m(6), m(7), m(8)]);
    expect(pq.msgCount).toBe(4);
    expect(pq.msgSizeBytes).toBe(40);
    expect(pq.maxSpan).toBe(3);
    expect(pq.removeMessages([m(6), m(7)])).toBe(5);
    expect(pq.removeMessages([m(5)])).toBe(8);
    expect(pq.removeMessages([m(8)])).toBe(9);
    expect(pq.msgCount).toBe(0);
    expect(pq.msgSizeBytes).toBe(0);
  });

  it('ignores duplicates and keeps offsets sorted whatever the arrival order', () => {
    const pq = new ProcessQueue();
    pq.putMessages([m(9), m(3)]);
    pq.putMessages([m(3), m(5)]);
    expect(pq.msgCount).toBe(3);
    expect(pq.removeMessages([m(3)])).toBe(5);
  });

  it('orderly: take, redeliver, commit', () => {
    const pq = new ProcessQueue();
    expect(pq.putMessages([m(0), m(1), m(2)])).toBe(true);
    const first = pq.takeMessages(2);
    expect(first.map((x) => x.queueOffset)).toEqual([0, 1]);
    pq.makeMessagesToConsumeAgain(first);
    expect(pq.takeMessages(1).map((x) => x.queueOffset)).toEqual([0]);
    expect(pq.commit()).toBe(1);
    expect(pq.takeMessages(5).map((x) => x.queueOffset)).toEqual([1, 2]);
    expect(pq.commit()).toBe(3);
    expect(pq.commit()).toBe(-1);
  });
});
