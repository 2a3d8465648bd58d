import { afterEach, describe, expect, it } from 'vitest';
import { parseSseFrames } from '../../../lib/live-tail/sse-parser';
import { TailRegistry, defaultTailRegistryOptions } from './tail-registry';
import { tailEventStream } from './tail-sse';
import { FakePullSource } from './testing/fake-pull-source';

const FAST = { pollIntervalMs: 5, queueRefreshMs: 50, pullBatch: 32, replayEntries: 10, maxBackoffMs: 20 };
let reg: TailRegistry | undefined;
afterEach(async () => {
  await reg?.close();
});

describe('tailEventStream', () => {
  it('starts with ready, sends batches with event ids and counters, and leaves the tail when cancelled', async () => {
    const src = new FakePullSource('T', 1);
    reg = new TailRegistry(() => src, { ...defaultTailRegistryOptions(), lingerMs: 0, tailer: FAST });
    const sub = await reg.watch('ns', 'T', { tag: 'keep' });
    const reader = tailEventStream(sub, { batchMax: 50, keepAliveMs: 20 }).getReader();
    src.append({ tags: 'drop' });
    src.append({ tags: 'keep', body: 'hello' });
    const decoder = new TextDecoder();
    let text = '';
    const events = () => parseSseFrames(text).frames;
    while (!events().some((f) => f.event === 'messages')) text += decoder.decode((await reader.read()).value);
    const [ready, batch] = events().filter((f) => f.event !== undefined);
    expect(ready.event).toBe('ready');
    expect(JSON.parse(ready.data)).toMatchObject({ topic: 'T', queues: 1, resumed: false });
    expect(batch.id).toBe(`${sub.tailer.id}:2`);
    const body = JSON.parse(batch.data);
    expect(body.messages.map((m: { bodyPreview: string }) => m.bodyPreview)).toEqual(['hello']);
    expect([body.matched, body.dropped]).toEqual([1, 0]);
    await reader.cancel();
    expect(reg.watcherCount).toBe(0);
  });
});
