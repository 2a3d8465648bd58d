/**
 * A recursive-descent parser for RocketMQ's SQL92 dialect, production for production the grammar of Apache's
 * SelectorParser.jj (4.9.x, plus the CONTAINS / STARTSWITH / ENDSWITH operators of 5.x):
 *
 *   or         := and (OR and)*
 *   and        := equality (AND equality)*
 *   equality   := comparison ( '=' comparison | '<>' comparison | IS NULL | IS NOT NULL )*
 *   comparison := unary ( ('>'|'>='|'<'|'<=') unary | [NOT] BETWEEN unary AND unary
 *                       | [NOT] IN '(' string (',' string)* ')' | [NOT] (CONTAINS|STARTSWITH|ENDSWITH) string )*
 *   unary      := '+' unary | '-' unary | NOT unary | primary
 *   primary    := literal | identifier | '(' or ')'
 *
 * Why by hand and not with a parser library: the grammar is seven productions with two-token lookahead, and what
 * matters is reproducing JavaCC's tokenisation and Apache's construction-time checks exactly (both live in
 * lexer.ts / expression.ts); a generator would add a dependency and a build step without removing either.
 *
 * One deliberate difference: Apache's parser stops after the first complete expression and ignores what follows
 * (`a = 1 b = 2` filters by `a = 1`); Orbit refuses the trailing text, since a subscription that silently means
 * less than it says is a bug the consumer never sees.
 */
import { FilterCompileError, parseException } from './errors';
import { decimalLiteral, JavaEvalError } from './java-values';
import { NodeFactory, type CompareOp, type Node, type StringOp } from './expression';
import { javaEscape, Lexer, type Keyword, type Token } from './lexer';

/** JavaCC's tokenImage entry for a token's kind. */
function tokenImage(t: Token): string {
  switch (t.kind) {
    case 'keyword':
    case 'punct':
      return `"${t.text}"`;
    case 'decimal':
      return '<DECIMAL_LITERAL>';
    case 'float':
      return '<FLOATING_POINT_LITERAL>';
    case 'string':
      return '<STRING_LITERAL>';
    case 'id':
      return '<ID>';
    default:
      return '<EOF>';
  }
}

/** Parser recursion is bounded as well as the tree: `((((…))))` must not exhaust the stack. */
const MAX_NESTING = 200;

const COMPARE_OPS: ReadonlySet<string> = new Set(['>', '>=', '<', '<=']);
const STRING_OPS: ReadonlySet<string> = new Set(['CONTAINS', 'STARTSWITH', 'ENDSWITH']);

export function parseSelector(expr: string): Node {
  return new SelectorParser(expr).parse();
}

class SelectorParser {
  private readonly lexer: Lexer;
  /** Tokens read so far: the lexer runs only as far as the parser looks (JavaCC's order of errors). */
  private readonly tokens: Token[] = [];
  private pos = 0;
  private nesting = 0;
  private readonly f: NodeFactory;

  constructor(private readonly expr: string) {
    this.lexer = new Lexer(expr);
    this.f = new NodeFactory(expr);
  }

  parse(): Node {
    const e = this.f.asBoolean(this.or());
    if (this.peek().kind !== 'eof') this.unexpected('<EOF>');
    return e;
  }

  private peek(ahead = 0): Token {
    while (this.tokens.length <= this.pos + ahead && !this.lexer.atEnd) this.tokens.push(this.lexer.next());
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private isKeyword(t: Token, k: Keyword): boolean {
    return t.kind === 'keyword' && t.text === k;
  }

  private isPunct(t: Token, p: string): boolean {
    return t.kind === 'punct' && t.text === p;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** JavaCC's ParseException text: the token met, where, and (one level of) what would have fitted. */
  private unexpected(expected: string): never {
    const t = this.peek();
    const shown = t.kind === 'eof' ? '"<EOF>"' : `" ${tokenImage(t)} "${javaEscape(t.image)} ""`;
    throw new FilterCompileError(
      parseException(`Encountered ${shown} at line ${t.line}, column ${t.column}.\nWas expecting one of:\n    ${expected}`),
      this.expr,
    );
  }

  private expectPunct(p: string): void {
    if (!this.isPunct(this.peek(), p)) this.unexpected(`"${p}"`);
    this.pos++;
  }

  private expectKeyword(k: Keyword): void {
    if (!this.isKeyword(this.peek(), k)) this.unexpected(`"${k}"`);
    this.pos++;
  }

  private string(): string {
    const t = this.peek();
    if (t.kind !== 'string') this.unexpected('<STRING_LITERAL>');
    this.pos++;
    return t.text;
  }

  private or(): Node {
    let left = this.and();
    while (this.isKeyword(this.peek(), 'OR')) {
      this.pos++;
      left = this.f.logic('or', left, this.and());
    }
    return left;
  }

  private and(): Node {
    let left = this.equality();
    while (this.isKeyword(this.peek(), 'AND')) {
      this.pos++;
      left = this.f.logic('and', left, this.equality());
    }
    return left;
  }

  private equality(): Node {
    let left = this.comparison();
    for (;;) {
      const t = this.peek();
      if (this.isPunct(t, '=')) {
        this.pos++;
        left = this.f.equal(left, this.comparison());
      } else if (this.isPunct(t, '<>')) {
        this.pos++;
        left = this.f.notEqual(left, this.comparison());
      } else if (this.isKeyword(t, 'IS')) {
        this.pos++;
        const not = this.isKeyword(this.peek(), 'NOT');
        if (not) this.pos++;
        this.expectKeyword('NULL');
        left = this.f.isNull(left, not);
      } else {
        return left;
      }
    }
  }

  private comparison(): Node {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && COMPARE_OPS.has(t.text)) {
        this.pos++;
        left = this.f.compare(t.text as CompareOp, left, this.unary());
        continue;
      }
      // NOT here only with BETWEEN / IN / CONTAINS… right after it (JavaCC's LOOKAHEAD(2)).
      let not = false;
      let op = t;
      if (this.isKeyword(t, 'NOT')) {
        const after = this.peek(1);
        // JavaCC enters the loop on NOT and then finds no alternative: a syntax error at the NOT, not the end here.
        if (!(after.kind === 'keyword' && (after.text === 'BETWEEN' || after.text === 'IN' || STRING_OPS.has(after.text)))) {
          this.unexpected('"BETWEEN" | "IN"');
        }
        not = true;
        op = after;
      }
      if (op.kind !== 'keyword') return left;
      if (op.text === 'BETWEEN') {
        this.pos += not ? 2 : 1;
        const low = this.unary();
        this.expectKeyword('AND');
        left = this.f.between(left, low, this.unary(), not);
      } else if (op.text === 'IN') {
        this.pos += not ? 2 : 1;
        this.expectPunct('(');
        const values = [this.string()];
        while (this.isPunct(this.peek(), ',')) {
          this.pos++;
          values.push(this.string());
        }
        this.expectPunct(')');
        left = this.f.in(left, values, not);
      } else if (STRING_OPS.has(op.text)) {
        this.pos += not ? 2 : 1;
        left = this.f.stringOp(op.text as StringOp, left, this.string(), not);
      } else {
        return left;
      }
    }
  }

  private unary(): Node {
    if (++this.nesting > MAX_NESTING) throw new FilterCompileError(parseException(`expression nested deeper than ${MAX_NESTING} levels`), this.expr);
    try {
      const t = this.peek();
      if (this.isPunct(t, '+')) {
        this.pos++;
        return this.unary();
      }
      if (this.isPunct(t, '-')) {
        this.pos++;
        return this.f.negate(this.unary());
      }
      if (this.isKeyword(t, 'NOT')) {
        this.pos++;
        return this.f.not(this.unary());
      }
      return this.primary();
    } finally {
      this.nesting--;
    }
  }

  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return this.f.constant(t.text);
      case 'decimal':
        try {
          return this.f.constant(decimalLiteral(t.text));
        } catch (err) {
          throw new FilterCompileError((err as JavaEvalError).message, this.expr);
        }
      case 'float':
        return this.f.float(t.text);
      case 'id':
        return this.f.property(t.text);
      case 'keyword':
        if (t.text === 'TRUE') return this.f.constant(true, true);
        if (t.text === 'FALSE') return this.f.constant(false, true);
        if (t.text === 'NULL') return this.f.constant(null, true);
        break;
      case 'punct':
        if (t.text === '(') {
          const e = this.or();
          this.expectPunct(')');
          return e;
        }
        break;
      default:
        break;
    }
    this.pos--;
    if (t.kind === 'eof') this.pos++;
    return this.unexpected('<STRING_LITERAL> | <DECIMAL_LITERAL> | <FLOATING_POINT_LITERAL> | "TRUE" | "FALSE" | "NULL" | <ID> | "("');
  }
}
