import { describe, expect, it } from 'vitest';
import { buildResetPreview } from './reset-preview';

const at = (queueId: number, offset: number, topic = 'T') => ({ topic, brokerName: 'b', queueId, offset });

describe('buildResetPreview', () => {
  it('counts per queue what a reset would read again or skip, with totals', () => {
    const p = buildResetPreview('g', 1_000, [at(0, 10), at(1, 4), at(2, 7)], [at(2, 7), at(1, 9), at(0, 3)], new Date(0));
    expect(p.queues).toEqual([
      { topic: 'T', brokerName: 'b', queueId: 0, currentOffset: 10, targetOffset: 3, reconsume: 7, skip: 0 },
      { topic: 'T', brokerName: 'b', queueId: 1, currentOffset: 4, targetOffset: 9, reconsume: 0, skip: 5 },
      { topic: 'T', brokerName: 'b', queueId: 2, currentOffset: 7, targetOffset: 7, reconsume: 0, skip: 0 },
    ]);
    expect(p.totals).toEqual({ queues: 3, reconsume: 7, skip: 5 });
    expect(p).toMatchObject({ group: 'g', timestamp: 1_000, fetchedAt: '1970-01-01T00:00:00.000Z' });
  });

  it('has no current offset (and counts nothing) where the group never committed one', () => {
    const p = buildResetPreview('g', -1, [at(0, 2, 'Other')], [at(0, 5)]);
    expect(p.queues).toEqual([{ topic: 'T', brokerName: 'b', queueId: 0, currentOffset: null, targetOffset: 5, reconsume: 0, skip: 0 }]);
    expect(p.totals).toEqual({ queues: 1, reconsume: 0, skip: 0 });
  });

  it('is empty for a group without offsets and zero for a topic without messages', () => {
    expect(buildResetPreview('g', 1, [], []).totals).toEqual({ queues: 0, reconsume: 0, skip: 0 });
    const empty = buildResetPreview('g', 1, [at(0, 0), at(1, 0)], [at(0, 0), at(1, -1)]);
    expect(empty.queues.map((q) => [q.targetOffset, q.reconsume, q.skip])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});
