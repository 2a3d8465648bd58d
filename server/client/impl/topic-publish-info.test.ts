import { describe, expect, it } from 'vitest';
import type { TopicRouteData } from '../../remoting/body/route-data';
import { LatencyFaultTolerance, routeToPublishInfo, routeToSubscribeInfo, selectOneMessageQueue } from './topic-publish-info';

const route: TopicRouteData = {
  queueDatas: [
    { brokerName: 'b', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicSysFlag: 0 },
    { brokerName: 'a', readQueueNums: 3, writeQueueNums: 2, perm: 6, topicSysFlag: 0 },
    { brokerName: 'c', readQueueNums: 1, writeQueueNums: 1, perm: 4, topicSysFlag: 0 },
  ],
  brokerDatas: [
    { cluster: 'C', brokerName: 'a', brokerAddrs: new Map([[0, '1:1']]) },
    { cluster: 'C', brokerName: 'b', brokerAddrs: new Map([[0, '1:2']]) },
    { cluster: 'C', brokerName: 'c', brokerAddrs: new Map([[0, '1:3']]) },
  ],
  filterServerTable: {},
};

describe('route → queues', () => {
  it('publishes write queues of writable brokers with a master, sorted by broker', () => {
    const info = routeToPublishInfo('T', route);
    expect(info.messageQueueList.map((q) => `${q.brokerName}${q.queueId}`)).toEqual(['a0', 'a1', 'b0', 'b1']);
  });
  it('subscribes read queues of readable brokers', () => {
    expect(routeToSubscribeInfo('T', route).length).toBe(6);
  });
  it('avoids the last failed broker on retry', () => {
    const info = routeToPublishInfo('T', route);
    for (let i = 0; i < 10; i++) expect(selectOneMessageQueue(info, 'a').brokerName).toBe('b');
  });
});

describe('LatencyFaultTolerance', () => {
  it('maps latency to an isolation time', () => {
    expect(LatencyFaultTolerance.computeNotAvailableDuration(10)).toBe(0);
    expect(LatencyFaultTolerance.computeNotAvailableDuration(600)).toBe(30_000);
    expect(LatencyFaultTolerance.computeNotAvailableDuration(30_000)).toBe(600_000);
  });

  it('steers sends away from a failed broker until its time is up, and falls back when all failed', () => {
    let now = 1000;
    const f = new LatencyFaultTolerance(() => now);
    const info = routeToPublishInfo('T', route);
    f.updateFaultItem('a', 100, true);
    for (let i = 0; i < 10; i++) expect(f.selectOneMessageQueue(info).brokerName).toBe('b');
    f.updateFaultItem('b', 100, true);
    expect(['a', 'b']).toContain(f.selectOneMessageQueue(info).brokerName);
    now += 600_001;
    expect(f.isAvailable('a')).toBe(true);
  });
});
