/**
 * Writes server/filter/testing/apache-reference.json: selectors (hand-picked edge cases and a seeded fast-check
 * sample) with the outcome Apache RocketMQ 4.9.7's filter gives for each set of message properties, so the unit run
 * checks Orbit against Apache without a JVM. Regenerate after changing the arbitraries or the cases:
 *
 *   npx tsx interop/filter/generate-reference.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { propertySets, selectorText } from '../../server/filter/testing/arbitraries';
import { startFilterOracle } from '../support/filter-oracle';
import { repoRoot } from '../support/paths';

const PROPS: Record<string, string>[] = [
  {},
  { a: '5', b: '6', region: 'eu', TAGS: 'TagA', flag: 'true' },
  { a: '6.5', b: 'abc', region: 'us', TAGS: 'TagB', flag: 'FALSE' },
  { a: '2147483648', b: '-3', region: 'ap', flag: 'yes' },
  { a: ' 5', b: 'NaN', region: "it's", TAGS: 'TagC' },
];

const CASES = [
  'a > 5', 'a >= 5', 'a < 5.5', 'a <= -3', 'a = 10', 'a <> 10', 'a = 5.0', 'a > 2147483647', 'a > 2147483648', 'a = 10L', 'a = 1E2',
  "region = 'eu'", "region <> 'eu'", "region = 'it''s'", 'a > b', 'a = b', 'b > a', 'a IS NULL', 'a IS NOT NULL', 'c IS NULL',
  'a > 1 OR b = 1', 'a > 1 AND b = 1', 'NOT (a > 1 AND b = 1)', 'a = 1 AND b = 2 OR region = \'eu\'', 'flag = TRUE', 'flag = FALSE',
  'flag <> TRUE', 'TRUE', 'FALSE', 'NOT FALSE', 'flag', 'NOT flag', 'a BETWEEN 1 AND 6', 'a NOT BETWEEN 1 AND 6', 'a BETWEEN 5.0 AND 8.0',
  "region IN ('eu', 'us')", "region NOT IN ('eu', 'us')", "TAGS = 'TagA' AND a >= 5", "TAGS IN ('TagB', 'TagC')", 'b < 0', 'b = -3',
  '-a > -6', 'a = +5', 'NOT NOT TRUE', "a = '5'", "a > '5'", 'a = NULL', 'TRUE = 1', 'a BETWEEN 5 AND 1', "'x' IN ('x')", '5', '',
  'a >', 'a = = 1', "a = 'open", 'a # 1', 'a = 1 b = 2', '1e400 > a', '1e-400 < a', 'a > 5 --comment\n AND b < 9', '/* c */ a = 5',
  'a\t>\t5 AND\n b', 'A = 5', 'a Is Not Null aNd region iN (\'eu\')', "region = 'eu' OR", '(a > 5', 'a > 5)', 'a IN ()', 'a BETWEEN 1',
  "a CONTAINS 'x'", 'flag IS TRUE', 'flag IS NOT FALSE', 'a > 5 AND', '((a > 5)', "region IN ('eu',)", '-- only a comment\n', 'a = 5 /* open', 'a > 9223372036854775807', 'a > 9223372036854775808', 'a = 0x10', 'a.b = 1', 'NOT', 'a IS 5', 'a NOT 5',
];

async function main(): Promise<void> {
  const oracle = await startFilterOracle();
  const rows: { expr: string; props: Record<string, string>[]; apache: unknown }[] = [];
  for (const expr of CASES) rows.push({ expr, props: PROPS, apache: await oracle.ask(expr, PROPS) });
  for (const [expr, props] of fc.sample(fc.tuple(selectorText, propertySets), { numRuns: 500, seed: 19 })) {
    rows.push({ expr, props, apache: await oracle.ask(expr, props) });
  }
  await oracle.close();
  const out = path.join(repoRoot, 'server', 'filter', 'testing', 'apache-reference.json');
  const header = { source: 'Apache RocketMQ 4.9.7 rocketmq-filter via interop/filter/FilterOracle.java', generator: 'interop/filter/generate-reference.ts' };
  fs.writeFileSync(out, `${JSON.stringify({ ...header, rows }, null, 0).replace(/\{"expr"/g, '\n{"expr"')}\n`);
  console.log(`wrote ${rows.length} rows to ${path.relative(repoRoot, out)}`);
}

void main();
