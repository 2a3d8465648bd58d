/**
 * SQL92 message filters (RocketMQ's `MessageSelector.bySql`): compile once, evaluate per message.
 *
 * `compileFilter` answers a FilterCompileError for anything Apache's broker refuses, with Apache's reason text;
 * compiled filters are cached by expression (Apache caches parsed selectors the same way), since every pull of
 * every consumer of a group carries the same text.
 */
import { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from '../common/message/message-const';
import type { MessageProperties } from '../common/message/properties';
import { FilterCompileError, runtimeException } from './errors';
import { evaluate, type PropertyLookup } from './evaluate';
import type { Node } from './expression';
import { parseSelector } from './parser';

export { FilterCompileError } from './errors';
export type { PropertyLookup } from './evaluate';

export const SQL92 = 'SQL92';
export const TAG = 'TAG';

export interface CompiledFilter {
  readonly expression: string;
  /** True when the message with these properties matches; a Java evaluation exception means no match. */
  matches(props: PropertyLookup): boolean;
  /** Same, from the raw `name\u0001value\u0002…` property string of a stored record. */
  matchesPropertyString(properties: string): boolean;
  /** Same, from decoded properties. */
  matchesMap(props: MessageProperties): boolean;
}

class SqlFilter implements CompiledFilter {
  constructor(
    readonly expression: string,
    private readonly root: Node,
  ) {}

  matches(props: PropertyLookup): boolean {
    try {
      return evaluate(this.root, props) === true;
    } catch {
      return false;
    }
  }

  matchesPropertyString(properties: string): boolean {
    // Looked up in the raw string (a selector names a few properties): no map built per scanned record.
    return this.matches((name) => propertyInString(properties, name));
  }

  matchesMap(map: MessageProperties): boolean {
    return this.matches((name) => (Object.hasOwn(map, name) ? map[name] : undefined));
  }
}

/**
 * A property's value in a `name\u0001value\u0002…` string with Java's decoding rules: the last non-empty value of a
 * repeated name wins, an empty value is no value.
 */
export function propertyInString(props: string, name: string): string | undefined {
  const key = `${name}${NAME_VALUE_SEPARATOR}`;
  let searchFrom = props.length;
  while (searchFrom >= 0) {
    const sepAt = props.lastIndexOf(`${PROPERTY_SEPARATOR}${key}`, searchFrom);
    let start: number;
    if (sepAt >= 0) start = sepAt + 1;
    else if (props.startsWith(key)) start = 0;
    else return undefined;
    const from = start + key.length;
    let end = props.indexOf(PROPERTY_SEPARATOR, from);
    if (end < 0) end = props.length;
    if (end > from) return props.slice(from, end);
    if (start === 0) return undefined;
    searchFrom = sepAt - 1;
  }
  return undefined;
}

const CACHE_SIZE = 256;
const MAX_CACHED_LENGTH = 4096;
const cache = new Map<string, CompiledFilter>();

/** Whether an expression type is a tag expression (absent and empty mean TAG, as in Apache's ExpressionType). */
export function isTagType(type: string | undefined | null): boolean {
  return !type || type === TAG;
}

/** Compiles an SQL92 expression, throwing FilterCompileError with Apache's reason when it would refuse it. */
export function compileFilter(expression: string, type: string = SQL92): CompiledFilter {
  if (type !== SQL92) throw new FilterCompileError(runtimeException(`Filter spi type(${type}) not found!`), expression);
  const hit = cache.get(expression);
  if (hit) {
    // Refresh its place in the LRU order.
    cache.delete(expression);
    cache.set(expression, hit);
    return hit;
  }
  const compiled = new SqlFilter(expression, parseSelector(expression));
  // Long texts are compiled every time rather than kept: a client must not be able to pin megabytes here.
  if (expression.length > MAX_CACHED_LENGTH) return compiled;
  cache.set(expression, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return compiled;
}

/** Evaluates once, for tools and tests: the Java value's match result (true only for TRUE). */
export function matchesProperties(expression: string, props: Record<string, string>): boolean {
  return compileFilter(expression).matches((n) => (Object.hasOwn(props, n) ? props[n] : undefined));
}
