import { describe, expect, it } from 'vitest';
import type { ClusterInfo } from '../client/admin/types';
import { collectClusterOverview, flattenClusterInfo } from './cluster-overview';

const info: ClusterInfo = {
  brokerAddrTable: {
    'broker-b': { cluster: 'DefaultCluster', brokerName: 'broker-b', brokerAddrs: { '1': '10.0.0.4:10911', '0': '10.0.0.3:10911' } },
    'broker-a': { cluster: 'DefaultCluster', brokerName: 'broker-a', brokerAddrs: { '0': '10.0.0.1:10911', '2': '10.0.0.2:10911' } },
    'other-a': { cluster: 'AnotherCluster', brokerName: 'other-a', brokerAddrs: { '0': '10.0.1.1:10911' } },
  },
  clusterAddrTable: { DefaultCluster: ['broker-b', 'broker-a'], AnotherCluster: ['other-a'], EmptyCluster: [] },
};

const fixedNow = () => new Date('2026-01-01T00:00:00.000Z');

describe('flattenClusterInfo', () => {
  it('lists every broker instance sorted, with its role from the id', () => {
    const { brokers } = flattenClusterInfo(info);
    expect(brokers.map((b) => `${b.cluster}/${b.brokerName}/${b.brokerId}/${b.role}/${b.addr}`)).toEqual([
      'AnotherCluster/other-a/0/master/10.0.1.1:10911',
      'DefaultCluster/broker-a/0/master/10.0.0.1:10911',
      'DefaultCluster/broker-a/2/slave/10.0.0.2:10911',
      'DefaultCluster/broker-b/0/master/10.0.0.3:10911',
      'DefaultCluster/broker-b/1/slave/10.0.0.4:10911',
    ]);
  });

  it('lists clusters, including one with no broker', () => {
    expect(flattenClusterInfo(info).clusters).toEqual([
      { name: 'AnotherCluster', brokerNames: ['other-a'] },
      { name: 'DefaultCluster', brokerNames: ['broker-a', 'broker-b'] },
      { name: 'EmptyCluster', brokerNames: [] },
    ]);
  });

  it('copes with empty tables', () => {
    expect(flattenClusterInfo({ brokerAddrTable: {}, clusterAddrTable: {} })).toEqual({ clusters: [], brokers: [] });
  });
});

describe('collectClusterOverview', () => {
  it('combines probe, cluster info and topics', async () => {
    const dto = await collectClusterOverview(
      {
        probeNameServers: async () => [
          { addr: 'n1:9876', ok: true, rttMs: 1.5 },
          { addr: 'n2:9876', ok: false, rttMs: null },
        ],
        getBrokerClusterInfo: async () => info,
        getAllTopicList: async () => ['TopicTest', 'SELF_TEST_TOPIC'],
      },
      ['n1:9876', 'n2:9876'],
      fixedNow,
    );
    expect(dto.nameServers).toEqual([
      { addr: 'n1:9876', reachable: true, rttMs: 1.5 },
      { addr: 'n2:9876', reachable: false, rttMs: null },
    ]);
    expect(dto.brokers).toHaveLength(5);
    expect(dto.clusters).toHaveLength(3);
    expect(dto.topicCount).toBe(2);
    expect(dto.problems).toEqual([]);
    expect(dto.fetchedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('still lists the configured name servers when nothing answers', async () => {
    const down = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const dto = await collectClusterOverview(
      { probeNameServers: down, getBrokerClusterInfo: down, getAllTopicList: down },
      ['127.0.0.1:9876'],
      fixedNow,
    );
    expect(dto.nameServers).toEqual([{ addr: '127.0.0.1:9876', reachable: false, rttMs: null }]);
    expect(dto.brokers).toEqual([]);
    expect(dto.topicCount).toBeNull();
    expect(dto.problems).toEqual([
      'name server probe failed: connect ECONNREFUSED',
      'cluster info unavailable: connect ECONNREFUSED',
      'topic list unavailable: connect ECONNREFUSED',
    ]);
  });

  it('keeps the configured order and a name server missing from the probe counts as unreachable', async () => {
    const dto = await collectClusterOverview(
      {
        probeNameServers: async () => [{ addr: 'b:2', ok: true, rttMs: 3 }],
        getBrokerClusterInfo: async () => ({ brokerAddrTable: {}, clusterAddrTable: {} }),
        getAllTopicList: async () => [],
      },
      ['a:1', 'b:2'],
      fixedNow,
    );
    expect(dto.nameServers.map((n) => [n.addr, n.reachable])).toEqual([
      ['a:1', false],
      ['b:2', true],
    ]);
    expect(dto.topicCount).toBe(0);
  });
});
