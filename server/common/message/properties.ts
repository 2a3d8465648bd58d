/**
 * Property strings: `name\u0001value` entries joined by `\u0002`. Java ≥ 4.9.1 writes no trailing separator,
 * older Java and ali-ons do; empty names or values are dropped, as Java's parser does.
 */
import { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from './message-const';

export type MessageProperties = Record<string, string>;

export function decodeProperties(s: string | undefined): MessageProperties {
  const out: MessageProperties = {};
  if (!s) return out;
  for (const item of s.split(PROPERTY_SEPARATOR)) {
    const i = item.indexOf(NAME_VALUE_SEPARATOR);
    if (i <= 0 || i === item.length - 1) continue;
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

export function encodeProperties(props: MessageProperties): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || k === '' || v === '') continue;
    parts.push(`${k}${NAME_VALUE_SEPARATOR}${v}`);
  }
  return parts.join(PROPERTY_SEPARATOR);
}
