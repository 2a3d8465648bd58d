import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminClientLike } from './admin-client-cache';
import { withinBudget } from './initial-page';
import { allTopicRows, invalidateTopicList, TOPIC_LIST_TTL_MS } from './topic-list';

function fakeClient(fail = false) {
  const calls = { list: 0 };
  const client = {
    listTopicsWithConfig: async () => {
      calls.list++;
      if (fail) throw new Error('namesrv down');
      return [{ topic: 'T1', configs: [{ brokerName: 'broker-a', config: { readQueueNums: 4, writeQueueNums: 4, perm: 6, order: false } }] }];
    },
    getBrokerClusterInfo: async () => ({ brokerAddrTable: {}, clusterAddrTable: {} }),
  } as unknown as AdminClientLike;
  return { client, calls };
}

afterEach(() => invalidateTopicList());

describe('allTopicRows', () => {
  it('reuses one fetch within the TTL, shares it between concurrent callers, and refetches after', async () => {
    const { client, calls } = fakeClient();
    const [a, b] = await Promise.all([allTopicRows(client, 1000), allTopicRows(client, 1001)]);
    expect(a).toBe(b);
    expect(a.map((r) => `${r.topic}:${r.readQueueNums}`)).toEqual(['T1:4']);
    await allTopicRows(client, 1000 + TOPIC_LIST_TTL_MS - 1);
    expect(calls.list).toBe(1);
    await allTopicRows(client, 1000 + TOPIC_LIST_TTL_MS);
    expect(calls.list).toBe(2);
  });

  it('fetches again after invalidateTopicList, and per client', async () => {
    const one = fakeClient();
    const two = fakeClient();
    await allTopicRows(one.client, 5);
    invalidateTopicList();
    await allTopicRows(one.client, 6);
    await allTopicRows(two.client, 6);
    expect([one.calls.list, two.calls.list]).toEqual([2, 1]);
  });

  it('does not keep a failure', async () => {
    const { client, calls } = fakeClient(true);
    await expect(allTopicRows(client, 1)).rejects.toThrow('namesrv down');
    await expect(allTopicRows(client, 2)).rejects.toThrow('namesrv down');
    expect(calls.list).toBe(2);
  });
});

describe('withinBudget', () => {
  it('answers the value in time, and undefined when late or failing', async () => {
    vi.useFakeTimers();
    try {
      expect(await withinBudget('x', async () => 42, 100)).toBe(42);
      const late = withinBudget('x', () => new Promise<number>((r) => setTimeout(() => r(1), 500)), 100);
      await vi.advanceTimersByTimeAsync(100);
      expect(await late).toBeUndefined();
      await vi.advanceTimersByTimeAsync(500);
      expect(await withinBudget('x', async () => Promise.reject(new Error('down')), 100)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
