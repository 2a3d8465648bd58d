/**
 * fast-check generators of SQL92 selector texts and message properties for the differential tests against Apache's
 * filter: mostly well-formed selectors over a few properties, literals at Java's type boundaries, and some token
 * soup for the refusal paths. RocketMQ 5.x's CONTAINS / STARTSWITH / ENDSWITH are left out: 4.9.7 lacks them.
 */
import fc from 'fast-check';

const names = ['a', 'b', 'region', 'TAGS', 'flag', 'A'] as const;
const ident = fc.constantFrom(...names, 'x_1', '$v');
const literal = fc.oneof(
  fc.integer({ min: -20, max: 20 }).map(String),
  fc.constantFrom('0', '5', '2147483647', '2147483648', '9223372036854775807', '10L', '5.0', '6.5', '.5', '1e3', '1E-2', '5.', '0.0', '1e400'),
  fc.constantFrom("'eu'", "'us'", "'5'", "'5.0'", "'abc'", "''", "'it''s'", "'TRUE'", "'true'"),
  fc.constantFrom('TRUE', 'FALSE', 'NULL'),
);
const operand = fc.oneof({ weight: 3, arbitrary: ident }, { weight: 3, arbitrary: literal }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('-', '+'), fc.oneof(ident, literal)).map(([s, v]) => `${s}${v}`) });
const compareOp = fc.constantFrom('=', '<>', '>', '>=', '<', '<=');
const not = fc.constantFrom('', 'NOT ');
const strList = fc.array(fc.constantFrom("'eu'", "'us'", "'5'", "''", "'TagA'"), { minLength: 1, maxLength: 3 }).map((v) => v.join(', '));

const condition = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(operand, compareOp, operand).map(([l, op, r]) => `${l} ${op} ${r}`) },
  { weight: 2, arbitrary: fc.tuple(operand, not, operand, operand).map(([v, n, lo, hi]) => `${v} ${n}BETWEEN ${lo} AND ${hi}`) },
  { weight: 2, arbitrary: fc.tuple(fc.oneof({ weight: 4, arbitrary: ident }, { weight: 1, arbitrary: literal }), not, strList).map(([v, n, l]) => `${v} ${n}IN (${l})`) },
  { weight: 2, arbitrary: fc.tuple(operand, not).map(([v, n]) => `${v} IS ${n}NULL`) },
  { weight: 1, arbitrary: fc.oneof(ident, fc.constantFrom('TRUE', 'FALSE', 'NULL', '5')) },
);

const { selector } = fc.letrec<{ selector: string }>((tie) => ({
  selector: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: condition },
    { weight: 1, arbitrary: fc.tuple(tie('selector'), fc.constantFrom('AND', 'OR', 'and', 'Or'), tie('selector')).map(([l, op, r]) => `${l} ${op} ${r}`) },
    { weight: 1, arbitrary: tie('selector').map((s) => `NOT ${s}`) },
    { weight: 1, arbitrary: tie('selector').map((s) => `(${s})`) },
  ),
}));

const TOKENS = ['a', 'region', '5', '5.5', "'eu'", '=', '<>', '>', '<=', '(', ')', ',', 'AND', 'OR', 'NOT', 'IS', 'NULL', 'IN', 'BETWEEN', 'TRUE', '-', '#', "'open", '/*', '--', '\t', '\n', 'b.c', '1e', '0x1'];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 7 }).map((t) => t.join(' '));

/** A selector text: well-formed most of the time, token soup sometimes. */
export const selectorText: fc.Arbitrary<string> = fc.oneof({ weight: 6, arbitrary: selector }, { weight: 1, arbitrary: tokenSoup });

const VALUES = ['5', '6', '-3', '5.0', '6.5', 'abc', 'true', 'TRUE', 'false', 'eu', 'us', '2147483648', '1e3', ' 5', 'NaN', 'Infinity', '0x10', '007', '+5', "it's", 'TagA'];

/** A message's properties as a broker hands them to the filter (no empty values: the decoder drops them). */
export const properties: fc.Arbitrary<Record<string, string>> = fc.dictionary(fc.constantFrom(...names), fc.constantFrom(...VALUES), { maxKeys: 4 });

/** Several messages to evaluate one selector against. */
export const propertySets: fc.Arbitrary<Record<string, string>[]> = fc.array(properties, { minLength: 3, maxLength: 5 });
