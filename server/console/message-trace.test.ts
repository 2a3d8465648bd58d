import { describe, expect, it } from 'vitest';
import type { MessageView } from '../client/admin/types';
import { emptyBean, encodeTraceContext, type TraceContext } from '../client/trace/trace-codec';
import type { AdminClientLike } from './admin-client-cache';
import { getMessageTrace } from './message-trace';

const MSG = 'C0A8000100002A9F0000000000000001';

function view(init: Partial<MessageView>): MessageView {
  return {
    topic: 'T',
    brokerName: 'broker-a',
    queueId: 1,
    queueOffset: 5,
    commitLogOffset: 0,
    msgId: MSG,
    offsetMsgId: 'OFF',
    bornTimestamp: 0,
    bornHost: '10.0.0.7:40000',
    storeTimestamp: 1000,
    storeHost: '127.0.0.1:10911',
    reconsumeTimes: 0,
    sysFlag: 0,
    flag: 0,
    properties: {},
    body: Buffer.alloc(0),
    ...init,
  } as MessageView;
}

const ctx = (c: Partial<TraceContext> & Pick<TraceContext, 'traceType'>, bean = {}): TraceContext => ({
  timeStamp: 0,
  regionId: 'R',
  groupName: '',
  costTime: 0,
  success: true,
  requestId: 'q1',
  contextCode: 0,
  beans: [emptyBean({ msgId: MSG, ...bean })],
  ...c,
});

/** An admin client that answers from tables; whatever a test leaves out fails as the cluster would. */
function fakeAdmin(t: { message?: MessageView | null; trace?: MessageView[]; subscribed?: string[]; offsets?: Record<string, number>; dlq?: Record<string, MessageView> }) {
  return {
    viewMessage: async () => t.message ?? null,
    queryMessageByKey: async (topic: string) => {
      if (topic === 'RMQ_SYS_TRACE_TOPIC') {
        if (!t.trace) throw new Error('No route info of this topic: RMQ_SYS_TRACE_TOPIC');
        return t.trace;
      }
      const g = topic.replace('%DLQ%', '');
      return t.dlq?.[g] ? [t.dlq[g]] : [];
    },
    queryTopicConsumeByWho: async () => t.subscribed ?? [],
    examineConsumeStats: async (group: string) => ({
      group,
      consumeTps: 0,
      totalDiff: 0,
      queues: group in (t.offsets ?? {}) ? [{ topic: 'T', brokerName: 'broker-a', queueId: 1, brokerOffset: 10, consumerOffset: t.offsets![group], lag: 0, lastTimestamp: 0 }] : [],
    }),
  } as unknown as AdminClientLike;
}

const traceMessage = (...contexts: TraceContext[]) =>
  view({ topic: 'RMQ_SYS_TRACE_TOPIC', bornHost: '10.0.0.9:5000', body: Buffer.from(contexts.map((c) => encodeTraceContext(c).data).join('')) });

describe('getMessageTrace', () => {
  it('merges the records into one timeline sorted by time and adds the broker view of each group', async () => {
    const a = fakeAdmin({
      message: view({}),
      trace: [
        traceMessage(
          ctx({ traceType: 'SubAfter', timeStamp: 1300, groupName: 'cg', costTime: 4 }),
          ctx({ traceType: 'Pub', timeStamp: 990, groupName: 'pg', costTime: 12 }, { topic: 'T' }),
          ctx({ traceType: 'SubBefore', timeStamp: 1296, groupName: 'cg' }),
          // Another message's record in the same trace message is left out.
          ctx({ traceType: 'SubBefore', timeStamp: 1, groupName: 'cg', requestId: 'other' }, { msgId: 'ANOTHER' }),
        ),
      ],
      subscribed: ['cg', 'lagging', '_INNER_TRACE_PRODUCER-x-CONSUME-1'],
      offsets: { cg: 6, lagging: 5 },
      dlq: { lagging: view({ topic: '%DLQ%lagging', offsetMsgId: 'DLQOFF', storeTimestamp: 2000 }) },
    });
    const t = await getMessageTrace({ id: MSG, topic: 'T' }, a);
    expect(t.traced).toBe(true);
    expect(t.problems).toEqual([]);
    expect(t.stored).toMatchObject({ brokerName: 'broker-a', queueId: 1, queueOffset: 5, storeTimestamp: 1000 });
    expect(t.producer).toMatchObject({ group: 'pg', clientHost: '10.0.0.9', costMs: 12 });
    expect(t.groups.map((g) => [g.group, g.consumedByOffset, g.deliveries.length, g.dlq?.topic ?? null])).toEqual([
      ['cg', true, 1, null],
      ['lagging', false, 0, '%DLQ%lagging'],
    ]);
    expect(t.timeline.map((e) => [e.kind, e.timestamp])).toEqual([
      ['sent', 990],
      ['stored', 1000],
      ['consumeStart', 1296],
      ['consumeEnd', 1300],
      ['dlq', 2000],
    ]);
    // The steps carry their particulars as values; the console words them.
    expect(t.timeline).toMatchObject([
      { kind: 'sent', group: 'pg', topic: 'T', costMs: 12 },
      { kind: 'stored', brokerName: 'broker-a', queueId: 1, queueOffset: 5 },
      { kind: 'consumeStart', group: 'cg', retryTimes: 0 },
      { kind: 'consumeEnd', group: 'cg', status: 'success', costMs: 4 },
      { kind: 'dlq', group: 'lagging', topic: '%DLQ%lagging' },
    ]);
  });

  it('without the message or a trace topic still answers, saying what it could not read', async () => {
    const t = await getMessageTrace({ id: MSG }, fakeAdmin({ message: null }));
    expect(t).toMatchObject({ msgId: MSG, topic: null, traced: false, stored: null, producer: null, groups: [], timeline: [] });
    expect(t.problems).toEqual([expect.stringContaining('trace topic RMQ_SYS_TRACE_TOPIC')]);
  });

  it('takes the store host from the Pub record when the message itself is gone', async () => {
    const a = fakeAdmin({ message: null, trace: [traceMessage(ctx({ traceType: 'Pub', timeStamp: 5, groupName: 'pg' }, { storeHost: '10.1.1.1:10911' }))] });
    const t = await getMessageTrace({ id: MSG, topic: 'T' }, a);
    expect(t.stored).toEqual({ brokerName: null, queueId: null, queueOffset: null, storeTimestamp: null, storeHost: '10.1.1.1:10911', offsetMsgId: '' });
    expect(t.timeline.map((e) => e.kind)).toEqual(['sent']);
  });
});
