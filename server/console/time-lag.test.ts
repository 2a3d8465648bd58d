import { describe, expect, it } from 'vitest';
import type { PullResultView, QueueConsumeStats } from '../client/admin/types';
import { groupTimeLagMs, measureTimeLags, queueTimeLagMs, TIME_LAG_CACHE_MS, type TimeLagAdmin } from './time-lag';

const queue = (queueId: number, consumerOffset: number, brokerOffset: number): QueueConsumeStats => ({
  topic: 'T',
  brokerName: 'b',
  queueId,
  consumerOffset,
  brokerOffset,
  lag: Math.max(0, brokerOffset - consumerOffset),
  lastTimestamp: 0,
});

const found = (storeTimestamp: number): PullResultView => ({
  status: 'FOUND',
  nextBeginOffset: 1,
  minOffset: 0,
  maxOffset: 10,
  messages: [{ storeTimestamp } as never],
});

/** Message store times by `queueId:offset`; records every pull. */
function fakeAdmin(storeTimes: Record<string, number>, opts: { minOffset?: number } = {}) {
  const pulls: string[] = [];
  const admin: TimeLagAdmin = {
    pullQueue: async (mq, offset) => {
      pulls.push(`${mq.queueId}:${offset}`);
      if (opts.minOffset !== undefined && offset < opts.minOffset) {
        return { status: 'OFFSET_ILLEGAL', nextBeginOffset: opts.minOffset, minOffset: opts.minOffset, maxOffset: 10, messages: [] };
      }
      const t = storeTimes[`${mq.queueId}:${offset}`];
      if (t === undefined) return { status: 'NO_NEW_MSG', nextBeginOffset: offset, minOffset: 0, maxOffset: offset, messages: [] };
      return found(t);
    },
  };
  return { admin, pulls };
}

describe('queueTimeLagMs', () => {
  it('is now minus the store time of the message at the consumer offset', async () => {
    const { admin, pulls } = fakeAdmin({ '0:3': 10_000 });
    expect(await queueTimeLagMs(admin, queue(0, 3, 8), 25_000)).toBe(15_000);
    expect(pulls).toEqual(['0:3']);
  });

  it('is 0 for a caught-up queue, without a pull', async () => {
    const { admin, pulls } = fakeAdmin({});
    expect(await queueTimeLagMs(admin, queue(0, 8, 8), 25_000)).toBe(0);
    expect(pulls).toEqual([]);
  });

  it('reads at the min offset when the consumer offset was deleted', async () => {
    const { admin, pulls } = fakeAdmin({ '0:5': 20_000 }, { minOffset: 5 });
    expect(await queueTimeLagMs(admin, queue(0, 2, 8), 25_000)).toBe(5_000);
    expect(pulls).toEqual(['0:2', '0:5']);
  });

  it('is unknown (null) when no message can be read there', async () => {
    const { admin } = fakeAdmin({});
    expect(await queueTimeLagMs(admin, queue(0, 3, 8), 25_000)).toBeNull();
  });
});

describe('measureTimeLags', () => {
  it('pulls only lagging queues, the largest lags first up to the bound, and keeps the queue order', async () => {
    const { admin, pulls } = fakeAdmin({ '0:0': 1_000, '1:5': 2_000, '2:9': 3_000 });
    const queues = [queue(0, 0, 2), queue(1, 5, 15), queue(2, 9, 9), queue(3, 0, 1)];
    const lags = await measureTimeLags(admin, queues, { now: 10_000, maxQueues: 2, cache: false });
    expect(lags).toEqual([9_000, 8_000, 0, null]);
    expect(pulls.sort()).toEqual(['0:0', '1:5']);
  });

  it('turns a failing pull into unknown', async () => {
    const admin: TimeLagAdmin = {
      pullQueue: async () => {
        throw new Error('broker down');
      },
    };
    expect(await measureTimeLags(admin, [queue(0, 0, 3)], { now: 1, cache: false })).toEqual([null]);
  });

  it('reuses a store time read at the same offset for a few seconds, and ages it', async () => {
    const { admin, pulls } = fakeAdmin({ '0:4': 1_000, '0:6': 5_000 });
    expect(await measureTimeLags(admin, [queue(0, 4, 9)], { now: 10_000 })).toEqual([9_000]);
    expect(await measureTimeLags(admin, [queue(0, 4, 9)], { now: 12_000 })).toEqual([11_000]);
    expect(pulls).toEqual(['0:4']);
    // The consumer moved: another offset, another read.
    expect(await measureTimeLags(admin, [queue(0, 6, 9)], { now: 12_000 })).toEqual([7_000]);
    // The entry expired.
    expect(await measureTimeLags(admin, [queue(0, 4, 9)], { now: 10_000 + TIME_LAG_CACHE_MS })).toEqual([9_000 + TIME_LAG_CACHE_MS]);
    expect(pulls).toEqual(['0:4', '0:6', '0:4']);
  });
});

describe('groupTimeLagMs', () => {
  it('is the oldest lagging queue, 0 without lag, null when no lagging queue could be read', () => {
    expect(groupTimeLagMs([])).toBe(0);
    expect(groupTimeLagMs([{ lag: 0, timeLagMs: 0 }])).toBe(0);
    expect(groupTimeLagMs([{ lag: 0, timeLagMs: 0 }, { lag: 3, timeLagMs: 4_000 }, { lag: 9, timeLagMs: 2_000 }])).toBe(4_000);
    expect(groupTimeLagMs([{ lag: 3, timeLagMs: null }, { lag: 1, timeLagMs: 500 }])).toBe(500);
    expect(groupTimeLagMs([{ lag: 0, timeLagMs: 0 }, { lag: 3, timeLagMs: null }])).toBeNull();
  });
});
