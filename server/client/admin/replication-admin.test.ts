import { afterEach, describe, expect, it } from 'vitest';
import { RemotingConnectError } from '../../common/errors';
import { logger } from '../../common/logger';
import { encodeFailoverState, type FailoverStateBody } from '../../remoting/body/failover-state';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RemotingServer } from '../../remoting/remoting-server';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { AdminClient } from './admin-client';
import { replicaGroupsFrom, type BrokerReading } from './replication-admin';
import type { ClusterInfo } from './types';

const log = logger.child({ test: 'replication-admin' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const info = (groups: Record<string, Record<string, string>>): ClusterInfo => ({
  clusterAddrTable: { C: Object.keys(groups) },
  brokerAddrTable: Object.fromEntries(Object.entries(groups).map(([brokerName, brokerAddrs]) => [brokerName, { cluster: 'C', brokerName, brokerAddrs }])),
});

describe('replicaGroupsFrom', () => {
  it('reads an Orbit pair: roles and HA keys from runtime info, the master’s own figure for a lone connected slave', () => {
    const readings = new Map<string, BrokerReading>([
      ['m:1', { runtime: { brokerRole: 'SYNC_MASTER', commitLogMaxOffset: '5000', haSlaveCount: '1', haSlaveFallBehindBytes: '120', haSlaves: '127.0.0.1:5555:4880' } }],
      ['s:1', { runtime: { brokerRole: 'SLAVE', commitLogMaxOffset: '4900', haConnected: 'true', haMasterAddress: 'm:2' } }],
    ]);
    const [g] = replicaGroupsFrom(info({ b: { '1': 's:1', '0': 'm:1' } }), readings);
    expect(g).toMatchObject({ cluster: 'C', brokerName: 'b', masterAddr: 'm:1' });
    expect(g.replicas).toEqual([
      { brokerId: 0, addr: 'm:1', role: 'SYNC_MASTER', reachable: true, commitLogMaxOffset: 5000, haSlaveCount: 1, haConnected: null, haMasterAddress: null, behindBytes: null, behindSource: null },
      { brokerId: 1, addr: 's:1', role: 'SLAVE', reachable: true, commitLogMaxOffset: 4900, haSlaveCount: null, haConnected: true, haMasterAddress: 'm:2', behindBytes: 120, behindSource: 'ha' },
    ]);
    // A slave that started over (new store): the master's best ack ever is stale, the offsets tell.
    readings.set('s:1', { runtime: { brokerRole: 'SLAVE', commitLogMaxOffset: '1000', haConnected: 'true' } });
    expect(replicaGroupsFrom(info({ b: { '0': 'm:1', '1': 's:1' } }), readings)[0].replicas[1]).toMatchObject({ behindBytes: 4000, behindSource: 'offsets' });
  });

  it('reads an Apache pair: role from the config, bytes behind from the commit-log ends, HA state unknown', () => {
    const readings = new Map<string, BrokerReading>([
      ['m:1', { runtime: { commitLogMaxOffset: '9000', brokerVersionDesc: 'V4_9_7' }, configRole: 'ASYNC_MASTER' }],
      ['s:1', { runtime: { commitLogMaxOffset: '9400' }, configRole: 'SLAVE' }],
      ['s:2', { runtime: { commitLogMaxOffset: '8000' } }],
    ]);
    const [g] = replicaGroupsFrom(info({ b: { '0': 'm:1', '1': 's:1', '2': 's:2' } }), readings);
    expect(g.replicas.map((r) => [r.brokerId, r.role, r.haSlaveCount, r.haConnected, r.behindBytes, r.behindSource])).toEqual([
      [0, 'ASYNC_MASTER', null, null, null, null],
      // Read after the master, so ahead of it: never negative.
      [1, 'SLAVE', null, null, 0, 'offsets'],
      [2, 'SLAVE', null, null, 1000, 'offsets'],
    ]);
  });

  it('a disconnected Orbit slave or two slaves use the offsets; an unreachable broker is a row with its error', () => {
    const readings = new Map<string, BrokerReading>([
      ['m:1', { runtime: { brokerRole: 'ASYNC_MASTER', commitLogMaxOffset: '1000', haSlaveCount: '1', haSlaveFallBehindBytes: '0' } }],
      ['s:1', { runtime: { brokerRole: 'SLAVE', commitLogMaxOffset: '400', haConnected: 'false', haMasterAddress: '' } }],
      ['m:2', { error: 'connect ECONNREFUSED' }],
      ['s:2', { runtime: { brokerRole: 'SLAVE', commitLogMaxOffset: '10', haConnected: 'false' } }],
    ]);
    const [a, b] = replicaGroupsFrom(info({ b: { '0': 'm:2', '1': 's:2' }, a: { '0': 'm:1', '1': 's:1' } }), readings);
    expect(a.brokerName).toBe('a');
    expect(a.replicas[1]).toMatchObject({ haConnected: false, haMasterAddress: null, behindBytes: 600, behindSource: 'offsets' });
    expect(b.replicas[0]).toMatchObject({ reachable: false, error: 'connect ECONNREFUSED', role: null, commitLogMaxOffset: null });
    expect(b.replicas[1]).toMatchObject({ behindBytes: null, behindSource: null });
  });

  it('a group whose master is gone has no master address and its slaves no figure', () => {
    const readings = new Map<string, BrokerReading>([['s:1', { runtime: { commitLogMaxOffset: '10' } }]]);
    const [g] = replicaGroupsFrom(info({ b: { '1': 's:1' } }), readings);
    expect(g.masterAddr).toBeNull();
    expect(g.replicas).toHaveLength(1);
    expect(g.replicas[0]).toMatchObject({ role: 'SLAVE', behindBytes: null });
  });
});

describe('AdminClient.getFailoverState', () => {
  async function nameServer(answer?: (req: RemotingCommand) => RemotingCommand | null): Promise<{ addr: string; admin: AdminClient }> {
    const server = new RemotingServer({ host: '127.0.0.1', port: 0 }, log);
    if (answer) server.processors.register(RequestCode.ORBIT_GET_FAILOVER_STATE, { handle: answer });
    await server.start();
    const addr = `127.0.0.1:${server.port}`;
    const admin = new AdminClient({ namesrvAddr: addr, timeoutMs: 2000 });
    cleanups.push(() => server.stop());
    cleanups.push(() => admin.shutdown());
    return { addr, admin };
  }

  const state: FailoverStateBody = {
    groups: [
      {
        clusterName: 'C',
        brokerName: 'b',
        epoch: 3,
        masterAddr: '127.0.0.1:20911',
        masterRole: 'SYNC_MASTER',
        masterLeaseExpiresMs: 1_700_000_010_000,
        syncStateSet: ['127.0.0.1:20911', '127.0.0.1:30911'],
        replicas: [
          { brokerAddr: '127.0.0.1:20911', haAddr: '127.0.0.1:20912', brokerId: 0, role: 'MASTER', maxOffset: 4096, haConnected: true, epoch: 3, lastHeartbeatMs: 1_700_000_000_000, alive: true },
          { brokerAddr: '127.0.0.1:30911', haAddr: '127.0.0.1:30912', brokerId: 1, role: 'SLAVE', maxOffset: 4096, haConnected: true, epoch: 3, lastHeartbeatMs: 1_700_000_000_000, alive: true },
        ],
        history: [
          { epoch: 2, timeMs: 1_699_999_000_000, newMasterAddr: '127.0.0.1:30911', oldMasterAddr: '127.0.0.1:10911', electedOffset: 2048, reason: 'master lease expired' },
          { epoch: 3, timeMs: 1_699_999_900_000, newMasterAddr: '127.0.0.1:20911', oldMasterAddr: '127.0.0.1:30911', electedOffset: 4096, reason: 'master channel closed' },
        ],
      },
    ],
  };

  it('sends 9103 with no header and decodes the answer', async () => {
    let seen: RemotingCommand | undefined;
    const { addr, admin } = await nameServer((req) => {
      seen = req;
      return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeFailoverState(state));
    });
    expect(await admin.getFailoverState(addr)).toEqual(state);
    expect(seen?.code).toBe(9103);
    expect(seen?.extFields ?? {}).toEqual({});
  });

  it('an empty groups list (failover off) comes back as it is', async () => {
    const { addr, admin } = await nameServer((req) => RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeFailoverState({ groups: [] })));
    expect(await admin.getFailoverState(addr)).toEqual({ groups: [] });
  });

  it('null from a name server without the code (REQUEST_CODE_NOT_SUPPORTED) and from one that never answers (Apache 4.9)', async () => {
    const orbitWithout = await nameServer();
    expect(await orbitWithout.admin.getFailoverState(orbitWithout.addr)).toBeNull();
    const silent = await nameServer(() => null);
    const started = Date.now();
    expect(await silent.admin.getFailoverState(silent.addr, 300)).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('throws when the name server cannot be reached', async () => {
    const { admin } = await nameServer();
    await expect(admin.getFailoverState('127.0.0.1:1')).rejects.toBeInstanceOf(RemotingConnectError);
  });
});
