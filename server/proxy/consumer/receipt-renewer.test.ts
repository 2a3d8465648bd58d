import { describe, expect, it } from 'vitest';
import { decodeReceiptHandle, encodeReceiptHandle, type ReceiptHandle } from './receipt-handle';
import { ReceiptRenewer, type RenewKey } from './receipt-renewer';

const handle = (popTime: number, invisibleTime: number) => encodeReceiptHandle({ ckQueueOffset: 5, popTime, invisibleTime, reviveQid: 1, retryFlag: '0', brokerName: 'b', queueId: 0, queueOffset: 5, commitLogOffset: 100 });

function renewer(now: () => number, opts = {}) {
  const calls: { key: RenewKey; h: ReceiptHandle; ms: number }[] = [];
  const r = new ReceiptRenewer(
    async (key, h, ms) => {
      calls.push({ key, h, ms });
      return { ...h, popTime: now(), invisibleTime: ms, ckQueueOffset: h.queueOffset };
    },
    (err) => {
      throw err;
    },
    { aheadMs: 10_000, stepsMs: [60_000, 180_000], maxMs: 300_000, intervalMs: 1000, ...opts },
  );
  return { r, calls };
}

describe('ReceiptRenewer', () => {
  it('renews 10 s before expiry with growing steps, and hands the latest handle out on ack', async () => {
    let now = 1_000_000;
    const { r, calls } = renewer(() => now);
    const h0 = handle(now, 60_000);
    r.add('c1', { group: 'G', topic: 'T' }, 'M1', h0, now);
    await r.tick(now + 40_000);
    expect(calls).toHaveLength(0);
    now += 51_000;
    await r.tick(now);
    expect(calls.map((c) => c.ms)).toEqual([60_000]);
    now += 51_000;
    await r.tick(now);
    expect(calls.map((c) => c.ms)).toEqual([60_000, 180_000]);
    const latest = r.take('G', 'M1', h0);
    expect(latest).not.toBe(h0);
    expect(decodeReceiptHandle(latest).invisibleTime).toBe(180_000);
    expect(r.size()).toBe(0);
    // Untracked: the client's own handle.
    expect(r.take('G', 'M1', h0)).toBe(h0);
  });

  it('stops renewing past the maximum, and makes a departed client\'s messages visible in a second', async () => {
    const now = 1_000_000;
    const { r, calls } = renewer(() => now, { maxMs: 30_000 });
    r.add('c1', { group: 'G', topic: 'T' }, 'M1', handle(now, 20_000), now);
    r.add('c2', { group: 'G', topic: 'T' }, 'M2', handle(now, 60_000), now);
    await r.tick(now + 31_000);
    expect(calls).toHaveLength(0);
    expect(r.size()).toBe(1);
    await r.clientGone('c2');
    expect(calls.map((c) => c.ms)).toEqual([1000]);
    expect(r.size()).toBe(0);
  });
});
