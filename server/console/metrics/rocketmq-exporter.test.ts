import { describe, expect, it } from 'vitest';
import type { QueueConsumeStats } from '../../client/admin/types';
import { parseDirCapacity, RocketMQExporter, runtimeNumber, type ExporterAdmin } from './rocketmq-exporter';

const q = (topic: string, queueId: number, brokerOffset: number, consumerOffset: number): QueueConsumeStats => ({
  topic, brokerName: 'broker-a', queueId, brokerOffset, consumerOffset, lag: brokerOffset - consumerOffset, lastTimestamp: 0,
});

function fakeAdmin(calls: { n: number }): ExporterAdmin {
  return {
    getBrokerClusterInfo: async () => {
      calls.n++;
      return { brokerAddrTable: { 'broker-a': { cluster: 'DefaultCluster', brokerName: 'broker-a', brokerAddrs: { '0': '10.0.0.1:10911' } } }, clusterAddrTable: { DefaultCluster: ['broker-a'] } };
    },
    getBrokerRuntimeInfo: async () => ({ putTps: '12.50 11.00 10.00', msgPutTotalTodayNow: '42', brokerVersionDesc: 'V4_9_7', bootTimestamp: '1700000000000', commitLogDirCapacity: 'Total : 2.0 GiB, Free : 1.0 GiB.' }),
    getAllTopicList: async () => ['orders', '%DLQ%orders-cg'],
    examineTopicStats: async (topic) => [{ brokerName: 'broker-a', queueId: 0, minOffset: 0, maxOffset: topic === 'orders' ? 100 : 3, lastUpdateTimestamp: 0 }],
    listGroups: async () => [{ group: 'orders-cg' }],
    viewBrokerStatsData: async () => ({ statsMinute: { sum: 60, tps: 1.5, avgpt: 0 }, statsHour: { sum: 0, tps: 0, avgpt: 0 }, statsDay: { sum: 0, tps: 0, avgpt: 0 } }),
    examineConsumeStats: async (group) => ({ group, consumeTps: 0, totalDiff: 0, queues: [q('orders', 0, 100, 40), q('%RETRY%orders-cg', 0, 5, 3)] }),
    examineConsumerConnection: async () => null,
    pullQueue: async () => ({ status: 'FOUND', nextBeginOffset: 41, minOffset: 0, maxOffset: 100, messages: [{ storeTimestamp: Date.now() - 30_000 } as never] }),
    topicDepth: async () => 3,
    examineReplication: async () => [],
  };
}

describe('RocketMQExporter', () => {
  it('parses runtime figures', () => {
    expect(runtimeNumber('1.5 2.5 3.5', 1)).toBe(2.5);
    expect(runtimeNumber('7')).toBe(7);
    expect(runtimeNumber(undefined)).toBeNull();
    expect(parseDirCapacity('Total : 2.0 GiB, Free : 1.0 GiB.')).toEqual({ total: 2 * 1024 ** 3, free: 1024 ** 3 });
  });

  it('exposes the rocketmq-exporter names and labels, and caches one collection per interval', async () => {
    const calls = { n: 0 };
    let now = 1_000;
    const exporter = new RocketMQExporter(() => fakeAdmin(calls), { cacheTtlMs: 10_000, now: () => now });
    const text = await exporter.scrape();
    expect(text).toContain('rocketmq_group_diff{group="orders-cg",topic="orders",countOfOnlineConsumers="0",msgModel="1"} 60');
    expect(text).toContain('rocketmq_group_retrydiff{group="orders-cg",topic="%RETRY%orders-cg",countOfOnlineConsumers="0",msgModel="1"} 2');
    expect(text).toContain('rocketmq_group_dlqdiff{group="orders-cg",topic="%DLQ%orders-cg",countOfOnlineConsumers="0",msgModel="1"} 3');
    expect(text).toContain('rocketmq_group_count{caddr="",localaddr="",group="orders-cg"} 0');
    expect(text).toContain('rocketmq_producer_offset{cluster="DefaultCluster",broker="broker-a",topic="orders"} 100');
    expect(text).toContain('rocketmq_topic_dlq_offset{cluster="DefaultCluster",broker="broker-a",group="orders-cg"} 3');
    expect(text).toContain('rocketmq_producer_tps{cluster="DefaultCluster",broker="broker-a",topic="orders"} 1.5');
    expect(text).toContain('rocketmq_consumer_tps{cluster="DefaultCluster",broker="broker-a",topic="orders",group="orders-cg"} 1.5');
    expect(text).toMatch(/rocketmq_group_get_latency_by_storetime\{cluster="DefaultCluster",broker="broker-a",topic="orders",group="orders-cg"\} (29\d{3}|3\d{4})(\.\d+)?\n/);
    expect(text).toContain('rocketmq_broker_tps{cluster="DefaultCluster",brokerIP="10.0.0.1:10911",broker="broker-a"} 12.5');
    expect(text).toContain(
      'rocketmq_brokeruntime_put_tps60{cluster="DefaultCluster",brokerIP="10.0.0.1:10911",brokerHost="10.0.0.1",des="",boottime="1700000000000",broker_version="V4_9_7"} 11',
    );
    expect(text).toContain('rocketmq_brokeruntime_commitlogdir_capacity_free{');

    now += 5_000;
    await exporter.scrape();
    expect(calls.n).toBe(1);
    now += 6_000;
    await exporter.scrape();
    expect(calls.n).toBe(2);
  });
});
