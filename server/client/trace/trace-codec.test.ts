import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SEPARATOR, FIELD_SEPARATOR, decodeTraceData, emptyBean, encodeTraceContext, type TraceContext } from './trace-codec';

/**
 * fixtures/java-4.9.7-encoder.tsv is the output of Java's own TraceDataEncoder.encoderFromContextBean
 * (rocketmq-client 4.9.7) for the contexts below: fixtures/Golden.java.txt made it
 * (`java -cp <rocketmq-client 4.9.7 classpath> Golden.java`). Columns: name, data (\u0001/\u0002 escaped), keys.
 */
const golden = new Map(
  fs
    .readFileSync(path.join(__dirname, 'fixtures', 'java-4.9.7-encoder.tsv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'))
    .map(([name, data, keys]) => [name, { data: data.replaceAll('\\u0001', CONTENT_SEPARATOR).replaceAll('\\u0002', FIELD_SEPARATOR), keys: keys.split(',') }]),
);

const MSG1 = '7F00000100002A9F0000000000000001';
const base = { regionId: 'DefaultRegion', costTime: 0, success: true, requestId: '', contextCode: 0 };
const contexts: Record<string, TraceContext> = {
  pub: {
    ...base,
    traceType: 'Pub',
    timeStamp: 1700000000000,
    groupName: 'pg-trace',
    costTime: 7,
    beans: [
      emptyBean({ topic: 'TopicT', msgId: MSG1, tags: 'TagA', keys: 'order-1 order-2', storeHost: '127.0.0.1:10911', bodyLength: 42, msgType: 'Normal_Msg', offsetMsgId: '7F00000100002A9F00000000000000FF' }),
    ],
  },
  subBefore: { ...base, traceType: 'SubBefore', timeStamp: 1700000000100, groupName: 'cg-trace', requestId: 'REQ1', beans: [emptyBean({ msgId: MSG1, retryTimes: 2 })] },
  subAfter: {
    ...base,
    traceType: 'SubAfter',
    timeStamp: 1700000000200,
    groupName: 'cg-trace',
    requestId: 'REQ1',
    costTime: 12,
    success: false,
    contextCode: 4,
    beans: [emptyBean({ msgId: MSG1, retryTimes: 2 })],
  },
  endTransaction: {
    ...base,
    traceType: 'EndTransaction',
    timeStamp: 1700000000300,
    groupName: 'pg-tx',
    beans: [
      emptyBean({
        topic: 'TopicT',
        msgId: '7F00000100002A9F0000000000000002',
        keys: 'k1',
        storeHost: '127.0.0.1:10911',
        msgType: 'Trans_msg_Commit',
        transactionId: 'TX1',
        transactionState: 'COMMIT_MESSAGE',
        fromTransactionCheck: true,
      }),
    ],
  },
};

describe('trace codec against Java 4.9.7 TraceDataEncoder output', () => {
  for (const name of Object.keys(contexts)) {
    it(`encodes ${name} byte for byte as Java does, with Java's keys`, () => {
      const want = golden.get(name)!;
      expect(want).toBeDefined();
      const got = encodeTraceContext(contexts[name]);
      expect(got.data).toBe(want.data);
      expect(new Set(got.keys)).toEqual(new Set(want.keys));
    });

    it(`decodes Java's ${name} record back to the context`, () => {
      const [ctx, ...rest] = decodeTraceData(golden.get(name)!.data);
      expect(rest).toHaveLength(0);
      const want = contexts[name];
      expect(ctx.traceType).toBe(want.traceType);
      expect(ctx.timeStamp).toBe(want.timeStamp);
      expect(ctx.groupName).toBe(want.groupName);
      expect(ctx.costTime).toBe(want.costTime);
      expect(ctx.success).toBe(want.success);
      expect(ctx.beans[0].msgId).toBe(want.beans[0].msgId);
      expect(ctx.beans[0].keys).toBe(want.beans[0].keys);
    });
  }

  it('decodes one trace message holding several records (a batch the dispatcher joined)', () => {
    const body = golden.get('pub')!.data + golden.get('subBefore')!.data + golden.get('subAfter')!.data;
    const all = decodeTraceData(body);
    expect(all.map((c) => c.traceType)).toEqual(['Pub', 'SubBefore', 'SubAfter']);
    expect(all[0].beans[0]).toMatchObject({ offsetMsgId: '7F00000100002A9F00000000000000FF', storeHost: '127.0.0.1:10911', bodyLength: 42, tags: 'TagA' });
    expect(all[1].beans[0].retryTimes).toBe(2);
    expect(all[2].contextCode).toBe(4);
  });

  it('takes the older and newer shapes Java reads: Pub of 13 and 15 fields, SubAfter of 6', () => {
    const j = (f: (string | number)[]) => f.join(CONTENT_SEPARATOR) + FIELD_SEPARATOR;
    const old = j(['Pub', 1, 'R', 'pg', 'T', 'ID1', 'tg', 'k', 'h:1', 3, 4, 3, 'false']);
    const newer = j(['Pub', 1, 'R', 'pg', 'T', 'ID2', 'tg', 'k', 'h:1', 3, 4, 0, 'OFF', 'true', '10.0.0.9']);
    const shortAfter = j(['SubAfter', 'REQ', 'ID1', 5, 'true', 'k']);
    const [a, b, c] = decodeTraceData(old + newer + shortAfter + j(['Unknown', 1]));
    expect(a).toMatchObject({ success: false, beans: [{ msgId: 'ID1', offsetMsgId: '', msgType: 'Delay_Msg' }] });
    expect(b).toMatchObject({ success: true, beans: [{ msgId: 'ID2', offsetMsgId: 'OFF', clientHost: '10.0.0.9' }] });
    expect(c).toMatchObject({ traceType: 'SubAfter', timeStamp: 0, groupName: '', costTime: 5, beans: [{ msgId: 'ID1' }] });
  });

  it('writes one SubBefore/SubAfter record per message of a consume batch', () => {
    const ctx: TraceContext = { ...contexts.subBefore, beans: [emptyBean({ msgId: 'A', keys: 'ka' }), emptyBean({ msgId: 'B' })] };
    const t = encodeTraceContext(ctx);
    expect(decodeTraceData(t.data).map((c) => c.beans[0].msgId)).toEqual(['A', 'B']);
    expect(t.keys).toEqual(['A', 'ka', 'B']);
  });
});
