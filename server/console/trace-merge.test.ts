import { describe, expect, it } from 'vitest';
import { emptyBean, type TraceContext } from '../client/trace/trace-codec';
import { mergeTraceRecords, type TraceRecord } from './trace-merge';

const ctx = (c: Partial<TraceContext> & Pick<TraceContext, 'traceType'>, bean = {}): TraceContext => ({
  timeStamp: 0,
  regionId: 'R',
  groupName: '',
  costTime: 0,
  success: true,
  requestId: '',
  contextCode: 0,
  beans: [emptyBean({ msgId: 'M', ...bean })],
  ...c,
});
const rec = (c: TraceContext, bornHost = '10.0.0.1:5555'): TraceRecord => ({ ctx: c, bornHost });

describe('mergeTraceRecords', () => {
  it('joins SubBefore and SubAfter by request id, per group, with the client host from the trace message', () => {
    const m = mergeTraceRecords([
      rec(ctx({ traceType: 'Pub', timeStamp: 100, groupName: 'pg', costTime: 3 }, { topic: 'T', storeHost: 'b:10911' }), '10.0.0.9:1'),
      rec(ctx({ traceType: 'SubAfter', requestId: 'r2', timeStamp: 400, groupName: 'cg', costTime: 5, success: true })),
      rec(ctx({ traceType: 'SubBefore', requestId: 'r1', timeStamp: 200, groupName: 'cg' }, { retryTimes: 0 })),
      rec(ctx({ traceType: 'SubAfter', requestId: 'r1', timeStamp: 210, groupName: 'cg', costTime: 10, success: false, contextCode: 4 })),
      rec(ctx({ traceType: 'SubBefore', requestId: 'r2', timeStamp: 395, groupName: 'cg' }, { retryTimes: 1 })),
      rec(ctx({ traceType: 'SubBefore', requestId: 'r3', timeStamp: 300, groupName: 'other' })),
    ]);
    expect(m.producer).toMatchObject({ group: 'pg', clientHost: '10.0.0.9', timestamp: 100, costMs: 3, storeHost: 'b:10911' });
    expect(m.deliveries.get('cg')).toEqual([
      { requestId: 'r1', clientHost: '10.0.0.1', beginTimestamp: 200, endTimestamp: 210, costMs: 10, retryTimes: 0, status: 'failed', returnType: 'FAILED' },
      { requestId: 'r2', clientHost: '10.0.0.1', beginTimestamp: 395, endTimestamp: 400, costMs: 5, retryTimes: 1, status: 'success', returnType: 'SUCCESS' },
    ]);
    expect(m.deliveries.get('other')?.[0]).toMatchObject({ status: 'unknown', costMs: null, endTimestamp: null });
  });

  it('takes the group from SubBefore when an old client wrote SubAfter without one, and derives its end time', () => {
    const m = mergeTraceRecords([
      rec(ctx({ traceType: 'SubBefore', requestId: 'r', timeStamp: 50, groupName: 'cg' })),
      rec(ctx({ traceType: 'SubAfter', requestId: 'r', timeStamp: 0, groupName: '', costTime: 7 })),
    ]);
    expect(m.deliveries.get('cg')?.[0]).toMatchObject({ endTimestamp: 57, status: 'success' });
  });

  it('keeps the successful Pub of a retried send and lists END_TRANSACTION reports by time', () => {
    const m = mergeTraceRecords([
      rec(ctx({ traceType: 'Pub', timeStamp: 1, groupName: 'pg', success: true })),
      rec(ctx({ traceType: 'Pub', timeStamp: 2, groupName: 'pg', success: false })),
      rec(ctx({ traceType: 'EndTransaction', timeStamp: 9, groupName: 'pg' }, { transactionState: 'COMMIT_MESSAGE', fromTransactionCheck: true })),
      rec(ctx({ traceType: 'EndTransaction', timeStamp: 5, groupName: 'pg' }, { transactionState: 'UNKNOW' })),
    ]);
    expect(m.producer).toMatchObject({ timestamp: 1, success: true });
    expect(m.transactions.map((t) => [t.state, t.fromTransactionCheck])).toEqual([
      ['UNKNOW', false],
      ['COMMIT_MESSAGE', true],
    ]);
  });
});
