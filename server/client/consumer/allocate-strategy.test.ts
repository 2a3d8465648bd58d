import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mqKey } from '../../remoting/body/heartbeat';
import type { MessageQueue } from '../impl/message';
import {
  AllocateMessageQueueAveragely,
  AllocateMessageQueueAveragelyByCircle,
  AllocateMessageQueueByConfig,
  AllocateMessageQueueConsistentHash,
  type AllocateMessageQueueStrategy,
} from './allocate-strategy';

const queues = (n: number, brokers = 1): MessageQueue[] => {
  const out: MessageQueue[] = [];
  for (let b = 0; b < brokers; b++) for (let i = 0; i < n; i++) out.push({ topic: 'T', brokerName: `broker-${b}`, queueId: i });
  return out;
};
const cids = (n: number) => Array.from({ length: n }, (_, i) => `10.0.0.${i}@${1000 + i}#x`).sort();

const strategies: AllocateMessageQueueStrategy[] = [
  new AllocateMessageQueueAveragely(),
  new AllocateMessageQueueAveragelyByCircle(),
  new AllocateMessageQueueConsistentHash(),
  new AllocateMessageQueueConsistentHash(3),
];

describe.each(strategies.map((s) => [s.name + (s instanceof AllocateMessageQueueConsistentHash ? `(${(s as any).virtualNodeCnt})` : ''), s] as const))('%s', (_name, strategy) => {
  it('assigns every queue exactly once across the group', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 12 }), (n, brokers, c) => {
        const mqAll = queues(n, brokers);
        const all = cids(c);
        const counts = new Map<string, number>();
        for (const cid of all) for (const mq of strategy.allocate('g', cid, mqAll, all)) counts.set(mqKey(mq), (counts.get(mqKey(mq)) ?? 0) + 1);
        expect(counts.size).toBe(mqAll.length);
        for (const v of counts.values()) expect(v).toBe(1);
      }),
    );
  });

  it('gives nothing to a client not in the list', () => {
    expect(strategy.allocate('g', 'stranger', queues(4), cids(2))).toEqual([]);
  });
});

describe('AllocateMessageQueueAveragely', () => {
  const s = new AllocateMessageQueueAveragely();
  it('matches Java: 8 queues over 3 consumers → 3, 3, 2 contiguous', () => {
    const mqAll = queues(8);
    const all = cids(3);
    expect(all.map((c) => s.allocate('g', c, mqAll, all).map((q) => q.queueId))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7]]);
  });
  it('more consumers than queues: the last ones get nothing', () => {
    const all = cids(5);
    expect(all.map((c) => s.allocate('g', c, queues(3), all).length)).toEqual([1, 1, 1, 0, 0]);
  });
  it('balances within one queue', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 16 }), (n, c) => {
        const sizes = cids(c).map((cid, _i, all) => s.allocate('g', cid, queues(n), all).length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('AllocateMessageQueueAveragelyByCircle', () => {
  it('deals queues round robin', () => {
    const all = cids(3);
    const s = new AllocateMessageQueueAveragelyByCircle();
    expect(all.map((c) => s.allocate('g', c, queues(8), all).map((q) => q.queueId))).toEqual([[0, 3, 6], [1, 4, 7], [2, 5]]);
  });
});

describe('AllocateMessageQueueConsistentHash', () => {
  it('moves few queues when a consumer joins', () => {
    const s = new AllocateMessageQueueConsistentHash();
    const mqAll = queues(64);
    const owner = (all: string[]) => {
      const m = new Map<string, string>();
      for (const cid of all) for (const q of s.allocate('g', cid, mqAll, all)) m.set(mqKey(q), cid);
      return m;
    };
    const before = owner(cids(4));
    const after = owner(cids(5));
    let moved = 0;
    for (const [k, cid] of before) if (after.get(k) !== cid) moved++;
    expect(moved).toBeLessThan(40);
  });
});

describe('AllocateMessageQueueByConfig', () => {
  it('returns the configured queues', () => {
    const list = queues(2);
    expect(new AllocateMessageQueueByConfig(list).allocate()).toEqual(list);
  });
});
