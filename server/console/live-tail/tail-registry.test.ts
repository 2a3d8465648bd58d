import { afterEach, describe, expect, it } from 'vitest';
import { TailRegistry, defaultTailRegistryOptions, parseEventId, type TailRegistryOptions } from './tail-registry';
import { FakePullSource, drain, until } from './testing/fake-pull-source';

const FAST = { pollIntervalMs: 5, queueRefreshMs: 20, pullBatch: 4, replayEntries: 10, maxBackoffMs: 20 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function registryOn(source: FakePullSource, opts: Partial<TailRegistryOptions> = {}): TailRegistry {
  const r = new TailRegistry(() => source, { ...defaultTailRegistryOptions(), lingerMs: 10, tailer: FAST, ...opts });
  cleanups.push(() => r.close());
  return r;
}

describe('TailRegistry', () => {
  it('shares one tailer per topic and stops it, with no more pulls, once the last watcher leaves', async () => {
    const src = new FakePullSource('T', 2);
    const reg = registryOn(src);
    const a = await reg.watch('ns', 'T', {});
    const b = await reg.watch('ns', 'T', { tag: 'x' });
    expect(a.tailer).toBe(b.tailer);
    expect(reg.watcherCount).toBe(2);
    a.release();
    a.release();
    await until(() => src.pulls > 4, 'pulls');
    expect(reg.tailerOf('ns', 'T')).toBe(a.tailer);
    b.release();
    await until(() => reg.tailerOf('ns', 'T') === undefined, 'the stop');
    await until(() => a.tailer.isStopped, 'stopped');
    const pulls = src.pulls;
    await new Promise((r) => setTimeout(r, 60));
    expect(src.pulls).toBe(pulls);
    expect(reg.watcherCount).toBe(0);
    expect(b.watcher.isClosed).toBe(true);
  });

  it('keeps the tailer when a watcher comes back within the linger time, and resumes from its last event id', async () => {
    const src = new FakePullSource('T', 1);
    const reg = registryOn(src, { lingerMs: 5_000 });
    const a = await reg.watch('ns', 'T', {});
    src.append({});
    const batch = (await a.watcher.take(10, 2_000))!;
    const id = `${a.tailer.id}:${batch.entries[0].seq}`;
    expect(parseEventId(id)).toEqual({ tailerId: a.tailer.id, seq: batch.entries[0].seq });
    a.release();
    src.append({});
    await until(() => src.pulls > 3, 'pulls');
    const b = await reg.watch('ns', 'T', {}, id);
    expect(b.tailer).toBe(a.tailer);
    expect(b.resumed).toBe(true);
    expect((await drain(b.watcher, 1))).toEqual(['ID-broker-a/0-1']);
    const other = await reg.watch('ns', 'T', {}, 'abcdefabcdef:1');
    expect(other.resumed).toBe(false);
  });

  it('refuses watchers past the cap with a clear error, and admits again once one leaves', async () => {
    const src = new FakePullSource('T', 1);
    const reg = registryOn(src, { maxWatchers: 2 });
    const a = await reg.watch('ns', 'T', {});
    await reg.watch('ns', 'T', {});
    await expect(reg.watch('ns', 'T', {})).rejects.toMatchObject({ code: 'LIVE_TAIL_LIMIT', httpStatus: 429 });
    a.release();
    await expect(reg.watch('ns', 'T', {})).resolves.toBeTruthy();
  });

  it('forgets a tailer whose start failed, so the next watcher tries again', async () => {
    const src = new FakePullSource('T', 1);
    let fail = true;
    const flaky = Object.assign(Object.create(src) as FakePullSource, {
      readableQueues: async () => {
        if (fail) throw new Error('no route');
        return src.readableQueues();
      },
    });
    const reg = new TailRegistry(() => flaky, { ...defaultTailRegistryOptions(), tailer: FAST });
    cleanups.push(() => reg.close());
    await expect(reg.watch('ns', 'T', {})).rejects.toThrow('no route');
    expect(reg.watcherCount).toBe(0);
    fail = false;
    const ok = await reg.watch('ns', 'T', {});
    expect(ok.tailer.queueCount).toBe(1);
  });
});
