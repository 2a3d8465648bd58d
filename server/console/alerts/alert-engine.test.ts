import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GroupConsumeStats, ReplicaGroupView, ReplicaView } from '../../client/admin/types';
import { alertRuleInputSchema } from '../../../lib/schemas/alerts';
import { AlertEngine, measureReplicaBehind, SAMPLE_RETENTION_MS } from './alert-engine';
import { AlertStore, DEFAULT_SAMPLE_INTERVAL_MS, INTERRUPTED_DELIVERY } from './alert-store';
import type { SamplerAdmin } from './group-sampler';
import { DELIVERY_CANCELLED } from './webhook';

/** A cluster whose one queue of group `g` has the lag and online count the test sets. */
function fakeCluster() {
  const state = { brokerOffset: 100, consumerOffset: 0, online: 1, dlq: 0 };
  const admin: SamplerAdmin = {
    examineConsumeStats: async (group): Promise<GroupConsumeStats> => ({
      group,
      consumeTps: 0,
      totalDiff: state.brokerOffset - state.consumerOffset,
      queues: [{ topic: 'T', brokerName: 'b', queueId: 0, brokerOffset: state.brokerOffset, consumerOffset: state.consumerOffset, lag: state.brokerOffset - state.consumerOffset, lastTimestamp: 0 }],
    }),
    examineConsumerConnection: async () => (state.online ? { connections: Array.from({ length: state.online }, (_, i) => ({ clientId: `c${i}`, clientAddr: 'x' })) } : null),
    pullQueue: async () => ({ status: 'FOUND', nextBeginOffset: 1, minOffset: 0, maxOffset: 100, messages: [{ storeTimestamp: 0 } as never] }),
    topicDepth: async () => state.dlq,
    examineReplication: async () => [],
  };
  return { state, admin };
}

function engineAt(admin: SamplerAdmin, opts: Partial<ConstructorParameters<typeof AlertEngine>[0]> = {}) {
  const clock = { now: 1_000_000 };
  const engine = new AlertEngine({ dir: path.join(mkdtempSync(path.join(tmpdir(), 'engine-')), 'alerts'), admin: () => admin, now: () => clock.now, ...opts });
  return { engine, clock };
}

async function ticks(engine: AlertEngine, clock: { now: number }, n: number, stepMs = 10_000): Promise<void> {
  for (let i = 0; i < n; i++) {
    clock.now += stepMs;
    await engine.tick();
  }
}

const base = { group: 'g', topic: null, severity: 'warning' as const, webhookUrl: null, enabled: true };

const replica = (brokerId: number, addr: string, behindBytes: number | null): ReplicaView => ({
  brokerId,
  addr,
  role: brokerId === 0 ? 'ASYNC_MASTER' : 'SLAVE',
  reachable: true,
  commitLogMaxOffset: 0,
  haSlaveCount: null,
  haConnected: null,
  haMasterAddress: null,
  behindBytes: brokerId === 0 ? null : behindBytes,
  behindSource: brokerId === 0 || behindBytes === null ? null : 'offsets',
});

/** Two broker groups, each a master and one slave, whose bytes behind the test sets (null: slave unreadable). */
function replicatingCluster() {
  const behind: Record<string, number | null> = { 'broker-a': 0, 'broker-b': 0 };
  const { state, admin: groups } = fakeCluster();
  let failing = false;
  const admin: SamplerAdmin = {
    ...groups,
    examineReplication: async (): Promise<ReplicaGroupView[]> => {
      if (failing) throw new Error('no name server');
      return Object.entries(behind).map(([brokerName, b], i) => ({
        cluster: 'C',
        brokerName,
        masterAddr: `m:${i}`,
        replicas: [replica(0, `m:${i}`, null), replica(1, `s:${i}`, b)],
      }));
    },
  };
  return { behind, state, admin, fail: (on: boolean) => (failing = on) };
}

describe('AlertEngine', () => {
  it('pending → firing after the duration → resolved, with history', async () => {
    const { state, admin } = fakeCluster();
    const { engine, clock } = engineAt(admin);
    const rule = engine.createRule({ ...base, name: 'lag', kind: 'messageLag', threshold: 50, forSeconds: 30 });

    await engine.tick();
    expect(engine.overview().active[0]).toMatchObject({ ruleId: rule.id, state: 'pending', value: 100 });
    clock.now += 20_000;
    await engine.tick();
    expect(engine.overview().active[0].state).toBe('pending');
    clock.now += 10_000;
    await engine.tick();
    expect(engine.overview().active[0].state).toBe('firing');

    state.consumerOffset = 90;
    clock.now += 10_000;
    await engine.tick();
    const view = engine.overview();
    expect(view.active).toEqual([]);
    expect(view.history[0]).toMatchObject({ ruleId: rule.id, state: 'resolved', value: 10 });
  });

  it('a condition that clears while pending never fires', async () => {
    const { state, admin } = fakeCluster();
    const { engine, clock } = engineAt(admin);
    engine.createRule({ ...base, name: 'lag', kind: 'messageLag', threshold: 50, forSeconds: 60 });
    await engine.tick();
    state.consumerOffset = 100;
    clock.now += 10_000;
    await engine.tick();
    expect(engine.overview().active).toEqual([]);
    expect(engine.overview().history).toEqual([]);
  });

  it('no online client, DLQ growth and time lag rules', async () => {
    const { state, admin } = fakeCluster();
    const { engine, clock } = engineAt(admin);
    engine.createRule({ ...base, name: 'offline', kind: 'noOnlineClient', threshold: 0, forSeconds: 0 });
    engine.createRule({ ...base, name: 'dlq', kind: 'dlqGrowth', threshold: 5, forSeconds: 60 });
    engine.createRule({ ...base, name: 'slow', kind: 'timeLag', threshold: 60, forSeconds: 0 });
    await engine.tick();
    // The message at the consumer offset was stored at t=0: far more than 60 s ago.
    expect(engine.overview().active.map((a) => [a.ruleName, a.state])).toEqual([['slow', 'firing']]);

    state.online = 0;
    state.dlq = 10;
    clock.now += 10_000;
    await engine.tick();
    const firing = engine.overview().active.map((a) => a.ruleName).sort();
    expect(firing).toEqual(['dlq', 'offline', 'slow']);
  });

  it('silences a rule and keeps rules across a restart', async () => {
    const { admin } = fakeCluster();
    const { engine, clock } = engineAt(admin);
    const rule = engine.createRule({ ...base, name: 'lag', kind: 'messageLag', threshold: 1, forSeconds: 0 });
    await engine.tick();
    const s = engine.silence(rule.id, 30);
    expect(Date.parse(s.until!)).toBe(clock.now + 30 * 60_000);
    expect(engine.overview().active[0].silencedUntil).toBe(s.until);

    const again = new AlertEngine({ dir: engine.store.dir, admin: () => admin, now: () => clock.now });
    expect(again.listRules().map((r) => r.name)).toEqual(['lag']);
    expect(again.overview().active[0]).toMatchObject({ state: 'firing', silencedUntil: s.until });
  });

  it('a consumer-status rule fires once a queue stays in a watched Burrow status for its duration', async () => {
    const { state, admin } = fakeCluster();
    const { engine, clock } = engineAt(admin);
    const stuck = engine.createRule({ ...base, name: 'stuck', kind: 'consumerStatus', threshold: 0, forSeconds: 20 });
    engine.createRule({ ...base, name: 'stopped', kind: 'consumerStatus', threshold: 0, forSeconds: 0, statuses: ['STOP'] });
    engine.createRule({ ...base, name: 'other topic', kind: 'consumerStatus', threshold: 0, forSeconds: 0, topic: 'Other' });
    expect(stuck.statuses).toEqual(['ERR', 'STALL', 'STOP', 'REWIND']);
    expect(stuck.threshold).toBe(0);

    // Offset stuck at 0, lag flat at 100, a client online: OK until the window has 3 samples, then STALL.
    await ticks(engine, clock, 2);
    expect(engine.overview().active).toEqual([]);
    await ticks(engine, clock, 1);
    expect(engine.overview().active.map((a) => [a.ruleName, a.state, a.consumerStatus])).toEqual([['stuck', 'pending', 'STALL']]);
    await ticks(engine, clock, 2);
    const firing = engine.overview().active[0];
    expect(firing).toMatchObject({ ruleName: 'stuck', state: 'firing', value: 1 });
    expect(firing.summary).toBe('g: 1 queue STALL (watching ERR, STALL, STOP, REWIND)');

    // The client goes away: STOP, which the STOP-only rule watches (the other topic's rule never matches).
    state.online = 0;
    await ticks(engine, clock, 1);
    expect(engine.overview().active.map((a) => [a.ruleName, a.state, a.consumerStatus]).sort()).toEqual([
      ['stopped', 'firing', 'STOP'],
      ['stuck', 'firing', 'STOP'],
    ]);

    // Caught up: lag 0 reads OK, both resolve.
    state.consumerOffset = 100;
    state.online = 1;
    await ticks(engine, clock, 1);
    expect(engine.overview().active).toEqual([]);
    expect(engine.overview().history.map((a) => a.ruleName).sort()).toEqual(['stopped', 'stuck']);
  });

  it('keeps the lag trend and the Burrow windows across a restart', async () => {
    const { admin } = fakeCluster();
    const { engine, clock } = engineAt(admin);
    engine.createRule({ ...base, name: 'lag', kind: 'messageLag', threshold: 1000, forSeconds: 0 });
    await ticks(engine, clock, 3);
    expect(engine.overview().groups[0].status).toBe('STALL');
    await engine.stop();

    clock.now += 60_000;
    const again = new AlertEngine({ dir: engine.store.dir, admin: () => admin, now: () => clock.now });
    // Before any new sample: the chart and the last status are back.
    expect(again.lagTrend('g').points.map((p) => p.lag)).toEqual([100, 100, 100]);
    expect(again.overview().groups[0]).toMatchObject({ group: 'g', status: 'STALL' });
    // One sample after the restart is judged with the saved window (a fresh one would read OK: too few samples).
    await ticks(again, clock, 1);
    expect(again.overview().groups[0].status).toBe('STALL');
    expect(again.lagTrend('g').points).toHaveLength(4);
    await again.stop();

    // Samples older than the retention are dropped on load.
    clock.now += SAMPLE_RETENTION_MS + 1;
    const late = new AlertEngine({ dir: engine.store.dir, admin: () => admin, now: () => clock.now });
    expect(late.lagTrend('g').points).toEqual([]);
    expect(late.overview().groups).toEqual([]);
  });

  it('takes the default sample interval from its options unless one was saved', () => {
    const { admin } = fakeCluster();
    expect(engineAt(admin).engine.sampleIntervalMs).toBe(DEFAULT_SAMPLE_INTERVAL_MS);
    const { engine } = engineAt(admin, { defaultSampleIntervalMs: 2_500 });
    expect(engine.sampleIntervalMs).toBe(2_500);
    engine.setSampleInterval(1_000);
    expect(new AlertEngine({ dir: engine.store.dir, admin: () => admin, defaultSampleIntervalMs: 2_500 }).sampleIntervalMs).toBe(1_000);
  });

  it('stop cancels webhook retries and records them failed; a crash mid-delivery reads as failed at restart', async () => {
    const { admin } = fakeCluster();
    // Port 1 refuses at once; the retry then waits a minute, which stop cuts short.
    const hook = { ...base, webhookUrl: 'http://127.0.0.1:1/hook' };
    const { engine, clock } = engineAt(admin, { webhook: { baseDelayMs: 60_000, timeoutMs: 2_000 }, stopGraceMs: 50 });
    engine.createRule({ ...hook, name: 'lag', kind: 'messageLag', threshold: 1, forSeconds: 0 });
    await engine.tick();
    expect(engine.overview().notifications[0].status).toBe('sending');

    // Killed here: state.json holds the delivery as sending.
    expect(new AlertStore(engine.store.dir).state.notifications[0]).toMatchObject({ status: 'failed', lastError: INTERRUPTED_DELIVERY });

    const started = Date.now();
    await engine.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
    const n = engine.overview().notifications[0];
    expect(n).toMatchObject({ status: 'failed', attempts: 1 });
    expect(n.lastError).toMatch(new RegExp(`^${DELIVERY_CANCELLED} \\(last attempt: `));
    expect(new AlertEngine({ dir: engine.store.dir, admin: () => admin, now: () => clock.now }).overview().notifications[0]).toMatchObject({ id: n.id, status: 'failed', lastError: n.lastError });
  });

  it('computes the Burrow status of each sampled group', async () => {
    const { admin } = fakeCluster();
    const { engine, clock } = engineAt(admin);
    engine.createRule({ ...base, name: 'lag', kind: 'messageLag', threshold: 1000, forSeconds: 0 });
    for (let i = 0; i < 3; i++) {
      await engine.tick();
      clock.now += 10_000;
    }
    expect(engine.overview().groups[0]).toMatchObject({ group: 'g', status: 'STALL', totalLag: 100 });
  });

  it('a replica-behind rule fires when a slave of its broker group (or of any) is more bytes behind than the threshold', async () => {
    const { behind, admin, fail } = replicatingCluster();
    const { engine, clock } = engineAt(admin);
    const rb = { ...base, group: '', topic: null };
    const one = engine.createRule({ ...rb, name: 'b behind', kind: 'replicaBehind', brokerName: 'broker-b', threshold: 1024, forSeconds: 20 });
    engine.createRule({ ...rb, name: 'any behind', kind: 'replicaBehind', brokerName: null, threshold: 4096, forSeconds: 0 });
    expect(one).toMatchObject({ group: '', brokerName: 'broker-b', threshold: 1024 });

    await ticks(engine, clock, 1);
    expect(engine.overview().active).toEqual([]);
    // Only broker-a falls behind: the any-group rule fires at once, broker-b's rule does not look at it.
    behind['broker-a'] = 10_000;
    await ticks(engine, clock, 1);
    expect(engine.overview().active.map((a) => [a.ruleName, a.state, a.value])).toEqual([['any behind', 'firing', 10_000]]);
    expect(engine.overview().active[0]).toMatchObject({ brokerName: null, summary: 'any broker group: slave broker-a #1 (s:0) is 10000 bytes behind its master (threshold 4096)' });

    // broker-b behind 2 KiB: pending, then firing once it held 20 s.
    behind['broker-b'] = 2048;
    await ticks(engine, clock, 1);
    expect(engine.overview().active.find((a) => a.ruleName === 'b behind')).toMatchObject({ state: 'pending', value: 2048, brokerName: 'broker-b' });
    await ticks(engine, clock, 2);
    expect(engine.overview().active.find((a) => a.ruleName === 'b behind')?.state).toBe('firing');

    // Replication unreadable, or the slave's figure unknown: the alerts stay as they are (and the error shows).
    fail(true);
    await ticks(engine, clock, 1);
    expect(engine.overview().lastError).toBe('replication: no name server');
    expect(engine.overview().active).toHaveLength(2);
    fail(false);
    behind['broker-b'] = null;
    await ticks(engine, clock, 1);
    expect(engine.overview().active.find((a) => a.ruleName === 'b behind')?.state).toBe('firing');

    // Caught up: both resolve; no consumer group was ever sampled for these rules.
    behind['broker-a'] = 0;
    behind['broker-b'] = 100;
    await ticks(engine, clock, 1);
    expect(engine.overview().active).toEqual([]);
    expect(engine.overview().history.map((a) => a.ruleName).sort()).toEqual(['any behind', 'b behind']);
    expect(engine.overview().groups).toEqual([]);
  });

  it('measureReplicaBehind takes the slave furthest behind and skips masters and unknown figures', () => {
    const groups: ReplicaGroupView[] = [
      { cluster: 'C', brokerName: 'a', masterAddr: 'm', replicas: [replica(0, 'm', null), replica(1, 's1', 5), replica(2, 's2', 50), replica(3, 's3', null)] },
    ];
    expect(measureReplicaBehind({ brokerName: null, threshold: 10 }, groups)).toEqual({ value: 50, breached: true, detail: 'a #2 (s2)' });
    expect(measureReplicaBehind({ brokerName: 'other', threshold: 10 }, groups)).toBeNull();
  });

  it('the rule input needs a group for consumer kinds only, and a threshold above 0 for replicaBehind', () => {
    const input = { name: 'r', kind: 'replicaBehind', forSeconds: 0, threshold: 1 };
    expect(alertRuleInputSchema.parse(input)).toMatchObject({ group: '', brokerName: null });
    expect(alertRuleInputSchema.parse({ ...input, brokerName: 'broker-a' }).brokerName).toBe('broker-a');
    expect(alertRuleInputSchema.safeParse({ ...input, threshold: 0 }).error?.issues[0]).toMatchObject({ path: ['threshold'] });
    expect(alertRuleInputSchema.safeParse({ ...input, brokerName: 'bad name' }).error?.issues[0]).toMatchObject({ path: ['brokerName'] });
    expect(alertRuleInputSchema.safeParse({ ...input, kind: 'messageLag' }).error?.issues[0]).toMatchObject({ path: ['group'], message: 'enter a group name' });
  });
});
