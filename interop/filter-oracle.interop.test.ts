/**
 * Orbit's SQL92 filter against Apache RocketMQ 4.9.7's, live: fast-check generates selector texts and messages'
 * properties, Apache's SelectorParser (interop/filter/FilterOracle.java) compiles and evaluates them, and Orbit must
 * answer the same — the same refusal text, and TRUE / FALSE / NULL / exception for every message — up to the
 * documented differences (server/filter/testing/outcome.ts). The committed table server/filter/testing/
 * apache-reference.json, which the unit run checks, is written from the same oracle (interop/filter/generate-reference.ts).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { propertySets, selectorText } from '../server/filter/testing/arbitraries';
import { orbitOutcome, outcomeMismatch } from '../server/filter/testing/outcome';
import { startFilterOracle, type FilterOracle } from './support/filter-oracle';

describe("SQL92 filter: Orbit's answers equal Apache 4.9.7's", () => {
  let oracle: FilterOracle;
  beforeAll(async () => {
    oracle = await startFilterOracle();
  }, 240_000);
  afterAll(async () => {
    await oracle?.close();
  });

  it('for generated selectors and messages', async () => {
    await fc.assert(
      fc.asyncProperty(selectorText, propertySets, async (expr, props) => {
        const apache = await oracle.ask(expr, props);
        const mismatch = outcomeMismatch(orbitOutcome(expr, props), apache, expr);
        expect(mismatch, `${JSON.stringify(expr)} with ${JSON.stringify(props)}`).toBeUndefined();
      }),
      { numRuns: Number(process.env.ORBIT_FILTER_RUNS ?? 3000) },
    );
  }, 300_000);
});
