import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GroupConsumeStats } from '../../client/admin/types';
import { AlertEngine } from './alert-engine';
import type { SamplerAdmin } from './group-sampler';

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
  };
  return { state, admin };
}

function engineAt(admin: SamplerAdmin) {
  const clock = { now: 1_000_000 };
  const engine = new AlertEngine({ dir: path.join(mkdtempSync(path.join(tmpdir(), 'engine-')), 'alerts'), admin: () => admin, now: () => clock.now });
  return { engine, clock };
}

const base = { group: 'g', topic: null, severity: 'warning' as const, webhookUrl: null, enabled: true };

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
});
