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

export function tokenize(expr: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const advance = (to: number) => {
    for (let k = i; k < to; k++) {
      if (expr[k] === '\n' || (expr[k] === '\r' && expr[k + 1] !== '\n')) {
        line++;
        lineStart = k + 1;
      }
    }
    i = to;
  };
  const fail = (what: string): never => {
    throw new FilterCompileError(lexicalError(`Lexical error at line ${line}, column ${i - lineStart + 1}.  Encountered: ${what}`), expr);
  };
  while (i < expr.length) {
    const c = expr[i];
    if (WHITESPACE.has(c)) {
      advance(i + 1);
      continue;
    }
    if (c === '-' && expr[i + 1] === '-') {
      const nl = expr.slice(i).search(/[\n\r]/);
      if (nl >= 0) {
        advance(i + nl + (expr.startsWith('\r\n', i + nl) ? 2 : 1));
        continue;
      }
    }
    if (c === '/' && expr[i + 1] === '*') {
      const end = expr.indexOf('*/', i + 2);
      if (end < 0) fail(`"/" (${c.charCodeAt(0)}), after : ""`);
      advance(end + 2);
      continue;
    }
    const column = i - lineStart + 1;
    if (c === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        const q = expr.indexOf("'", j);
        if (q < 0) fail(`<EOF> after : "${expr.slice(i)}"`);
        text += expr.slice(j, q);
        if (expr[q + 1] === "'") {
          text += "'";
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      out.push({ kind: 'string', text, image: expr.slice(i, j), line, column });
      advance(j);
      continue;
    }
    const two = expr.slice(i, i + 2);
    if (TWO_CHAR.has(two)) {
      out.push({ kind: 'punct', text: two as Punct, image: two, line, column });
      advance(i + 2);
      continue;
    }
    if ((c >= '0' && c <= '9') || c === '.') {
      const f = matchAt(FLOAT, expr, i);
      const d = matchAt(DECIMAL, expr, i);
      if (f === undefined && d === undefined) fail(`"${c}" (${c.charCodeAt(0)}), after : ""`);
      const isFloat = f !== undefined && (d === undefined || f.length > d.length);
      const image = isFloat ? f! : d!;
      out.push({ kind: isFloat ? 'float' : 'decimal', text: image, image, line, column });
      advance(i + image.length);
      continue;
    }
    if (ONE_CHAR.has(c)) {
      out.push({ kind: 'punct', text: c as Punct, image: c, line, column });
      advance(i + 1);
      continue;
    }
    const id = matchAt(ID, expr, i);
    if (id === undefined) fail(`"${c}" (${c.charCodeAt(0)}), after : ""`);
    const upper = id!.toUpperCase();
    if (KEYWORD_SET.has(upper)) out.push({ kind: 'keyword', text: upper as Keyword, image: id!, line, column });
    else out.push({ kind: 'id', text: id!, image: id!, line, column });
    advance(i + id!.length);
  }
  out.push({ kind: 'eof', text: '', image: '<EOF>', line, column: i - lineStart + 1 });
  return out;
}
