/**
 * JSON as fastjson (the Java side) writes and reads it, which is not quite JSON:
 * - maps with Long/Integer keys are written with unquoted numbers: `{0:"127.0.0.1:10911"}`;
 * - maps keyed by objects (MessageQueue) write the key as an object: `{{"brokerName":"b","queueId":0,"topic":"T"}:5}`;
 * - 64-bit numbers must survive: integers beyond 2^53 are read as bigint.
 *
 * Reading: objects whose keys are all strings or numbers become plain objects (number keys as strings);
 * an object with any object key becomes a `Map` keyed by the parsed key objects.
 * Writing: plain objects are beans (keys sorted, null/undefined left out, as fastjson does); a `Map` is written
 * with its keys' own forms (number/bigint unquoted, object as JSON, string quoted) in insertion order.
 */
import { RemotingFrameError } from '../common/errors';

export class JavaJsonError extends RemotingFrameError {}

/** A double that must be written with a fraction (`0.0`), as Java writes doubles. */
export class JavaDouble {
  constructor(readonly value: number) {}
}

export function parseJavaJson(text: string): any {
  const p = new Parser(text);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.pos !== text.length) p.fail('trailing characters');
  return v;
}

class Parser {
  pos = 0;
  constructor(readonly s: string) {}

  fail(msg: string): never {
    throw new JavaJsonError(`bad JSON body at ${this.pos}: ${msg}`);
  }

  ws(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.pos++;
      else break;
    }
  }

  value(): any {
    const c = this.s[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'") return this.string();
    if (c === 't' && this.s.startsWith('true', this.pos)) { this.pos += 4; return true; }
    if (c === 'f' && this.s.startsWith('false', this.pos)) { this.pos += 5; return false; }
    if (c === 'n' && this.s.startsWith('null', this.pos)) { this.pos += 4; return null; }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    return this.fail(`unexpected ${c === undefined ? 'end' : JSON.stringify(c)}`);
  }

  number(): number | bigint {
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[LlFfDd]?/.exec(this.s.slice(this.pos, this.pos + 64));
    if (!m) return this.fail('bad number');
    this.pos += m[0].length;
    const text = m[0].replace(/[LlFfDd]$/, '');
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(text);
      if (Number.isSafeInteger(n)) return n;
      return BigInt(text);
    }
    return Number(text);
  }

  string(): string {
    const q = this.s[this.pos];
    if (q === '"') {
      // Fast path: the native parser handles escapes exactly.
      let i = this.pos + 1;
      const s = this.s;
      while (i < s.length) {
        const c = s.charCodeAt(i);
        if (c === 92) i += 2;
        else if (c === 34) break;
        else i++;
      }
      if (i >= s.length) this.fail('unterminated string');
      const raw = s.slice(this.pos, i + 1);
      this.pos = i + 1;
      try {
        return JSON.parse(raw);
      } catch {
        return this.fail('bad string escape');
      }
    }
    // fastjson also reads single-quoted strings
    const end = this.s.indexOf("'", this.pos + 1);
    if (end < 0) this.fail('unterminated string');
    const out = this.s.slice(this.pos + 1, end);
    this.pos = end + 1;
    return out;
  }

  array(): any[] {
    this.pos++;
    const out: any[] = [];
    this.ws();
    if (this.s[this.pos] === ']') { this.pos++; return out; }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.fail('expected , or ]');
    }
  }

  object(): any {
    this.pos++;
    const entries: [unknown, unknown][] = [];
    let objectKeys = false;
    this.ws();
    if (this.s[this.pos] === '}') { this.pos++; return {}; }
    for (;;) {
      this.ws();
      const c = this.s[this.pos];
      let key: unknown;
      if (c === '"' || c === "'") key = this.string();
      else if (c === '{') { key = this.object(); objectKeys = true; }
      else if (c === '-' || (c >= '0' && c <= '9')) key = this.number();
      else {
        const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.pos, this.pos + 256));
        if (!m) this.fail('bad object key');
        key = m[0];
        this.pos += m[0].length;
      }
      this.ws();
      if (this.s[this.pos++] !== ':') this.fail('expected :');
      this.ws();
      entries.push([key, this.value()]);
      this.ws();
      const d = this.s[this.pos++];
      if (d === '}') break;
      if (d !== ',') this.fail('expected , or }');
    }
    if (objectKeys) return new Map(entries);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) out[String(k)] = v;
    return out;
  }
}

export function stringifyJavaJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

function write(v: unknown, out: string[]): void {
  if (v === null || v === undefined) { out.push('null'); return; }
  switch (typeof v) {
    case 'string': out.push(JSON.stringify(v)); return;
    case 'number':
      if (!Number.isFinite(v)) { out.push('null'); return; }
      out.push(String(v));
      return;
    case 'bigint': out.push(v.toString()); return;
    case 'boolean': out.push(v ? 'true' : 'false'); return;
  }
  if (v instanceof JavaDouble) {
    const s = String(v.value);
    out.push(Number.isInteger(v.value) && !s.includes('e') ? `${s}.0` : s);
    return;
  }
  if (Array.isArray(v) || v instanceof Set) {
    out.push('[');
    let first = true;
    for (const item of v) {
      if (!first) out.push(',');
      first = false;
      write(item, out);
    }
    out.push(']');
    return;
  }
  if (v instanceof Map) {
    out.push('{');
    let first = true;
    for (const [k, val] of v) {
      if (val === undefined) continue;
      if (!first) out.push(',');
      first = false;
      if (typeof k === 'string') out.push(JSON.stringify(k));
      else write(k, out);
      out.push(':');
      write(val, out);
    }
    out.push('}');
    return;
  }
  if (Buffer.isBuffer(v)) { out.push(JSON.stringify(v.toString('base64'))); return; }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && obj[k] !== null).sort();
  out.push('{');
  keys.forEach((k, i) => {
    if (i) out.push(',');
    out.push(JSON.stringify(k), ':');
    write(obj[k], out);
  });
  out.push('}');
}

/** Parse a body buffer as Java JSON; an empty or missing body is an error for callers that need one. */
export function decodeJavaBody<T = any>(body: Buffer | undefined): T {
  if (!body || body.length === 0) throw new JavaJsonError('missing JSON body');
  return parseJavaJson(body.toString('utf8')) as T;
}

export function encodeJavaBody(value: unknown): Buffer {
  return Buffer.from(stringifyJavaJson(value), 'utf8');
}

/** Number from a parsed value that may be a bigint (64-bit field). Throws if it cannot be exact. */
export function toSafeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new JavaJsonError(`number ${v} does not fit in 2^53`);
    return n;
  }
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new JavaJsonError(`expected a number, got ${typeof v}`);
}
