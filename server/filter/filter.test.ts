import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter, FilterCompileError, matchesProperties, propertyInString } from './index';

const m = (expr: string, props: Record<string, string> = {}) => matchesProperties(expr, props);

function refusal(expr: string): string {
  try {
    compileFilter(expr);
  } catch (err) {
    expect(err).toBeInstanceOf(FilterCompileError);
    return (err as FilterCompileError).javaMessage;
  }
  throw new Error(`expected ${expr} to be refused`);
}

describe('SQL92 filter: comparisons', () => {
  it('compares a property with numbers as Java does (the property string is parsed)', () => {
    expect(m('a > 5', { a: '6' })).toBe(true);
    expect(m('a > 5', { a: '5' })).toBe(false);
    expect(m('a >= 5', { a: '5' })).toBe(true);
    expect(m('a < 5.5', { a: '5' })).toBe(true); // '5' against a Double parses as 5.0
    expect(m('a < 5.5', { a: '5.4' })).toBe(true);
    expect(m('a <= -3', { a: '-3' })).toBe(true);
    expect(m('a = 10', { a: '10' })).toBe(true);
    expect(m('a <> 10', { a: '11' })).toBe(true);
  });

  it('a property that is not a number makes the comparison throw, which is no match (not a crash)', () => {
    expect(m('a > 5', { a: 'abc' })).toBe(false);
    expect(m('NOT (a > 5)', { a: 'abc' })).toBe(false);
    expect(m('a > 5 OR b = 1', { a: 'abc', b: '1' })).toBe(false); // the exception escapes OR, as in Java
  });

  it('an Integer literal compared with a decimal property string fails Integer.valueOf', () => {
    expect(m('a = 5', { a: '5.0' })).toBe(false);
    expect(m('a = 5.0', { a: '5' })).toBe(true);
    expect(m('a > 2147483647', { a: '2147483648' })).toBe(false); // Integer.valueOf overflows
    expect(m('a > 2147483648', { a: '2147483649' })).toBe(true); // a Long literal parses a long
  });

  it('two properties compared with < > must both be doubles', () => {
    expect(m('a > b', { a: '2', b: '1.5' })).toBe(true);
    expect(m('a > b', { a: 'x', b: 'y' })).toBe(false);
    expect(m('a = b', { a: 'x', b: 'x' })).toBe(true);
    expect(m('a = b', { a: '1', b: '1.0' })).toBe(false); // strings compare as strings with =
  });

  it('strings compare with = and <>', () => {
    expect(m("region = 'eu'", { region: 'eu' })).toBe(true);
    expect(m("region = 'EU'", { region: 'eu' })).toBe(false);
    expect(m("region <> 'eu'", { region: 'us' })).toBe(true);
    expect(m("q = 'it''s'", { q: "it's" })).toBe(true);
  });

  it('Java literal rules: Long suffix, floats with exponents, hex-free decimals', () => {
    expect(m('a = 10L', { a: '10' })).toBe(true);
    expect(m('a = 1E2', { a: '100' })).toBe(true);
    expect(m('a = .5', { a: '0.5' })).toBe(true);
    expect(m('a = 5.', { a: '5' })).toBe(true);
  });
});

describe('SQL92 filter: NULL and logic', () => {
  it('an absent property is NULL: comparisons are unknown, so neither the test nor its negation matches', () => {
    expect(m('a > 5')).toBe(false);
    expect(m('NOT (a > 5)')).toBe(false);
    expect(m("a = 'x'")).toBe(false);
    expect(m("a <> 'x'")).toBe(false);
  });

  it('IS NULL and IS NOT NULL', () => {
    expect(m('a IS NULL')).toBe(true);
    expect(m('a IS NULL', { a: '1' })).toBe(false);
    expect(m('a IS NOT NULL', { a: '1' })).toBe(true);
    expect(m('a IS NOT NULL')).toBe(false);
  });

  it('three-valued AND / OR', () => {
    expect(m('a > 1 OR b = 1', { b: '1' })).toBe(true);
    expect(m('a > 1 AND b = 1', { b: '1' })).toBe(false);
    expect(m('NOT (a > 1 AND b = 1)', { b: '2' })).toBe(true); // unknown AND false = false
    expect(m('NOT (a > 1 AND b = 1)', { b: '1' })).toBe(false); // unknown AND true = unknown
    expect(m('a = 1 AND b = 2 OR c = 3', { c: '3' })).toBe(true); // AND binds tighter
    expect(m('a = 1 AND (b = 2 OR c = 3)', { c: '3' })).toBe(false);
  });

  it('IS TRUE / IS FALSE style: a property compared with TRUE or FALSE parses it as a Boolean', () => {
    expect(m('flag = TRUE', { flag: 'true' })).toBe(true);
    expect(m('flag = TRUE', { flag: 'TRUE' })).toBe(true);
    expect(m('flag = FALSE', { flag: 'yes' })).toBe(true); // Boolean.valueOf("yes") is false
    expect(m('flag <> TRUE', { flag: 'false' })).toBe(true);
    expect(m('TRUE')).toBe(true);
    expect(m('FALSE')).toBe(false);
    expect(m('NOT FALSE')).toBe(true);
  });

  it('a bare property as a condition is false unless it is a Boolean (a property never is)', () => {
    expect(m('flag', { flag: 'true' })).toBe(false);
    expect(m('NOT flag', { flag: 'true' })).toBe(true);
    expect(m('NOT flag')).toBe(false);
  });

  it('keywords ignore case, identifiers keep it', () => {
    expect(m('a Is Not Null and B is null', { a: '1' })).toBe(true);
    expect(m('A IS NULL', { a: '1' })).toBe(true);
  });
});

describe('SQL92 filter: BETWEEN, IN, TAGS and string operators', () => {
  it('BETWEEN is inclusive; NOT BETWEEN is outside', () => {
    expect(m('a BETWEEN 1 AND 3', { a: '1' })).toBe(true);
    expect(m('a BETWEEN 1 AND 3', { a: '3' })).toBe(true);
    expect(m('a BETWEEN 1 AND 3', { a: '4' })).toBe(false);
    expect(m('a NOT BETWEEN 1 AND 3', { a: '4' })).toBe(true);
    expect(m('a NOT BETWEEN 1 AND 3', { a: '2' })).toBe(false);
    expect(m('a BETWEEN 1 AND 3')).toBe(false);
  });

  it('IN and NOT IN take string lists; NULL is in neither', () => {
    expect(m("region IN ('eu', 'us')", { region: 'eu' })).toBe(true);
    expect(m("region IN ('eu', 'us')", { region: 'ap' })).toBe(false);
    expect(m("region NOT IN ('eu', 'us')", { region: 'ap' })).toBe(true);
    expect(m("region NOT IN ('eu', 'us')")).toBe(false);
  });

  it('TAGS is the message tag property', () => {
    expect(m("TAGS = 'TagA' AND a > 5", { TAGS: 'TagA', a: '6' })).toBe(true);
    expect(m("TAGS IN ('TagB')", { TAGS: 'TagA' })).toBe(false);
  });

  it('CONTAINS / STARTSWITH / ENDSWITH (RocketMQ 5.x): NULL and the empty needle never match', () => {
    expect(m("name CONTAINS 'ell'", { name: 'hello' })).toBe(true);
    expect(m("name STARTSWITH 'he'", { name: 'hello' })).toBe(true);
    expect(m("name ENDSWITH 'lo'", { name: 'hello' })).toBe(true);
    expect(m("name NOT CONTAINS 'x'", { name: 'hello' })).toBe(true);
    expect(m("name CONTAINS ''", { name: 'hello' })).toBe(false);
    expect(m("name NOT CONTAINS 'x'")).toBe(false);
  });

  it('comments and whitespace are skipped', () => {
    expect(m('/* c */ a = 1 -- trailing\n', { a: '1' })).toBe(true);
  });
});

describe('SQL92 filter: refusals', () => {
  it('syntax errors name the token and position as JavaCC does (texts taken from Apache 4.9.7)', () => {
    const first = (e: string) => refusal(e).split('\n')[0];
    expect(first('a >')).toBe('org.apache.rocketmq.filter.parser.ParseException: Encountered "<EOF>" at line 1, column 3.');
    expect(first('a = = 1')).toBe('org.apache.rocketmq.filter.parser.ParseException: Encountered " "=" "= "" at line 1, column 5.');
    expect(first('')).toBe('org.apache.rocketmq.filter.parser.ParseException: Encountered "<EOF>" at line 0, column 0.');
    expect(refusal("a = 'open")).toBe('org.apache.rocketmq.filter.parser.TokenMgrError: Lexical error at line 1, column 10.  Encountered: <EOF> after : "\\\'open"');
    expect(refusal('a # 1')).toBe('org.apache.rocketmq.filter.parser.TokenMgrError: Lexical error at line 1, column 3.  Encountered: "#" (35), after : ""');
    expect(refusal('5')).toBe('org.apache.rocketmq.filter.parser.ParseException: Expression will not result in a boolean value: 5');
  });

  it('construction checks Apache makes', () => {
    expect(refusal("a > 'x'")).toMatch(/RuntimeException: Value ''x'' cannot be compared\./);
    expect(refusal('a = NULL')).toMatch(/'NULL' cannot be compared\./);
    expect(refusal('TRUE = 1')).toMatch(/cannot be compared with/);
    expect(refusal('a BETWEEN 5 AND 1')).toMatch(/Illegal values of between/);
    expect(refusal("'x' IN ('x')")).toMatch(/Expected a property for In expression/);
    expect(refusal('5')).toMatch(/Expression will not result in a boolean value/);
    expect(refusal('(a > 1) > 2')).toMatch(/cannot be compared/);
  });

  it('trailing text is refused (Apache ignores it; Orbit does not let a filter mean less than it says)', () => {
    expect(refusal('a = 1 b = 2')).toMatch(/ParseException/);
  });

  it('unknown filter types are refused', () => {
    expect(() => compileFilter('a = 1', 'CLASS')).toThrow(FilterCompileError);
  });

  it('hostile depth is refused, not a stack overflow', () => {
    expect(refusal('('.repeat(5000) + 'a = 1' + ')'.repeat(5000))).toMatch(/nested deeper/);
    expect(refusal(Array.from({ length: 2000 }, (_, i) => `a${i} = 1`).join(' AND '))).toMatch(/nested deeper/);
    expect(refusal('-'.repeat(5000) + '1 = 1')).toMatch(/nested deeper/);
  });

  it('IS TRUE / IS FALSE are refused, as Apache 4.9.7 refuses them (its grammar has IS [NOT] NULL only)', () => {
    expect(refusal('flag IS TRUE')).toMatch(/ParseException: Encountered " "TRUE" "TRUE "" at line 1, column 9/);
    expect(refusal('flag IS NOT FALSE')).toMatch(/ParseException: Encountered " "FALSE" "FALSE "" at line 1, column 13/);
  });

  it('any text compiles or is refused with a FilterCompileError, never anything else (fast-check)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: fc.constantFrom(...'a1.\'()=<>-+ ,*/\n\tNOTANDORISNULLIN'.split('')), maxLength: 80 })), (text) => {
        try {
          const f = compileFilter(text);
          expect(typeof f.matches(() => '1')).toBe('boolean');
        } catch (err) {
          expect(err).toBeInstanceOf(FilterCompileError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('an error carries the MqError code and the expression', () => {
    try {
      compileFilter('a >');
    } catch (err) {
      expect((err as FilterCompileError).code).toBe('FILTER_COMPILE');
      expect((err as FilterCompileError).expression).toBe('a >');
    }
  });
});

describe('SQL92 filter: compiled filters', () => {
  it('reads raw property strings of stored records, last value winning like Java', () => {
    const f = compileFilter("a = '2'");
    expect(f.matchesPropertyString('a\u00011\u0002a\u00012')).toBe(true);
    expect(f.matchesPropertyString('b\u00012')).toBe(false);
    expect(f.matchesPropertyString('')).toBe(false);
  });

  it('looks properties up in the raw string as Java decodes it', () => {
    expect(propertyInString('a\u00011\u0002b\u00012', 'a')).toBe('1');
    expect(propertyInString('a\u00011\u0002b\u00012', 'b')).toBe('2');
    expect(propertyInString('xa\u00011\u0002b\u00012', 'a')).toBeUndefined();
    expect(propertyInString('a\u00011\u0002a\u0001', 'a')).toBe('1'); // an empty value is no value
    expect(propertyInString('a\u0001\u0002c\u00013', 'a')).toBeUndefined();
    expect(propertyInString('b\u00012\u0002a\u00019\u0002', 'a')).toBe('9');
    expect(propertyInString('', 'a')).toBeUndefined();
  });

  it('caches by expression text', () => {
    expect(compileFilter('x = 1')).toBe(compileFilter('x = 1'));
  });
});
