import { describe, expect, it } from 'vitest';
import { isSystemGroup, pageOf, topicKind } from './topics';
import { topicInputSchema, resetOffsetInputSchema, messageByTimeQuerySchema } from './schemas/admin';
import { csvField, hexDump, prettyJson, toCsv } from './format';

describe('topicKind', () => {
  it('tells retry, DLQ, system and normal topics apart', () => {
    expect(topicKind('%RETRY%g')).toBe('retry');
    expect(topicKind('%DLQ%g')).toBe('dlq');
    expect(topicKind('TBW102')).toBe('system');
    expect(topicKind('rmq_sys_wheel')).toBe('system');
    expect(topicKind('DefaultCluster', new Set(['DefaultCluster']))).toBe('system');
    expect(topicKind('DefaultCluster_REPLY_TOPIC', new Set(['DefaultCluster']))).toBe('system');
    expect(topicKind('Orders')).toBe('normal');
    expect(isSystemGroup('TOOLS_CONSUMER')).toBe(true);
    expect(isSystemGroup('orders-consumer')).toBe(false);
  });
});

describe('pageOf', () => {
  it('pages and clamps', () => {
    const items = Array.from({ length: 5001 }, (_, i) => i);
    expect(pageOf(items, 1, 50).items).toHaveLength(50);
    expect(pageOf(items, 101, 50)).toEqual({ items: [5000], page: 101 });
    expect(pageOf(items, 999, 50).page).toBe(101);
    expect(pageOf([], 3, 50)).toEqual({ items: [], page: 1 });
  });
});

describe('topicInputSchema', () => {
  it('accepts a valid topic and reports the broker rules', () => {
    expect(topicInputSchema.parse({ topic: 'Orders', readQueueNums: '8', writeQueueNums: 8, perm: '6' })).toEqual({
      topic: 'Orders',
      readQueueNums: 8,
      writeQueueNums: 8,
      perm: 6,
      order: false,
    });
    const r = topicInputSchema.safeParse({ topic: 'bad name', readQueueNums: 0, writeQueueNums: 2000, perm: 3 });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0])).toEqual(['topic', 'readQueueNums', 'writeQueueNums', 'perm']);
    expect(topicInputSchema.safeParse({ topic: 'x'.repeat(128), readQueueNums: 1, writeQueueNums: 1, perm: 6 }).success).toBe(false);
  });

  it('checks reset and time-range input', () => {
    expect(resetOffsetInputSchema.safeParse({ timestamp: -1 }).success).toBe(true);
    expect(resetOffsetInputSchema.safeParse({ timestamp: -2 }).success).toBe(false);
    expect(messageByTimeQuerySchema.safeParse({ topic: 'T', begin: '10', end: '5' }).success).toBe(false);
  });
});

describe('format helpers', () => {
  it('dumps hex, pretty-prints JSON and writes safe CSV', () => {
    expect(hexDump(new Uint8Array([0x41, 0x00]))).toBe('00000000  41 00' + ' '.repeat(42) + '  A.');
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('hello')).toBeNull();
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=cmd()')).toBe("'=cmd()");
    expect(toCsv(['a', 'b'], [[1, null]])).toBe('a,b\r\n1,');
  });
});
