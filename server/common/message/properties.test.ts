import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAME_VALUE_SEPARATOR as NV, PROPERTY_SEPARATOR as SEP } from './message-const';
import { decodeProperties, encodeProperties, PropertyOverlay, type MessageProperties } from './properties';

/** What PropertyOverlay must always produce: the object merge it replaces. */
function reference(own: string, props: MessageProperties, without: readonly string[] = []): string {
  const merged = { ...decodeProperties(own), ...props };
  for (const w of without) delete merged[w];
  return encodeProperties(merged);
}

const WATCHED = ['TAGS', 'KEYS', 'UNIQ_KEY'];

function check(own: string, props: MessageProperties, without: readonly string[] = []): void {
  const overlay = new PropertyOverlay(props, WATCHED, without);
  const out = overlay.apply(own);
  const want = reference(own, props, without);
  expect(out).toBe(want);
  const decoded = decodeProperties(want);
  expect(overlay.found).toEqual(WATCHED.map((w) => decoded[w]));
}

const items = (o: Record<string, string>) => Object.entries(o).map(([k, v]) => `${k}${NV}${v}`).join(SEP);

describe('PropertyOverlay', () => {
  const batch = { WAIT: 'true', CLUSTER: 'DefaultCluster' };

  it('appends the batch properties to an entry that has none of them (the usual batch entry)', () => {
    const own = items({ TAGS: 'TagA', UNIQ_KEY: 'U1' });
    const overlay = new PropertyOverlay(batch, WATCHED);
    expect(overlay.apply(own)).toBe(`${own}${SEP}WAIT${NV}true${SEP}CLUSTER${NV}DefaultCluster`);
    expect(overlay.found).toEqual(['TagA', undefined, 'U1']);
  });

  it('keeps a name the entry already has with the same value where the entry has it (Java sends WAIT twice)', () => {
    check(items({ UNIQ_KEY: 'U', WAIT: 'true', TAGS: 'T', KEYS: 'a b' }), batch);
    check(items({ WAIT: 'true' }), batch);
  });

  it('lets the overlay value win in place when the entry carries another one', () => {
    check(items({ WAIT: 'false', TAGS: 'x' }), batch);
    check(items({ CLUSTER: 'other', TAGS: 'x' }), { CLUSTER: 'mine' }, ['WAIT']);
  });

  it('drops one trailing separator (older Java, ali-ons) and handles every odd shape through the object merge', () => {
    for (const own of [
      '',
      SEP,
      `${items({ TAGS: 'T', UNIQ_KEY: 'U' })}${SEP}`,
      `${items({ TAGS: 'T' })}${SEP}${SEP}`,
      `${items({ TAGS: 'T' })}${SEP}${SEP}a${NV}b`,
      `${items({ TAGS: 'T' })}${SEP}TAGS${NV}again`,
      `${NV}noname${SEP}novalue${NV}${SEP}plain${SEP}TAGS${NV}ok`,
      `__proto__${NV}x${SEP}TAGS${NV}p`,
      items({ '1': 'first', TAGS: 'n' }),
      items({ v: `a${NV}b`, KEYS: 'k1  k2' }),
      items({ TAGS: 'Tägü', KEYS: 'ключ' }),
    ]) {
      check(own, batch);
      check(own, { CLUSTER: 'C' }, ['WAIT']);
    }
  });

  it('removes a dropped name wherever it sits, with its separator', () => {
    const overlay = new PropertyOverlay({ CLUSTER: 'C' }, WATCHED, ['WAIT']);
    expect(overlay.apply(items({ WAIT: 'true', TAGS: 'T' }))).toBe(items({ TAGS: 'T', CLUSTER: 'C' }));
    expect(overlay.apply(items({ TAGS: 'T', WAIT: 'true', KEYS: 'k' }))).toBe(items({ TAGS: 'T', KEYS: 'k', CLUSTER: 'C' }));
    expect(overlay.apply(items({ TAGS: 'T', WAIT: 'true' }))).toBe(items({ TAGS: 'T', CLUSTER: 'C' }));
    expect(overlay.apply(items({ WAIT: 'true' }))).toBe(items({ CLUSTER: 'C' }));
    check(items({ WAIT: 'true', TAGS: 'T', DELAY: '3' }), { CLUSTER: 'C' }, ['WAIT', 'DELAY']);
  });

  it('merges through objects when the overlay has an index-like name (it would be iterated first)', () => {
    check(items({ TAGS: 'T' }), { '7': 'seven', WAIT: 'true' });
  });

  it('treats an empty overlay value as removing the name, as the encoder leaves it out', () => {
    check(items({ TAGS: 'T', X: 'keep?' }), { X: '', WAIT: 'true' });
  });

  it('reports an overlay value for a watched name the overlay sets', () => {
    check(items({ TAGS: 'T', UNIQ_KEY: 'U' }), { KEYS: 'bk1 bk2', WAIT: 'true' });
    check(items({ TAGS: 'T' }), { TAGS: 'T', WAIT: 'true' });
  });

  it('reuses its scratch state across many entries of different lengths', () => {
    const overlay = new PropertyOverlay(batch, WATCHED);
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`n${i}`, `v${i}`]));
    for (const own of [items(many), items({ TAGS: 'a' }), items({ ...many, TAGS: 'b' }), '']) {
      expect(overlay.apply(own)).toBe(reference(own, batch));
    }
  });

  it('matches the object merge on arbitrary property strings', () => {
    const token = fc.constantFrom('TAGS', 'KEYS', 'UNIQ_KEY', 'WAIT', 'CLUSTER', 'DELAY', 'a', '1', '__proto__', '', 'x y', 'é');
    const part = fc.oneof(token, fc.constantFrom(NV, SEP), fc.string({ maxLength: 3 }));
    const propString = fc.array(part, { maxLength: 14 }).map((p) => p.join(''));
    const overlayProps = fc.dictionary(token, fc.oneof(token, fc.constant('true')), { maxKeys: 4 });
    const without = fc.subarray(['WAIT', 'DELAY', 'a']);
    fc.assert(
      fc.property(propString, overlayProps, without, (own, props, w) => {
        check(own, props, w);
      }),
      { numRuns: 3000 },
    );
  });

  it('matches the object merge on well-formed strings, the fast path', () => {
    const name = fc.constantFrom('TAGS', 'KEYS', 'UNIQ_KEY', 'WAIT', 'CLUSTER', 'DELAY', 'PGROUP', 'a');
    const value = fc.constantFrom('true', 'false', 'TagA', 'k1 k2', 'DefaultCluster', 'x');
    const wellFormed = fc
      .uniqueArray(fc.tuple(name, value), { selector: ([n]) => n, maxLength: 6 })
      .chain((pairs) => fc.boolean().map((trailing) => pairs.map(([n, v]) => n + NV + v).join(SEP) + (trailing && pairs.length ? SEP : '')));
    const overlayProps = fc.dictionary(name, value, { maxKeys: 3 });
    fc.assert(
      fc.property(wellFormed, overlayProps, fc.subarray(['WAIT', 'DELAY']), (own, props, w) => {
        check(own, props, w);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('decodeProperties', () => {
  // The plain split-based reading of the format (what the decoder did before it scanned with indexOf).
  const reference = (s: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const item of s.split('\u0002')) {
      const i = item.indexOf('\u0001');
      if (i <= 0 || i === item.length - 1) continue;
      out[item.slice(0, i)] = item.slice(i + 1);
    }
    return out;
  };

  it('reads any string as the split-based reference does (same entries, same order)', () => {
    const piece = fc.constantFrom('a', 'b', 'KEYS', 'TAGS', '\u0001', '\u0002', '', 'x y', '1');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
        const s = parts.join('');
        expect(Object.entries(decodeProperties(s))).toEqual(Object.entries(reference(s)));
      }),
      { numRuns: 5000 },
    );
  });

  it('drops items without a name or value and keeps the last of a repeated name', () => {
    expect(decodeProperties('\u0001v\u0002k\u0001\u0002TAGS\u0001A\u0002TAGS\u0001B\u0002')).toEqual({ TAGS: 'B' });
    expect(decodeProperties('')).toEqual({});
    expect(decodeProperties(undefined)).toEqual({});
  });
});
