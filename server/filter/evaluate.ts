/**
 * Evaluation of a compiled SQL92 filter against one message's properties, with the three-valued logic and Java
 * typing of Apache's expression classes: an unknown property is NULL, NULL propagates through comparisons and
 * logic, AND / OR short-circuit the way LogicExpression does, and a Java exception (a property that does not
 * parse as the number it is compared with) propagates to the caller, which treats the message as not matching.
 */
import type { Node } from './expression';
import { JavaEvalError, isNumber, javaCompare, javaEquals, javaNegate, parseJavaDouble, type JValue } from './java-values';

/** A message's properties as the filter sees them: every value is a string, absent is undefined. */
export type PropertyLookup = (name: string) => string | undefined;

export function evaluate(n: Node, props: PropertyLookup): JValue {
  switch (n.k) {
    case 'const':
      return n.v;
    case 'prop':
      return props(n.name) ?? null;
    case 'neg': {
      const v = evaluate(n.e, props);
      return v !== null && isNumber(v) ? javaNegate(v) : null;
    }
    case 'not': {
      const v = asBool(evaluate(n.e, props));
      return v === null ? null : !v;
    }
    case 'cast': {
      const v = evaluate(n.e, props);
      if (v === null) return null;
      return typeof v === 'boolean' ? v : false;
    }
    case 'and': {
      const l = asBool(evaluate(n.l, props));
      if (l === false) return false;
      const r = asBool(evaluate(n.r, props));
      if (r === false) return false;
      return l === null || r === null ? null : true;
    }
    case 'or': {
      const l = asBool(evaluate(n.l, props));
      if (l === true) return true;
      const r = asBool(evaluate(n.r, props));
      if (r === true) return true;
      return l === null || r === null ? null : false;
    }
    case 'eq': {
      const l = evaluate(n.l, props);
      const r = evaluate(n.r, props);
      if ((l === null) !== (r === null)) return l === null ? null : false;
      if (l === null || r === null) return true;
      if (javaEquals(l, r)) return true;
      return javaCompare(l, r) === 0;
    }
    case 'cmp': {
      const l = evaluate(n.l, props);
      if (l === null) return null;
      const r = evaluate(n.r, props);
      if (r === null) return null;
      let c: number;
      if (typeof l === 'string' && typeof r === 'string') {
        // Apache compares two strings with < > only as doubles, and throws when either is not one.
        try {
          c = javaCompare(parseJavaDouble(l), parseJavaDouble(r));
        } catch {
          throw new JavaEvalError('java.lang.RuntimeException', `It's illegal to compare string by '>=', '>', '<', '<='. lv=${l}, rv=${r}`);
        }
      } else {
        c = javaCompare(l, r);
      }
      switch (n.op) {
        case '>':
          return c > 0;
        case '>=':
          return c >= 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
      }
      return null;
    }
    case 'in': {
      const v = evaluate(n.e, props);
      if (typeof v !== 'string') return null;
      return n.set.has(v) !== n.not;
    }
    case 'str': {
      const v = evaluate(n.e, props);
      if (typeof v !== 'string' || n.s === '') return false;
      const hit = n.op === 'CONTAINS' ? v.includes(n.s) : n.op === 'STARTSWITH' ? v.startsWith(n.s) : v.endsWith(n.s);
      return hit !== n.not;
    }
  }
}

/** The `(Boolean)` cast Apache's logic operators make on their operands. */
function asBool(v: JValue): boolean | null {
  if (v === null || typeof v === 'boolean') return v;
  throw new JavaEvalError('java.lang.ClassCastException', 'value is not a java.lang.Boolean');
}
