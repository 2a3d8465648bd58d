import { afterEach, describe, expect, it } from 'vitest';
import { compileFilter } from './tail-filter';
import { Tailer } from './tailer';
import { TailWatcher } from './tail-watcher';
import { FakePullSource, drain, until } from './testing/fake-pull-source';

const FAST = { pollIntervalMs: 5, queueRefreshMs: 20, pullBatch: 4, replayEntries: 10, maxBackoffMs: 20 };
const all = compileFilter({});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function tailerOn(source: FakePullSource): Tailer {
  const t = new Tailer(source.topic, source, FAST);
  cleanups.push(() => t.stop());
  return t;
}

describe('Tailer', () => {
  it('sends what arrives after it started, not what was there before, to every watcher', async () => {
    const src = new FakePullSource('T', 3);
    for (let i = 0; i < 5; i++) src.append({});
    const t = tailerOn(src);
    await t.start();
    const a = new TailWatcher(all, 100);
    const b = new TailWatcher(all, 100);
    t.add(a);
    t.add(b);
    const sent = [src.append({}), src.append({}), src.append({}), src.append({})].map((m) => m.msgId);
    expect((await drain(a, 4)).sort()).toEqual([...sent].sort());
    expect((await drain(b, 4)).sort()).toEqual([...sent].sort());
    expect(t.queueCount).toBe(3);
  });

  it('applies each watcher its own tag, key and body filters', async () => {
    const src = new FakePullSource('T', 1);
    const t = tailerOn(src);
    await t.start();
    const byTag = new TailWatcher(compileFilter({ tag: 'A || B' }), 100);
    const byKey = new TailWatcher(compileFilter({ key: 'k2' }), 100);
    const byBody = new TailWatcher(compileFilter({ body: 'NEEDLE' }), 100);
    for (const w of [byTag, byKey, byBody]) t.add(w);
    src.append({ tags: 'A', keys: 'k1', body: 'plain' });
    src.append({ tags: 'B', keys: 'k22 k2', body: 'plain' });
    src.append({ tags: 'C', keys: 'k22', body: 'has a needle inside' });
    src.append({ tags: 'AB', body: Buffer.from([0, 1, 2, 0x6e]) });
    expect(await drain(byTag, 2)).toEqual(['ID-broker-a/0-0', 'ID-broker-a/0-1']);
    expect(await drain(byKey, 1)).toEqual(['ID-broker-a/0-1']);
    expect(await drain(byBody, 1)).toEqual(['ID-broker-a/0-2']);
    await until(() => t.pulls > 6, 'more pulls');
    expect([byTag.matched, byKey.matched, byBody.matched]).toEqual([2, 1, 1]);
  });

  it('shows binary bodies as binary, not as text', async () => {
    const src = new FakePullSource('T', 1);
    const t = tailerOn(src);
    await t.start();
    const w = new TailWatcher(all, 10);
    t.add(w);
    src.append({ body: Buffer.from([0xff, 0x00, 0x81]) });
    src.append({ body: 'héllo' });
    await until(() => w.queued === 2, 'two entries');
    const b = (await w.take(10, 100))!;
    expect(b.entries.map((e) => [e.message.bodyIsText, e.message.bodyPreview, e.message.bodySize])).toEqual([
      [false, '', 3],
      [true, 'héllo', 6],
    ]);
  });

  it('drops the oldest entries of a watcher that does not keep up, and counts them', async () => {
    const src = new FakePullSource('T', 2);
    const t = tailerOn(src);
    await t.start();
    const slow = new TailWatcher(all, 3);
    t.add(slow);
    for (let i = 0; i < 10; i++) src.append({ queue: 'broker-a/0' });
    await until(() => slow.matched === 10, 'ten matched');
    const b = (await slow.take(100, 100))!;
    expect(b.entries.map((e) => e.message.queueOffset)).toEqual([7, 8, 9]);
    expect([b.matched, b.dropped]).toEqual([10, 7]);
  });

  it('also bounds a watcher by bytes, so large bodies cannot fill memory either', async () => {
    const src = new FakePullSource('T', 1);
    const t = tailerOn(src);
    await t.start();
    const w = new TailWatcher(all, 1_000, 3 * (2 * 16 * 1024 + 1_000));
    t.add(w);
    for (let i = 0; i < 6; i++) src.append({ body: 'x'.repeat(64 * 1024) });
    await until(() => w.matched === 6, 'six matched');
    const b = (await w.take(100, 100))!;
    expect(b.entries.map((e) => e.message.queueOffset)).toEqual([3, 4, 5]);
    expect(b.dropped).toBe(3);
  });

  it('picks up a queue that appears later, from its start but only with messages stored since the tail began', async () => {
    const src = new FakePullSource('T', 1);
    const t = tailerOn(src);
    await t.start();
    const w = new TailWatcher(all, 100);
    t.add(w);
    src.addQueue('broker-b', 0);
    src.append({ queue: 'broker-b/0', storeTimestamp: t.startedAt - 1_000 });
    const fresh = src.append({ queue: 'broker-b/0' });
    await until(() => t.queueCount === 2, 'the new queue');
    expect(await drain(w, 1)).toEqual([fresh.msgId]);
  });

  it('reports a failing read and keeps trying until it works again', async () => {
    const src = new FakePullSource('T', 1);
    const t = tailerOn(src);
    await t.start();
    const w = new TailWatcher(all, 10);
    t.add(w);
    src.failPulls = true;
    await until(() => t.lastProblem === 'broker unreachable', 'the problem');
    src.failPulls = false;
    const m = src.append({});
    expect(await drain(w, 1)).toEqual([m.msgId]);
    expect(t.lastProblem).toBeNull();
  });

  it('replays what a reconnecting watcher missed from its recent entries', async () => {
    const src = new FakePullSource('T', 1);
    const t = tailerOn(src);
    await t.start();
    const first = new TailWatcher(all, 100);
    t.add(first);
    for (let i = 0; i < 3; i++) src.append({});
    await until(() => first.queued === 3, 'three');
    const seen = (await first.take(1, 10))!.entries[0].seq;
    const again = new TailWatcher(all, 100);
    expect(t.add(again, seen)).toBe(true);
    expect((await again.take(100, 10))!.entries.map((e) => e.message.queueOffset)).toEqual([1, 2]);
    for (let i = 0; i < 30; i++) src.append({});
    await until(() => first.matched === 33, 'all');
    expect(t.add(new TailWatcher(all, 100), seen)).toBe(false);
  });
});
