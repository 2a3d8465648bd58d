import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientError } from '../../common/errors';
import { batchEntrySize, splitBatch, validateBatch } from './batch';

const entry = (n: number, props = 'KEYS\u0001k') => ({ flag: 0, body: Buffer.alloc(n), properties: props });

describe('splitBatch', () => {
  it('keeps every chunk within the limit and the order intact', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 3100, max: 20_000 }), (sizes, limit) => {
        const entries = sizes.map((s, i) => ({ ...entry(s), id: i }));
        const chunks = splitBatch('T', entries, limit);
        expect(chunks.flat().map((e) => e.id)).toEqual(entries.map((e) => e.id));
        for (const c of chunks) {
          expect(c.length).toBeGreaterThan(0);
          expect(c.reduce((n, e) => n + batchEntrySize('T', e), 0)).toBeLessThanOrEqual(limit);
        }
      }),
    );
  });

  it('splits at 4 MiB by default', () => {
    const chunks = splitBatch('T', [entry(1.5 * 1024 * 1024), entry(1.5 * 1024 * 1024), entry(1.5 * 1024 * 1024)]);
    expect(chunks.map((c) => c.length)).toEqual([2, 1]);
  });

  it('refuses a single entry over the limit', () => {
    expect(() => splitBatch('T', [entry(5000)], 1000)).toThrow(ClientError);
  });
});

describe('validateBatch', () => {
  it('accepts one topic without delay', () => {
    expect(() => validateBatch([{ topic: 'T', body: 'a' }, { topic: 'T', body: 'b' }])).not.toThrow();
  });
  it.each([
    [[], 'BATCH_EMPTY'],
    [[{ topic: 'T', body: 'a' }, { topic: 'U', body: 'b' }], 'BATCH_MIXED_TOPICS'],
    [[{ topic: 'T', body: 'a', delayTimeLevel: 2 }], 'BATCH_DELAY'],
    [[{ topic: '%RETRY%g', body: 'a' }], 'BATCH_RETRY_TOPIC'],
    [[{ topic: 'T', body: 'a' }, { topic: 'T', body: 'b', waitStoreMsgOK: false }], 'BATCH_MIXED_WAIT'],
  ])('refuses %#', (msgs, code) => {
    expect(() => validateBatch(msgs)).toThrow(expect.objectContaining({ code }));
  });
});
