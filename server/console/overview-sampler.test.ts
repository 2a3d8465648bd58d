import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterInfo, GroupConsumeStats, QueueConsumeStats } from '../client/admin/types';
import { OverviewSampler, SampleRing, takeOverviewSample, type OverviewSample, type OverviewSamplerAdmin } from './overview-sampler';
import { toPoints } from './overview-service';

const tmpFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'overview-')), 'overview', 'samples.json');

const sample = (t: number, putTps = 1): OverviewSample => ({ t, putTps, getTps: putTps / 2, topics: [{ topic: 'T', putTps }], groups: [{ group: 'g', lag: t, timeLagMs: null }] });

const info: ClusterInfo = {
  brokerAddrTable: {
    'broker-a': { cluster: 'DefaultCluster', brokerName: 'broker-a', brokerAddrs: { '0': 'a0', '1': 'a1' } },
    'broker-b': { cluster: 'DefaultCluster', brokerName: 'broker-b', brokerAddrs: { '0': 'b0' } },
  },
  clusterAddrTable: { DefaultCluster: ['broker-a', 'broker-b'] },
} as unknown as ClusterInfo;

const q = (lag: number, queueId = 0): QueueConsumeStats => ({ topic: 'T', brokerName: 'b', queueId, brokerOffset: lag, consumerOffset: 0, lag, lastTimestamp: 0 });

function fakeAdmin(overrides: Partial<OverviewSamplerAdmin> = {}): OverviewSamplerAdmin {
  const topicRates: Record<string, Record<string, number>> = {
    a0: { Orders: 5, Quiet: 0, Payments: 1.5, TBW102: 9, '%RETRY%cg': 3 },
    b0: { Orders: 2.5, Payments: 0.25 },
  };
  return {
    getBrokerClusterInfo: async () => info,
    getBrokerRuntimeInfo: async (addr) => {
      if (addr === 'b0') throw new Error('connect ECONNREFUSED');
      return { putTps: addr === 'a0' ? '12.5 11.0 10.0' : '0.00 0.00 0.00', getTransferedTps: '4.00 3.00 2.00' };
    },
    getAllTopicConfig: async (addr) => Object.fromEntries(Object.keys(topicRates[addr] ?? {}).map((t) => [t, {} as never])),
    viewBrokerStatsData: async (addr, _name, topic) => {
      const tps = topicRates[addr]?.[topic];
      return tps === undefined ? null : { statsMinute: { sum: tps * 60, tps, avgpt: 0 }, statsHour: { sum: 0, tps: 0, avgpt: 0 }, statsDay: { sum: 0, tps: 0, avgpt: 0 } };
    },
    listGroups: async () => ['cg-a', 'cg-b', 'cg-none', 'TOOLS_CONSUMER', 'cg-zero'].map((group) => ({ group, brokerNames: [], config: {} as never })),
    examineConsumeStats: async (group) => {
      const lags: Record<string, number[]> = { 'cg-a': [3, 4], 'cg-b': [100], TOOLS_CONSUMER: [999], 'cg-zero': [0, 0] };
      if (!lags[group]) throw new Error('not consumed yet');
      return { group, queues: lags[group].map((lag, i) => q(lag, i)) } as unknown as GroupConsumeStats;
    },
    // cg-b's message is 60 s old at sample time; cg-a's queue 1 cannot be read.
    pullQueue: async (mq) =>
      mq.queueId === 1
        ? { status: 'NO_NEW_MSG', nextBeginOffset: 0, minOffset: 0, maxOffset: 0, messages: [] }
        : { status: 'FOUND', nextBeginOffset: 1, minOffset: 0, maxOffset: 1, messages: [{ storeTimestamp: 40_000 } as never] },
    ...overrides,
  };
}

describe('SampleRing', () => {
  it('keeps the newest `capacity` items, oldest first', () => {
    const ring = new SampleRing<{ t: number }>(3);
    expect(ring.toArray()).toEqual([]);
    expect(ring.last()).toBeUndefined();
    for (let t = 1; t <= 5; t++) ring.push({ t });
    expect(ring.size).toBe(3);
    expect(ring.toArray().map((x) => x.t)).toEqual([3, 4, 5]);
    expect(ring.last()).toEqual({ t: 5 });
    expect(ring.since(4).map((x) => x.t)).toEqual([4, 5]);
    ring.push({ t: 6 });
    expect(ring.toArray().map((x) => x.t)).toEqual([4, 5, 6]);
  });

  it('rejects a bad capacity', () => {
    expect(() => new SampleRing(0)).toThrow();
  });
});

describe('takeOverviewSample', () => {
  it('sums broker TPS, ranks topics by put TPS and groups by lag, and reports what failed', async () => {
    const { sample, problems } = await takeOverviewSample(fakeAdmin(), { topN: 2, now: () => 100_000 });
    expect(sample.t).toBe(100_000);
    expect(sample.putTps).toBe(12.5);
    expect(sample.getTps).toBe(8);
    // System, retry and idle topics are left out; rates on several masters add up.
    expect(sample.topics).toEqual([
      { topic: 'Orders', putTps: 7.5 },
      { topic: 'Payments', putTps: 1.75 },
    ]);
    expect(sample.groups).toEqual([
      { group: 'cg-b', lag: 100, timeLagMs: 60_000 },
      { group: 'cg-a', lag: 7, timeLagMs: 60_000 },
    ]);
    expect(problems).toEqual([expect.stringContaining('broker-b (b0): connect ECONNREFUSED')]);
  });

  it('has null TPS when no broker answers, and survives failing lists', async () => {
    const { sample, problems } = await takeOverviewSample(
      fakeAdmin({
        getBrokerRuntimeInfo: async () => {
          throw new Error('down');
        },
        listGroups: async () => {
          throw new Error('no groups');
        },
      }),
    );
    expect(sample.putTps).toBeNull();
    expect(sample.getTps).toBeNull();
    expect(sample.groups).toEqual([]);
    expect(problems.some((p) => p.includes('group list: no groups'))).toBe(true);
  });
});

describe('OverviewSampler', () => {
  it('samples into the ring, keeps the retention, and persists across a restart', async () => {
    const file = tmpFile();
    let now = 1_000_000;
    const opts = { file, admin: () => fakeAdmin(), intervalMs: 10_000, retentionMs: 30_000, now: () => now };
    const a = new OverviewSampler(opts);
    for (let i = 0; i < 5; i++) {
      await a.tick();
      now += 10_000;
    }
    // Capacity = retention / interval = 3.
    expect(a.size).toBe(3);
    expect(existsSync(file)).toBe(false);
    await a.stop(); // writes on stop
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const b = new OverviewSampler(opts);
    expect(b.size).toBe(3);
    expect(b.series(60_000).samples.map((s) => s.t)).toEqual([1_020_000, 1_030_000, 1_040_000]);
    expect(b.series(15_000).samples.map((s) => s.t)).toEqual([1_040_000]);
    expect(b.series(60_000).samples[2].topics[0]).toEqual({ topic: 'Orders', putTps: 7.5 });

    // Samples older than the retention are dropped at load.
    now += 12_000;
    const c = new OverviewSampler(opts);
    expect(c.series(3_600_000).samples.map((s) => s.t)).toEqual([1_040_000]);
  });

  it('records the error of a failed round and keeps going', async () => {
    const s = new OverviewSampler({
      file: tmpFile(),
      admin: () =>
        fakeAdmin({
          getBrokerClusterInfo: async () => {
            throw new Error('name server unreachable');
          },
        }),
    });
    await s.tick();
    expect(s.size).toBe(0);
    expect(s.series(60_000).lastError).toBe('name server unreachable');
  });

  it('starts empty from a missing, broken or foreign file, and skips invalid samples', () => {
    const file = tmpFile();
    expect(new OverviewSampler({ file, admin: () => fakeAdmin() }).size).toBe(0);
    const now = Date.now();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{not json');
    expect(new OverviewSampler({ file, admin: () => fakeAdmin() }).size).toBe(0);
    writeFileSync(file, JSON.stringify({ version: 2, samples: [] }));
    expect(new OverviewSampler({ file, admin: () => fakeAdmin() }).size).toBe(0);
    writeFileSync(file, JSON.stringify({ version: 1, samples: [sample(now - 2000), { t: 'x' }, sample(now - 1000)] }));
    expect(new OverviewSampler({ file, admin: () => fakeAdmin() }).size).toBe(2);
  });

  it('reads samples written before time lag was kept, with an unknown time lag', () => {
    const file = tmpFile();
    const t = Date.now() - 1000;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ version: 1, samples: [{ t, putTps: 1, getTps: 1, topics: [], groups: [{ group: 'g', lag: 3 }] }] }));
    const s = new OverviewSampler({ file, admin: () => fakeAdmin() });
    expect(s.series(60_000).samples[0].groups).toEqual([{ group: 'g', lag: 3, timeLagMs: null }]);
  });

  it('writes only when something changed, atomically', async () => {
    const file = tmpFile();
    const s = new OverviewSampler({ file, admin: () => fakeAdmin() });
    s.save();
    expect(existsSync(file)).toBe(false);
    s.push(sample(Date.now()));
    s.push(sample(Date.now() - 5000)); // out of order: ignored
    s.save();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.version).toBe(1);
    expect(saved.samples).toHaveLength(1);
  });
});

describe('toPoints', () => {
  it('passes short series through and averages long ones into buckets', () => {
    const samples = Array.from({ length: 10 }, (_, i) => sample(i * 10, i));
    expect(toPoints(samples, 20)).toHaveLength(10);
    const p = toPoints(samples, 5);
    expect(p).toHaveLength(5);
    expect(p[0]).toEqual({ t: 10, putTps: 0.5, getTps: 0.25 });
    const withNull = [{ ...sample(1), putTps: null }, sample(2, 4)];
    expect(toPoints(withNull, 1)).toEqual([{ t: 2, putTps: 4, getTps: 1.25 }]);
  });
});
