import { describe, expect, it } from 'vitest';
import type { TopicRouteData } from '../../remoting/body/route-data';
import { acceptMessageTypes, advertisedEndpoints, routeToAssignments, routeToMessageQueues, topicMessageType } from './route-convert';

const route = (qds: { brokerName: string; r: number; w: number; perm: number }[]): TopicRouteData =>
  ({
    queueDatas: qds.map((q) => ({ brokerName: q.brokerName, readQueueNums: q.r, writeQueueNums: q.w, perm: q.perm, topicSysFlag: 0 })),
    brokerDatas: qds.map((q) => ({ cluster: 'c', brokerName: q.brokerName, brokerAddrs: new Map([[0, '10.0.0.1:10911'], [1, '10.0.0.2:10911']]) })),
  }) as unknown as TopicRouteData;

const ep = advertisedEndpoints(undefined, '127.0.0.1', 8081);

describe('route conversion', () => {
  it('emits one broker id 0 per group at the proxy address, read-only, write-only, then read-write ids', () => {
    const mqs = routeToMessageQueues('T', route([{ brokerName: 'a', r: 3, w: 1, perm: 6 }]), ep, ['NORMAL']);
    expect(mqs.map((q) => [q.id, q.permission])).toEqual([
      [0, 'READ'],
      [1, 'READ'],
      [2, 'READ_WRITE'],
    ]);
    expect(mqs.every((q) => q.broker?.id === 0 && q.broker.endpoints.addresses?.[0].port === 8081)).toBe(true);
    const none = routeToMessageQueues('T', route([{ brokerName: 'a', r: 2, w: 2, perm: 0 }]), ep, ['NORMAL']);
    expect(none.map((q) => q.permission)).toEqual(['NONE', 'NONE']);
  });

  it('maps topic types to accepted message types', () => {
    expect(topicMessageType(undefined)).toBe('NORMAL');
    expect(topicMessageType({ attributes: { 'message.type': 'FIFO' } } as never)).toBe('FIFO');
    expect(acceptMessageTypes('MIXED')).toEqual(['NORMAL', 'FIFO', 'DELAY', 'TRANSACTION']);
    expect(acceptMessageTypes('UNSPECIFIED')).toEqual(['MESSAGE_TYPE_UNSPECIFIED']);
  });

  it('advertises the first address the client used, with its scheme', () => {
    expect(advertisedEndpoints({ addresses: [{ host: 'mq.example.com', port: 443 }, { host: 'x', port: 1 }] }, '127.0.0.1', 8081)).toEqual({
      scheme: 'DOMAIN_NAME',
      addresses: [{ host: 'mq.example.com', port: 443 }],
    });
    expect(ep.scheme).toBe('IPv4');
  });

  it('assigns -1 per readable broker, or every read queue to a FIFO group', () => {
    const r = route([
      { brokerName: 'a', r: 2, w: 2, perm: 6 },
      { brokerName: 'b', r: 2, w: 2, perm: 2 },
    ]);
    expect(routeToAssignments('T', r, ep, false).map((a) => [a.messageQueue.broker?.name, a.messageQueue.id])).toEqual([['a', -1]]);
    expect(routeToAssignments('T', r, ep, true).map((a) => a.messageQueue.id)).toEqual([0, 1]);
  });
});
