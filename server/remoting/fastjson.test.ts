import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JavaDouble, JavaJsonError, parseJavaJson, stringifyJavaJson } from './fastjson';

describe('reading what fastjson writes', () => {
  it('reads unquoted integer keys (Map<Long,String>)', () => {
    const o = parseJavaJson('{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a"}');
    expect(o.brokerAddrs).toEqual({ 0: '10.0.0.1:10911', 1: '10.0.0.2:10911' });
  });

  it('reads object keys (Map<MessageQueue,X>) into a Map', () => {
    const text =
      '{"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"TopicTest"}:{"lastUpdateTimestamp":1700000000123,"maxOffset":42,"minOffset":0},{"brokerName":"broker-a","queueId":1,"topic":"TopicTest"}:{"lastUpdateTimestamp":0,"maxOffset":0,"minOffset":0}}}';
    const o = parseJavaJson(text);
    expect(o.offsetTable).toBeInstanceOf(Map);
    const entries = [...o.offsetTable.entries()];
    expect(entries[0][0]).toEqual({ brokerName: 'broker-a', queueId: 0, topic: 'TopicTest' });
    expect(entries[0][1].maxOffset).toBe(42);
    expect(stringifyJavaJson(o)).toBe(text);
  });

  it('keeps 64-bit numbers exact', () => {
    const o = parseJavaJson('{"a":9223372036854775807,"b":-9223372036854775808,"c":1700000000000,"d":0.0,"e":1.5E3}');
    expect(o.a).toBe(9223372036854775807n);
    expect(o.b).toBe(-9223372036854775808n);
    expect(o.c).toBe(1700000000000);
    expect(o.d).toBe(0);
    expect(o.e).toBe(1500);
    expect(stringifyJavaJson({ a: o.a })).toBe('{"a":9223372036854775807}');
  });

  it('handles escapes, unicode and whitespace', () => {
    expect(parseJavaJson(' { "k" : "a\\u0001b\\"c✓" , "n" : null } ')).toEqual({ k: 'a\u0001b"c✓', n: null });
  });

  it('refuses broken text with a clear error', () => {
    for (const bad of ['{', '{"a":}', '[1,', '{"a":1}x', '', '{a b}', '"abc']) {
      expect(() => parseJavaJson(bad)).toThrow(JavaJsonError);
    }
  });
});

describe('writing what Java reads', () => {
  it('writes beans with sorted keys and no nulls, maps with their key forms', () => {
    const text = stringifyJavaJson({
      queueDatas: [{ writeQueueNums: 4, brokerName: 'b', perm: 6 }],
      brokerDatas: [{ brokerAddrs: new Map([[0, '127.0.0.1:10911']]), brokerName: 'b', cluster: 'C' }],
      orderTopicConf: undefined,
      filterServerTable: {},
      nothing: null,
    });
    expect(text).toBe(
      '{"brokerDatas":[{"brokerAddrs":{0:"127.0.0.1:10911"},"brokerName":"b","cluster":"C"}],"filterServerTable":{},"queueDatas":[{"brokerName":"b","perm":6,"writeQueueNums":4}]}',
    );
  });

  it('writes doubles with a fraction when asked', () => {
    expect(stringifyJavaJson({ consumeTps: new JavaDouble(0) })).toBe('{"consumeTps":0.0}');
    expect(stringifyJavaJson({ consumeTps: new JavaDouble(1.25) })).toBe('{"consumeTps":1.25}');
  });

  it('round-trips any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const normal = JSON.parse(JSON.stringify(v));
        expect(parseJavaJson(stringifyJavaJson(normal))).toEqual(sortDeep(normal));
      }),
      { numRuns: 300 },
    );
  });
});

function sortDeep(v: any): any {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if (v[k] !== null) out[k] = sortDeep(v[k]);
    return out;
  }
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && !String(v).includes('e')) return BigInt(String(v));
  return Object.is(v, -0) ? 0 : v;
}
