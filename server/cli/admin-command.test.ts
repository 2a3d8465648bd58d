import { describe, expect, it } from 'vitest';
import type { BrokerReading } from '../client/admin/replication-admin';
import { brokerStatusText, clusterListRows, failoverStateRows, formatTable, parseTimestamp } from './admin-command';

describe('formatTable', () => {
  it('aligns columns and leaves the last one unpadded', () => {
    expect(formatTable([['#Topic', '#QID'], ['LongTopicName', '0'], []])).toBe('#Topic         #QID\nLongTopicName  0\n\n');
  });
});

describe('parseTimestamp', () => {
  it('reads now, epoch ms, ISO and mqadmin dates', () => {
    expect(parseTimestamp('1700000000000')).toBe(1700000000000);
    expect(Math.abs(parseTimestamp('now') - Date.now())).toBeLessThan(1000);
    expect(parseTimestamp('2026-01-02T03:04:05.006Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    expect(parseTimestamp('2026-01-02#03:04:05:006')).toBe(new Date(2026, 0, 2, 3, 4, 5, 6).getTime());
    expect(() => parseTimestamp('yesterday')).toThrow(/bad timestamp/);
  });
});

describe('clusterListRows', () => {
  const info = {
    clusterAddrTable: { DefaultCluster: ['broker-a'] },
    brokerAddrTable: { 'broker-a': { cluster: 'DefaultCluster', brokerName: 'broker-a', brokerAddrs: { '1': '127.0.0.1:20911', '0': '127.0.0.1:10911' } } },
  };
  const now = 1_700_000_000_000;
  const readings = new Map<string, BrokerReading>([
    [
      '127.0.0.1:10911',
      {
        runtime: {
          brokerVersionDesc: 'V4_9_2',
          brokerRole: 'SYNC_MASTER',
          putTps: '12.5 11.0 10.0',
          getTransferedTps: '3 2 1',
          sendThreadPoolQueueSize: '0',
          sendThreadPoolQueueHeadWaitTimeMills: '0',
          pullThreadPoolQueueSize: '1',
          pullThreadPoolQueueHeadWaitTimeMills: '2',
          pageCacheLockTimeMills: '0',
          earliestMessageTimeStamp: String(now - 90 * 60_000),
          commitLogDiskRatio: '0.4213',
          commitLogMaxOffset: '5000',
          haSlaveCount: '1',
          haSlaveFallBehindBytes: '300',
          msgPutTotalYesterdayMorning: '1',
          msgPutTotalTodayMorning: '11',
          msgPutTotalTodayNow: '31',
          msgGetTotalYesterdayMorning: '0',
          msgGetTotalTodayMorning: '5',
          msgGetTotalTodayNow: '6',
        },
      },
    ],
    ['127.0.0.1:20911', { runtime: { brokerVersionDesc: 'V4_9_2', brokerRole: 'SLAVE', commitLogMaxOffset: '4700', haConnected: 'true' } }],
  ]);

  it("has mqadmin's columns, slaves included, then role, HA state and bytes behind", () => {
    const { table, json } = clusterListRows(info, readings, { now });
    expect(table).toEqual([
      ['#Cluster Name', '#Broker Name', '#BID', '#Addr', '#Version', '#InTPS(LOAD)', '#OutTPS(LOAD)', '#PCWait(ms)', '#Hour', '#SPACE', '#Role', '#HA', '#Behind'],
      ['DefaultCluster', 'broker-a', '0', '127.0.0.1:10911', 'V4_9_2', '12.50(0,0ms)', '3.00(1,2ms)', '0', '1.50', '0.4213', 'SYNC_MASTER', '1 connected', '-'],
      ['DefaultCluster', 'broker-a', '1', '127.0.0.1:20911', 'V4_9_2', '0.00(,ms)', '0.00(,ms)', '', '0.00', '0.0000', 'SLAVE', 'connected', '300'],
    ]);
    expect(json[1]).toMatchObject({ brokerId: 1, role: 'SLAVE', haConnected: true, behindBytes: 300, reachable: true });
  });

  it('-m: yesterday and today in/out totals per broker', () => {
    const { table } = clusterListRows(info, readings, { more: true, now });
    expect(table.slice(0, 2)).toEqual([
      ['#Cluster Name', '#Broker Name', '#InTotalYest', '#OutTotalYest', '#InTotalToday', '#OutTotalToday'],
      ['DefaultCluster', 'broker-a', '10', '5', '20', '1'],
    ]);
  });

  it('an unreachable broker keeps its row with dashes', () => {
    const { table, json } = clusterListRows(info, new Map([['127.0.0.1:10911', { error: 'connect ECONNREFUSED' }]]), { now });
    expect(table[1].slice(10)).toEqual(['-', '-', '-']);
    expect(json[0]).toMatchObject({ reachable: false, error: 'connect ECONNREFUSED' });
  });
});

describe('brokerStatusText', () => {
  it("prints mqadmin's key: value lines, sorted, with the address when there are several brokers", () => {
    const t = { haConnected: 'true', brokerRole: 'SLAVE' };
    expect(brokerStatusText([['127.0.0.1:20911', t]], false)).toBe(`${'brokerRole'.padEnd(32)}: SLAVE\n${'haConnected'.padEnd(32)}: true`);
    expect(brokerStatusText([['127.0.0.1:20911', t]], true).split('\n')[0]).toBe(`${'127.0.0.1:20911'.padEnd(24)} ${'brokerRole'.padEnd(32)}: SLAVE`);
  });
});

describe('failoverStateRows', () => {
  it('says when failover is off, else a row per group and one per election', () => {
    expect(failoverStateRows('n:1', null).text).toBe('automatic failover not enabled: n:1 has no failover controller');
    expect(failoverStateRows('n:1', { groups: [] }).text).toMatch(/watches no broker group/);
    const { table } = failoverStateRows('n:1', {
      groups: [
        {
          clusterName: 'C',
          brokerName: 'b',
          epoch: 2,
          masterAddr: 's:1',
          masterRole: 'SYNC_MASTER',
          masterLeaseExpiresMs: 0,
          syncStateSet: ['s:1'],
          replicas: [
            { brokerAddr: 's:1', haAddr: 's:2', brokerId: 0, role: 'MASTER', maxOffset: 0, haConnected: true, epoch: 2, lastHeartbeatMs: 0, alive: true },
            { brokerAddr: 'm:1', haAddr: 'm:2', brokerId: 0, role: 'MASTER', maxOffset: 0, haConnected: true, epoch: 1, lastHeartbeatMs: 0, alive: false },
          ],
          history: [{ epoch: 2, timeMs: 0, newMasterAddr: 's:1', oldMasterAddr: 'm:1', electedOffset: 0, reason: 'master m:1 lost its lease' }],
        },
      ],
    });
    expect(table?.[1]).toEqual(['C', 'b', '2', 's:1', 'SYNC_MASTER', 's:1', '2 (1)']);
    expect(table?.[4]).toEqual(['b', '2', '-', 's:1', 'm:1', '0', 'master m:1 lost its lease']);
  });
});
