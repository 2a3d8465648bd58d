/**
 * The Java values an SQL92 filter computes with, and Java's rules for them, so that Orbit answers every
 * expression exactly as Apache's filter module (rocketmq-filter, ActiveMQ's selector code) does.
 *
 * Apache's expressions evaluate to `java.lang.Integer`, `Long`, `Double`, `String`, `Boolean` or null: an integer
 * literal is an Integer when it fits in 32 bits and a Long otherwise, a decimal literal is a Double, a message
 * property is always a String. Comparing values of two classes converts one of them (ComparisonExpression's
 * `__compare` with string conversion on, as the parser always sets it); a conversion that fails throws, and an
 * exception anywhere in an expression makes the broker treat the message as not matching.
 */

/** java.lang.Integer. */
export class JInt {
  constructor(readonly v: number) {}
}
/** java.lang.Long (a bigint, so values past 2^53 compare exactly). */
export class JLong {
  constructor(readonly v: bigint) {}
}
/** java.lang.Double. */
export class JDouble {
  constructor(readonly v: number) {}
}

export type JNumber = JInt | JLong | JDouble;
export type JValue = null | boolean | string | JNumber;

/** An exception inside Java's evaluation (NumberFormatException, ClassCastException, RuntimeException). */
export class JavaEvalError extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
  ) {
    super(`${javaClass}: ${message}`);
    this.name = 'JavaEvalError';
  }
}

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;

export function isNumber(v: JValue): v is JNumber {
  return v instanceof JInt || v instanceof JLong || v instanceof JDouble;
}

/** An integer literal's value: Integer when it fits, else Long (ConstantExpression.createFromDecimal). */
export function decimalLiteral(text: string): JInt | JLong {
  const digits = /[lL]$/.test(text) ? text.slice(0, -1) : text;
  const n = BigInt(digits);
  if (n > LONG_MAX) throw new JavaEvalError('java.lang.NumberFormatException', `For input string: "${digits}"`);
  return n >= INT_MIN && n <= INT_MAX ? new JInt(Number(n)) : new JLong(n);
}

/** Java's Integer.valueOf / Long.valueOf: optional sign, ASCII digits, no spaces, in range. */
function parseJavaInteger(s: string, min: bigint, max: bigint): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new JavaEvalError('java.lang.NumberFormatException', `For input string: "${s}"`);
  const n = BigInt(s);
  if (n < min || n > max) throw new JavaEvalError('java.lang.NumberFormatException', `For input string: "${s}"`);
  return n;
}

export const parseJavaInt = (s: string): JInt => new JInt(Number(parseJavaInteger(s, INT_MIN, INT_MAX)));
export const parseJavaLong = (s: string): JLong => new JLong(parseJavaInteger(s, LONG_MIN, LONG_MAX));

// Double.valueOf's decimal grammar (FloatingDecimal): sign, digits with an optional point and exponent, an
// optional type suffix; NaN and Infinity by name; surrounding whitespace (chars ≤ U+0020) is trimmed.
const JAVA_DECIMAL = /^[+-]?(NaN|Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)$/;
const JAVA_HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)[fFdD]?$/;

/** Java's Double.valueOf(String). */
export function parseJavaDouble(raw: string): JDouble {
  const s = javaTrim(raw);
  if (JAVA_DECIMAL.test(s)) {
    const body = s.replace(/[fFdD]$/, '');
    return new JDouble(body.endsWith('NaN') ? NaN : Number(body));
  }
  const hex = JAVA_HEX_FLOAT.exec(s);
  if (hex && (hex[2] !== '' || hex[3] !== '')) {
    const mantissa = parseInt(hex[2] + hex[3] || '0', 16);
    const v = mantissa * Math.pow(2, Number(hex[4]) - 4 * hex[3].length);
    return new JDouble(hex[1] === '-' ? -v : v);
  }
  throw new JavaEvalError('java.lang.NumberFormatException', raw.trim() === '' ? 'empty String' : `For input string: "${raw}"`);
}

/** String.trim(): strips every char ≤ U+0020 at both ends. */
function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return s.slice(a, b);
}

/** Double.compare: NaN above everything and equal to itself, -0.0 below 0.0. */
function compareDouble(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  if (a === 0 && b === 0) {
    const na = Object.is(a, -0);
    const nb = Object.is(b, -0);
    return na === nb ? 0 : na ? -1 : 1;
  }
  return 0;
}

const sign = (n: number | bigint): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareSameClass(a: Exclude<JValue, null>, b: Exclude<JValue, null>): number {
  if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof JDouble) return compareDouble(a.v, (b as JDouble).v);
  if (a instanceof JLong) return sign(a.v - (b as JLong).v);
  return sign(a.v - (b as JInt).v);
}

function sameClass(a: Exclude<JValue, null>, b: Exclude<JValue, null>): boolean {
  if (typeof a === 'string' || typeof a === 'boolean') return typeof a === typeof b;
  return typeof b === 'object' && a.constructor === b.constructor;
}

const toDouble = (v: JNumber): number => (v instanceof JLong ? Number(v.v) : v.v);
const javaBoolean = (s: string): boolean => s.toLowerCase() === 'true';

/**
 * ComparisonExpression.__compare(lv, rv, true): the sign of lv.compareTo(rv) after Java's conversions; -1 when the
 * classes cannot be converted into each other; a JavaEvalError where Java throws.
 */
export function javaCompare(lv: Exclude<JValue, null>, rv: Exclude<JValue, null>): number {
  if (sameClass(lv, rv)) return compareSameClass(lv, rv);
  if (typeof lv === 'boolean') {
    // Apache casts the Boolean itself to String here.
    if (typeof rv === 'string') throw new JavaEvalError(
        'java.lang.ClassCastException',
        "class java.lang.Boolean cannot be cast to class java.lang.String (java.lang.Boolean and java.lang.String are in module java.base of loader 'bootstrap')",
      );
    return -1;
  }
  if (typeof lv === 'string') {
    if (typeof rv === 'boolean') return compareSameClass(javaBoolean(lv), rv);
    if (rv instanceof JInt) return compareSameClass(parseJavaInt(lv), rv);
    if (rv instanceof JLong) return compareSameClass(parseJavaLong(lv), rv);
    return compareSameClass(parseJavaDouble(lv), rv);
  }
  if (typeof rv === 'boolean') return -1;
  if (typeof rv === 'string') {
    if (lv instanceof JInt) return compareSameClass(lv, parseJavaInt(rv));
    if (lv instanceof JLong) return compareSameClass(lv, parseJavaLong(rv));
    return compareSameClass(lv, parseJavaDouble(rv));
  }
  // Two numbers of different classes: Integer ↔ Long compare as longs, anything with a Double as doubles.
  if (lv instanceof JDouble || rv instanceof JDouble) return compareDouble(toDouble(lv), toDouble(rv));
  const a = lv instanceof JLong ? lv.v : BigInt(lv.v);
  const b = rv instanceof JLong ? rv.v : BigInt(rv.v);
  return sign(a - b);
}

/** Object.equals between two non-null values (Double.equals compares bits: NaN equals NaN, 0.0 ≠ -0.0). */
export function javaEquals(lv: Exclude<JValue, null>, rv: Exclude<JValue, null>): boolean {
  return sameClass(lv, rv) && compareSameClass(lv, rv) === 0;
}

/** UnaryExpression.negate: Java's wrapping negation per class. */
export function javaNegate(v: JNumber): JNumber {
  if (v instanceof JInt) return new JInt(-v.v | 0);
  if (v instanceof JLong) return new JLong(BigInt.asIntN(64, -v.v));
  return new JDouble(-v.v);
}

/** Double.toString: plain decimals in [10^-3, 10^7), else Java's `d.dddE±n`; always a fraction digit. */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const a = Math.abs(d);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = d.toExponential().split('e');
  return `${mant.includes('.') ? mant : `${mant}.0`}E${exp.replace('+', '')}`;
}

/** A value as Java's String.valueOf prints it (what Apache's messages show for BETWEEN bounds). */
export function javaPlain(v: JValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean' || typeof v === 'string') return String(v);
  return v instanceof JDouble ? javaDoubleToString(v.v) : String(v.v);
}

/** How Apache's ConstantExpression prints a literal (TRUE / FALSE / NULL, 'quoted' strings, Java numbers). */
export function javaToString(v: JValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  return javaPlain(v);
}
