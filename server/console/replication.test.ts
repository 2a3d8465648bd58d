import { describe, expect, it } from 'vitest';
import type { FailoverStateBody, ReplicaGroupView } from '../client/admin/types';
import { collectReplicationOverview, FailoverProbe, NO_CONTROLLER_RECHECK_MS } from './replication';

const group: FailoverStateBody['groups'][number] = {
  clusterName: 'C',
  brokerName: 'b',
  epoch: 2,
  masterAddr: 's:1',
  masterRole: 'ASYNC_MASTER',
  masterLeaseExpiresMs: 5,
  syncStateSet: ['s:1', 'm:1'],
  replicas: [
    { brokerAddr: 's:1', haAddr: 's:2', brokerId: 0, role: 'MASTER', maxOffset: 10, haConnected: true, epoch: 2, lastHeartbeatMs: 1, alive: true },
    { brokerAddr: 'm:1', haAddr: 'm:2', brokerId: 1, role: 'SLAVE', maxOffset: 10, haConnected: true, epoch: 2, lastHeartbeatMs: 1, alive: true },
  ],
  history: [
    { epoch: 1, timeMs: 1, newMasterAddr: 'm:1', oldMasterAddr: null, electedOffset: 0, reason: 'first master' },
    { epoch: 2, timeMs: 2, newMasterAddr: 's:1', oldMasterAddr: 'm:1', electedOffset: 10, reason: 'lease expired' },
  ],
};

function client(answers: Record<string, FailoverStateBody | null | Error>, groups: ReplicaGroupView[] | Error = []) {
  const asked: string[] = [];
  return {
    asked,
    namesrvAddrs: Object.keys(answers),
    examineReplication: async () => {
      if (groups instanceof Error) throw groups;
      return groups;
    },
    getFailoverState: async (addr: string) => {
      asked.push(addr);
      const a = answers[addr];
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

describe('FailoverProbe', () => {
  it('takes the first name server whose controller holds a group; history newest first, sets sorted', async () => {
    const c = client({ 'n:1': new Error('connect ECONNREFUSED'), 'n:2': { groups: [group] } });
    const f = await new FailoverProbe().read(c);
    expect(f).toMatchObject({ enabled: true, namesrvAddr: 'n:2', reason: null });
    expect(f.groups[0].history.map((e) => e.epoch)).toEqual([2, 1]);
    expect(f.groups[0].syncStateSet).toEqual(['m:1', 's:1']);
    expect(f.groups[0].replicas.map((r) => r.brokerId)).toEqual([0, 1]);
  });

  it('not enabled: no controller (asked again only after a while), an empty controller, every name server down', async () => {
    const clock = { now: 0 };
    const probe = new FailoverProbe(() => clock.now);
    const none = client({ 'n:1': null });
    expect(await probe.read(none)).toEqual({ enabled: false, namesrvAddr: null, groups: [], reason: 'The name servers have no failover controller.' });
    await probe.read(none);
    expect(none.asked).toEqual(['n:1']);
    clock.now += NO_CONTROLLER_RECHECK_MS + 1;
    await probe.read(none);
    expect(none.asked).toEqual(['n:1', 'n:1']);

    expect((await new FailoverProbe().read(client({ 'n:1': { groups: [] } }))).reason).toBe('The failover controller of n:1 watches no broker group.');
    expect((await new FailoverProbe().read(client({ 'n:1': new Error('timeout') }))).reason).toBe('Failover state unavailable (n:1: timeout).');
  });
});

describe('collectReplicationOverview', () => {
  it('lists unreachable brokers as problems and survives a cluster that cannot be read', async () => {
    const groups: ReplicaGroupView[] = [
      {
        cluster: 'C',
        brokerName: 'b',
        masterAddr: 'm:1',
        replicas: [
          { brokerId: 0, addr: 'm:1', role: 'SYNC_MASTER', reachable: true, commitLogMaxOffset: 1, haSlaveCount: 1, haConnected: null, haMasterAddress: null, behindBytes: null, behindSource: null },
          { brokerId: 1, addr: 's:1', role: null, reachable: false, error: 'timeout', commitLogMaxOffset: null, haSlaveCount: null, haConnected: null, haMasterAddress: null, behindBytes: null, behindSource: null },
        ],
      },
    ];
    const ok = await collectReplicationOverview(client({ 'n:1': null }, groups), new FailoverProbe(), () => new Date(0));
    expect(ok).toMatchObject({ groups, problems: ['b #1 (s:1): timeout'], fetchedAt: '1970-01-01T00:00:00.000Z', failover: { enabled: false } });
    const down = await collectReplicationOverview(client({ 'n:1': null }, new Error('no name server')), new FailoverProbe());
    expect(down.groups).toEqual([]);
    expect(down.problems).toEqual(['cluster info unavailable: no name server']);
  });
});
