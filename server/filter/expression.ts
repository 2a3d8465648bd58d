/**
 * The expression tree of a compiled SQL92 filter, and its constructors. Each constructor makes the checks Apache's
 * ComparisonExpression / UnaryExpression / ConstantExpression factories make while parsing, so the same
 * expressions are refused (a string compared with `>`, `= NULL`, `BETWEEN 10 AND 5`, `IN` on a non-property…).
 */
import { FilterCompileError, parseException, runtimeException } from './errors';
import { JDouble, JavaEvalError, isNumber, javaCompare, javaPlain, javaToString, type JValue } from './java-values';

export type CompareOp = '>' | '>=' | '<' | '<=';
export type StringOp = 'CONTAINS' | 'STARTSWITH' | 'ENDSWITH';

export type Node =
  /** A literal; `bool` for TRUE, FALSE and NULL (Apache's BooleanConstantExpression). */
  | { k: 'const'; v: JValue; bool: boolean; depth: number }
  | { k: 'prop'; name: string; depth: number }
  | { k: 'neg'; e: Node; depth: number }
  | { k: 'not'; e: Node; depth: number }
  /** A bare property used as a condition (UnaryExpression.createBooleanCast). */
  | { k: 'cast'; e: Node; depth: number }
  | { k: 'and' | 'or'; l: Node; r: Node; depth: number }
  | { k: 'eq'; l: Node; r: Node; depth: number }
  | { k: 'cmp'; op: CompareOp; l: Node; r: Node; depth: number }
  | { k: 'in'; e: Node; set: ReadonlySet<string>; not: boolean; depth: number }
  | { k: 'str'; op: StringOp; e: Node; s: string; not: boolean; depth: number };

/** A node before its depth is known. */
type NodeBody = Node extends infer N ? (N extends Node ? Omit<N, 'depth'> : never) : never;

/** Deeper trees are refused: evaluation recurses, and no real selector comes near this. */
export const MAX_DEPTH = 400;

const BOOLEAN_KINDS: ReadonlySet<Node['k']> = new Set(['not', 'cast', 'and', 'or', 'eq', 'cmp', 'in', 'str']);

export function isBooleanExpression(n: Node): boolean {
  return n.k === 'const' ? n.bool : BOOLEAN_KINDS.has(n.k);
}

/** Java's toString of an expression, for error messages. */
export function describe(n: Node): string {
  switch (n.k) {
    case 'const':
      return javaToString(n.v);
    case 'prop':
      return n.name;
    case 'neg':
      return `(- ${describe(n.e)})`;
    case 'not':
      return `(NOT ${describe(n.e)})`;
    case 'cast':
      return describe(n.e);
    case 'and':
      return `(${describe(n.l)} && ${describe(n.r)})`;
    case 'or':
      return `(${describe(n.l)} || ${describe(n.r)})`;
    case 'eq':
      return `(${describe(n.l)} == ${describe(n.r)})`;
    case 'cmp':
      return `(${describe(n.l)} ${n.op} ${describe(n.r)})`;
    case 'in':
      return `${describe(n.e)} ${n.not ? 'NOT IN' : 'IN'} ( ${[...n.set].join(', ')} )`;
    case 'str':
      return `(${n.not ? 'NOT ' : ''}${n.op} ${describe(n.e)})`;
  }
}

const refuse = (expr: string, msg: string): never => {
  throw new FilterCompileError(runtimeException(msg), expr);
};

function depthOf(...children: Node[]): number {
  let d = 0;
  for (const c of children) if (c.depth > d) d = c.depth;
  return d + 1;
}

/** Builds nodes for one expression text (kept for error messages). */
export class NodeFactory {
  constructor(private readonly expr: string) {}

  private node(n: NodeBody, ...children: Node[]): Node {
    const depth = depthOf(...children);
    if (depth > MAX_DEPTH) throw new FilterCompileError(parseException(`expression nested deeper than ${MAX_DEPTH} levels`), this.expr);
    return { ...n, depth } as Node;
  }

  constant(v: JValue, bool = false): Node {
    return this.node({ k: 'const', v, bool });
  }

  /** ConstantExpression.createFloat: Apache refuses values that overflow or round to 0 (below Double.MIN_VALUE). */
  float(image: string): Node {
    const v = Number(image);
    if (v > Number.MAX_VALUE) refuse(this.expr, `${image} is greater than ${'1.7976931348623157E308'}`);
    if (v < Number.MIN_VALUE) refuse(this.expr, `${image} is less than ${'4.9E-324'}`);
    return this.constant(new JDouble(v));
  }

  property(name: string): Node {
    return this.node({ k: 'prop', name });
  }

  negate(e: Node): Node {
    return this.node({ k: 'neg', e }, e);
  }

  /** SelectorParser.asBooleanExpression. */
  asBoolean(e: Node): Node {
    if (isBooleanExpression(e)) return e;
    if (e.k === 'prop') return this.node({ k: 'cast', e }, e);
    throw new FilterCompileError(parseException(`Expression will not result in a boolean value: ${describe(e)}`), this.expr);
  }

  not(e: Node): Node {
    const b = this.asBoolean(e);
    return this.node({ k: 'not', e: b }, b);
  }

  logic(k: 'and' | 'or', l: Node, r: Node): Node {
    const a = this.asBoolean(l);
    const b = this.asBoolean(r);
    return this.node({ k, l: a, r: b }, a, b);
  }

  /** `=` (ComparisonExpression.createEqual): NULL is not an operand, and TRUE/FALSE only equal booleans. */
  equal(l: Node, r: Node): Node {
    for (const x of [l, r]) if (x.k === 'const' && x.v === null) refuse(this.expr, `'${describe(x)}' cannot be compared.`);
    if (l.k === 'const' && r.k === 'const' && l.bool && !r.bool) refuse(this.expr, `'${describe(l)}' cannot be compared with '${describe(r)}'`);
    return this.rawEqual(l, r);
  }

  notEqual(l: Node, r: Node): Node {
    return this.not(this.equal(l, r));
  }

  isNull(e: Node, not: boolean): Node {
    const eq = this.rawEqual(e, this.constant(null, true));
    return not ? this.not(eq) : eq;
  }

  private rawEqual(l: Node, r: Node): Node {
    return this.node({ k: 'eq', l, r }, l, r);
  }

  /** `>`, `>=`, `<`, `<=`: literals must be numbers, and no condition may be an operand (checkLessThanOperand). */
  compare(op: CompareOp, l: Node, r: Node): Node {
    for (const x of [l, r]) {
      if (x.k === 'const' ? !isNumber(x.v) : isBooleanExpression(x)) refuse(this.expr, `Value '${describe(x)}' cannot be compared.`);
    }
    return this.node({ k: 'cmp', op, l, r }, l, r);
  }

  between(v: Node, low: Node, high: Node, not: boolean): Node {
    if (not) return this.logic('or', this.compare('<', v, low), this.compare('>', v, high));
    if (low.k === 'const' && high.k === 'const') {
      if (low.v === null || high.v === null) refuse(this.expr, 'Illegal values of between, values can not be null!');
      let order: number;
      try {
        order = javaCompare(high.v!, low.v!);
      } catch (err) {
        // __compare wraps a NumberFormatException in a RuntimeException; a ClassCastException escapes as it is.
        const e = err as JavaEvalError;
        throw new FilterCompileError(e.javaClass === 'java.lang.NumberFormatException' ? runtimeException(e.message) : e.message, this.expr);
      }
      if (order < 0) {
        refuse(this.expr, `Illegal values of between, left value(${javaPlain(low.v)}) must less than or equal to right value(${javaPlain(high.v)})`);
      }
    }
    return this.logic('and', this.compare('>=', v, low), this.compare('<=', v, high));
  }

  in(e: Node, values: string[], not: boolean): Node {
    if (e.k !== 'prop') refuse(this.expr, `Expected a property for In expression, got: ${describe(e)}`);
    return this.node({ k: 'in', e, set: new Set(values), not }, e);
  }

  stringOp(op: StringOp, e: Node, s: string, not: boolean): Node {
    return this.node({ k: 'str', op, e, s, not }, e);
  }
}


