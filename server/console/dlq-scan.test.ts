import { describe, expect, it } from 'vitest';
import type { MessageView, PullResultView } from '../client/admin/types';
import type { AdminClientLike } from './admin-client-cache';
import { DlqScanner } from './dlq-scan';
import { SignatureSummary, signatureKey, signatureOf } from './dlq-signature';
import type { QueueRange } from './queue-range';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 7, 10);

function dead(offset: number, over: { topic?: string; tags?: string; reconsume?: number; t?: number; props?: Record<string, string> } = {}): MessageView {
  const props: Record<string, string> = { RETRY_TOPIC: over.topic ?? 'Orders', ...(over.tags ? { TAGS: over.tags } : {}), ...over.props };
  return {
    topic: '%DLQ%g', brokerName: 'b', queueId: 0, queueOffset: offset, commitLogOffset: offset, msgId: `M${offset}`, offsetMsgId: `O${offset}`,
    bornTimestamp: 0, bornHost: '', storeTimestamp: over.t ?? T0 + offset, storeHost: '', reconsumeTimes: over.reconsume ?? 16, sysFlag: 0, flag: 0,
    properties: props, tags: over.tags, keys: undefined, body: Buffer.from('x'),
  };
}

/** An admin client whose one DLQ queue is an array; counts the offsets pulled. */
function fakeClient(queue: MessageView[]) {
  const pulledFrom: number[] = [];
  const client = {
    async pullQueue(_q: unknown, offset: number, max = 32): Promise<PullResultView> {
      pulledFrom.push(offset);
      const messages = queue.filter((m) => m.queueOffset >= offset).slice(0, max);
      return { status: messages.length ? 'FOUND' : 'NO_NEW_MSG', nextBeginOffset: offset + messages.length, minOffset: 0, maxOffset: queue.length, messages };
    },
  } as unknown as AdminClientLike;
  return { client, pulledFrom };
}

const ref = { topic: '%DLQ%g', brokerName: 'b', queueId: 0, addr: '127.0.0.1:1' };
const range = (start: number, end: number): QueueRange[] => [{ q: ref, start, end }];

describe('failure signatures', () => {
  it('groups by original topic, tag and reconsume times', () => {
    const s = new SignatureSummary();
    s.add(dead(0, { tags: 'a' }));
    s.add(dead(1, { tags: 'a', t: T0 + 5 * HOUR }));
    s.add(dead(2, { tags: 'b' }));
    s.add(dead(3, { tags: 'a', reconsume: 3 }));
    s.add(dead(4, { topic: 'Payments', tags: 'a' }));
    const sigs = s.signatures();
    expect(sigs).toHaveLength(4);
    expect(sigs[0]).toMatchObject({ originalTopic: 'Orders', tags: 'a', reconsumeTimes: 16, exception: null, count: 2, firstSeen: T0, lastSeen: T0 + 5 * HOUR });
    expect(s.countOf(sigs[0].key)).toBe(2);
    expect(sigs.map((x) => x.count).reduce((a, b) => a + b)).toBe(5);
  });

  it('reads the original topic from RETRY_TOPIC, else DLQ_ORIGIN_TOPIC (5.x)', () => {
    expect(signatureOf(dead(0, { topic: 'A' })).originalTopic).toBe('A');
    const m = dead(0);
    m.properties = { DLQ_ORIGIN_TOPIC: 'B' };
    expect(signatureOf(m).originalTopic).toBe('B');
    expect(signatureKey(signatureOf(dead(0, { topic: 'A' })))).not.toBe(signatureKey(signatureOf(m)));
  });

  it('trends per hour with gaps filled, per day over a longer span', () => {
    const s = new SignatureSummary();
    s.add(dead(0, { t: T0 }));
    s.add(dead(1, { t: T0 + 10 }));
    s.add(dead(2, { t: T0 + 3 * HOUR }));
    expect(s.trend()).toEqual({ unit: 'hour', points: [{ t: T0, count: 2 }, { t: T0 + HOUR, count: 0 }, { t: T0 + 2 * HOUR, count: 0 }, { t: T0 + 3 * HOUR, count: 1 }] });
    s.add(dead(3, { t: T0 + 10 * 24 * HOUR }));
    const daily = s.trend();
    expect(daily.unit).toBe('day');
    expect(daily.points).toHaveLength(11);
    expect(daily.points.reduce((n, p) => n + p.count, 0)).toBe(4);
  });
});

describe('incremental DLQ scan', () => {
  it('scans once, then reads only the offsets added since', async () => {
    const queue = Array.from({ length: 1000 }, (_, i) => dead(i, { tags: i % 2 ? 'odd' : 'even' }));
    const { client, pulledFrom } = fakeClient(queue);
    const scanner = new DlqScanner(client);
    const first = await scanner.refresh('%DLQ%g', range(0, 1000), 60_000);
    expect(first).toMatchObject({ total: 1000, scanned: 1000, complete: true });
    expect(first.summary.signatures().map((s) => s.count)).toEqual([500, 500]);
    const pullsAfterFirst = pulledFrom.length;

    queue.push(...Array.from({ length: 40 }, (_, i) => dead(1000 + i, { tags: 'new' })));
    const second = await scanner.refresh('%DLQ%g', range(0, 1040), 60_000);
    expect(second).toMatchObject({ total: 1040, scanned: 1040, complete: true });
    const later = pulledFrom.slice(pullsAfterFirst);
    expect(later.length).toBe(2);
    expect(Math.min(...later)).toBe(1000);
    expect(second.summary.signatures()[2]).toMatchObject({ tags: 'new', count: 40 });

    // Nothing new: no pull at all.
    await scanner.refresh('%DLQ%g', range(0, 1040), 60_000);
    expect(pulledFrom.length).toBe(pullsAfterFirst + 2);
  });

  it('scans again from the new start after a purge moved it', async () => {
    const queue = Array.from({ length: 100 }, (_, i) => dead(i));
    const { client } = fakeClient(queue);
    const scanner = new DlqScanner(client);
    await scanner.refresh('%DLQ%g', range(0, 100), 60_000);
    const after = await scanner.refresh('%DLQ%g', range(90, 100), 60_000);
    expect(after).toMatchObject({ total: 10, scanned: 10, complete: true });
  });

  it('answers within the wait with partial counts while a long scan goes on', async () => {
    const queue = Array.from({ length: 64 }, (_, i) => dead(i));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { client } = fakeClient(queue);
    const slow = { pullQueue: async (...a: Parameters<AdminClientLike['pullQueue']>) => (a[1] >= 32 ? gate.then(() => client.pullQueue(...a)) : client.pullQueue(...a)) } as unknown as AdminClientLike;
    const scanner = new DlqScanner(slow);
    const partial = await scanner.refresh('%DLQ%g', range(0, 64), 0);
    expect(partial.complete).toBe(false);
    expect(partial.scanned).toBeLessThan(64);
    release();
    const full = await scanner.refresh('%DLQ%g', range(0, 64), 60_000);
    expect(full).toMatchObject({ scanned: 64, complete: true });
  });
});
