/**
 * Tokens of RocketMQ's SQL92 dialect, cut the way the JavaCC token manager of Apache's SelectorParser.jj cuts them:
 * the longest match wins, a keyword beats an identifier of the same length, keywords and identifiers ignore case,
 * `-- …` comments need their line end (without one, `--5` is two minus signs), `/* … *\/` comments, and
 * `'…'` strings with `''` for a quote.
 */
import { FilterCompileError, lexicalError } from './errors';

export const KEYWORDS = ['NOT', 'AND', 'OR', 'BETWEEN', 'IN', 'TRUE', 'FALSE', 'NULL', 'IS', 'CONTAINS', 'STARTSWITH', 'ENDSWITH'] as const;
export type Keyword = (typeof KEYWORDS)[number];
const KEYWORD_SET = new Set<string>(KEYWORDS);

export type Punct = '=' | '<>' | '>' | '>=' | '<' | '<=' | '(' | ')' | ',' | '+' | '-';

export type Token =
  | { kind: 'keyword'; text: Keyword; image: string; line: number; column: number }
  | { kind: 'punct'; text: Punct; image: string; line: number; column: number }
  | { kind: 'decimal' | 'float' | 'id'; text: string; image: string; line: number; column: number }
  | { kind: 'string'; text: string; image: string; line: number; column: number }
  | { kind: 'eof'; text: ''; image: '<EOF>'; line: number; column: number };

const FLOAT = /[0-9]+\.[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+/y;
const DECIMAL = /0|[1-9][0-9]*[lL]?/y;
const ID = /[a-zA-Z_$][a-zA-Z0-9_$]*/y;
const TWO_CHAR: ReadonlySet<string> = new Set(['<>', '>=', '<=']);
const ONE_CHAR: ReadonlySet<string> = new Set(['=', '>', '<', '(', ')', ',', '+', '-']);
const WHITESPACE: ReadonlySet<string> = new Set([' ', '\t', '\n', '\r', '\f']);

function matchAt(re: RegExp, s: string, i: number): string | undefined {
  re.lastIndex = i;
  const m = re.exec(s);
  return m ? m[0] : undefined;
}

/**
 * Line and column of every char the way JavaCC's SimpleCharStream counts them (tabs stop every 8 columns, `\r\n`
 * is one line end), so error messages point where Apache's do.
 */
function positions(expr: string): { line: Int32Array; column: Int32Array } {
  const line = new Int32Array(expr.length);
  const column = new Int32Array(expr.length);
  let l = 1;
  let c = 0;
  let prevCR = false;
  let prevLF = false;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    c++;
    if (prevLF) {
      prevLF = false;
      l++;
      c = 1;
    } else if (prevCR) {
      prevCR = false;
      if (ch === '\n') prevLF = true;
      else {
        l++;
        c = 1;
      }
    }
    if (ch === '\r') prevCR = true;
    else if (ch === '\n') prevLF = true;
    else if (ch === '\t') c = c - 1 + (8 - ((c - 1) % 8));
    line[i] = l;
    column[i] = c;
  }
  return { line, column };
}

/** JavaCC's add_escapes, for error messages. */
export function javaEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (ch === '\b') out += '\\b';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\r') out += '\\r';
    else if (ch === '"') out += '\\"';
    else if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (code < 0x20 || code > 0x7e) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out;
}

/**
 * JavaCC's token manager, on demand: the parser asks for one token at a time, so a syntax error before a lexical
 * one is reported first, and text after the end of the expression is never read, exactly as in Apache.
 */
export class Lexer {
  private readonly pos: { line: Int32Array; column: Int32Array };
  private i = 0;
  private done = false;

  constructor(private readonly expr: string) {
    this.pos = positions(expr);
  }

  /**
   * A token that cannot be cut: it began at `s` and char `k` was the last the token manager read. JavaCC reports
   * the char after it as <EOF> when the text ends there, else char `k` itself, with the partial token before it.
   */
  private fail(s: number, k: number): never {
    const { expr, pos } = this;
    const consumed = k - s + 1;
    let line = pos.line[k];
    let column = pos.column[k];
    let what: string;
    let after: string;
    if (k + 1 >= expr.length) {
      if (expr[k] === '\n' || expr[k] === '\r') {
        line++;
        column = 0;
      } else column++;
      what = '<EOF> ';
      after = consumed <= 1 ? '' : expr.slice(s, k + 1);
    } else {
      what = `"${javaEscape(expr[k])}" (${expr.charCodeAt(k)}), `;
      after = consumed <= 1 ? '' : expr.slice(s, k);
    }
    throw new FilterCompileError(lexicalError(`Lexical error at line ${line}, column ${column}.  Encountered: ${what}after : "${javaEscape(after)}"`), expr);
  }

  private token(kind: Token['kind'], text: string, image: string): Token {
    const t = { kind, text, image, line: this.pos.line[this.i], column: this.pos.column[this.i] } as Token;
    this.i += image.length;
    return t;
  }

  next(): Token {
    const expr = this.expr;
    while (this.i < expr.length) {
      const i = this.i;
      const c = expr[i];
      if (WHITESPACE.has(c)) {
        this.i++;
        continue;
      }
      if (c === '-' && expr[i + 1] === '-') {
        const nl = expr.slice(i).search(/[\n\r]/);
        if (nl >= 0) {
          this.i += nl + (expr.startsWith('\r\n', i + nl) ? 2 : 1);
          continue;
        }
      }
      if (c === '/') {
        if (expr[i + 1] !== '*') this.fail(i, Math.min(i + 1, expr.length - 1));
        const end = expr.indexOf('*/', i + 2);
        if (end < 0) this.fail(i, expr.length - 1);
        this.i = end + 2;
        continue;
      }
      if (c === "'") {
        let j = i + 1;
        let text = '';
        for (;;) {
          const q = expr.indexOf("'", j);
          if (q < 0) this.fail(i, expr.length - 1);
          text += expr.slice(j, q);
          if (expr[q + 1] === "'") {
            text += "'";
            j = q + 2;
            continue;
          }
          j = q + 1;
          break;
        }
        return this.token('string', text, expr.slice(i, j));
      }
      const two = expr.slice(i, i + 2);
      if (TWO_CHAR.has(two)) return this.token('punct', two, two);
      if ((c >= '0' && c <= '9') || c === '.') {
        const f = matchAt(FLOAT, expr, i);
        const d = matchAt(DECIMAL, expr, i);
        // Only a lone '.' matches neither: the token manager read the char after it too.
        if (f === undefined && d === undefined) this.fail(i, Math.min(i + 1, expr.length - 1));
        const isFloat = f !== undefined && (d === undefined || f.length > d.length);
        const image = isFloat ? f! : d!;
        return this.token(isFloat ? 'float' : 'decimal', image, image);
      }
      if (ONE_CHAR.has(c)) return this.token('punct', c, c);
      const id = matchAt(ID, expr, i);
      if (id === undefined) this.fail(i, i);
      const upper = id!.toUpperCase();
      return KEYWORD_SET.has(upper) ? this.token('keyword', upper, id!) : this.token('id', id!, id!);
    }
    this.done = true;
    // JavaCC puts <EOF> where the last char is (0, 0 for an empty text).
    const last = expr.length - 1;
    return { kind: 'eof', text: '', image: '<EOF>', line: last >= 0 ? this.pos.line[last] : 0, column: last >= 0 ? this.pos.column[last] : 0 };
  }

  get atEnd(): boolean {
    return this.done;
  }
}

/** Every token of a text (the last one <EOF>); throws at the first lexical error. */
export function tokenize(expr: string): Token[] {
  const lexer = new Lexer(expr);
  const out: Token[] = [];
  for (;;) {
    const t = lexer.next();
    out.push(t);
    if (t.kind === 'eof') return out;
  }
}
