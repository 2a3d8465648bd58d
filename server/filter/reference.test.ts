/**
 * Orbit's SQL92 filter against a table of Apache RocketMQ 4.9.7's answers (apache-reference.json, written by
 * interop/filter/generate-reference.ts from Apache's own parser; interop/filter-oracle.interop.test.ts compares
 * live with fresh cases): same refusal texts, same TRUE / FALSE / NULL / exception per message.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orbitOutcome, outcomeMismatch, type FilterOutcome } from './testing/outcome';

interface Row {
  expr: string;
  props: Record<string, string>[];
  apache: FilterOutcome;
}
const table = JSON.parse(fs.readFileSync(path.join(__dirname, 'testing', 'apache-reference.json'), 'utf8')) as { rows: Row[] };

describe('SQL92 filter against the Apache reference table', () => {
  it('has a table worth checking', () => {
    expect(table.rows.length).toBeGreaterThan(500);
    const evaluated = table.rows.filter((r) => 'results' in r.apache && r.apache.complete);
    expect(evaluated.length).toBeGreaterThan(200);
    // Every kind of answer is represented.
    const kinds = new Set(evaluated.flatMap((r) => ('results' in r.apache ? r.apache.results : [])));
    for (const k of ['TRUE', 'FALSE', 'NULL', 'EXCEPTION']) expect(kinds).toContain(k);
  });

  it('answers every row as Apache does', () => {
    const mismatches = table.rows
      .map((r) => ({ r, m: outcomeMismatch(orbitOutcome(r.expr, r.props), r.apache, r.expr) }))
      .filter((x) => x.m)
      .map((x) => `${JSON.stringify(x.r.expr)}: ${x.m}`);
    expect(mismatches).toEqual([]);
  });

  it('ignores properties the selector does not name and the order properties come in (fast-check)', () => {
    const rows = table.rows.filter((r) => 'results' in r.apache && r.apache.complete);
    fc.assert(
      fc.property(fc.constantFrom(...rows), fc.nat(), fc.dictionary(fc.constantFrom('zz', 'unrelated', 'KEYS', 'UNIQ_KEY'), fc.string()), (row, shuffle, extra) => {
        const props = row.props.map((p) => {
          const entries = Object.entries(p);
          for (let i = entries.length - 1; i > 0; i--) {
            const j = (shuffle + i * 7) % (i + 1);
            [entries[i], entries[j]] = [entries[j], entries[i]];
          }
          return { ...extra, ...Object.fromEntries(entries) };
        });
        expect(outcomeMismatch(orbitOutcome(row.expr, props), row.apache, row.expr)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
