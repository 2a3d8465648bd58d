/**
 * Property strings: `name\u0001value` entries joined by `\u0002`. Java ≥ 4.9.1 writes no trailing separator,
 * older Java and ali-ons do; empty names or values are dropped, as Java's parser does.
 */
import { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from './message-const';

export type MessageProperties = Record<string, string>;

export function decodeProperties(s: string | undefined): MessageProperties {
  const out: MessageProperties = {};
  if (!s) return out;
  // indexOf over the string instead of split + slice per item: this runs for every message a consumer pulls.
  const len = s.length;
  let from = 0;
  while (from <= len) {
    let to = s.indexOf(PROPERTY_SEPARATOR, from);
    if (to < 0) to = len;
    const i = s.indexOf(NAME_VALUE_SEPARATOR, from);
    if (i > from && i < to - 1) out[s.slice(from, i)] = s.slice(i + 1, to);
    from = to + 1;
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

const PROPERTY_SEPARATOR_CODE = 0x02;
const NAME_VALUE_SEPARATOR_CODE = 0x01;

/**
 * Values of several names in one pass over a property string: `out[j]` receives the value of `names[j]` (at most
 * 30 names, none containing a separator). The first item with a name wins where decodeProperties lets the last
 * win; the strings read here come from encodeProperties, which never repeats a name.
 */
function propertyValues(props: string, names: readonly string[], out: (string | undefined)[]): void {
  for (let j = 0; j < names.length; j++) out[j] = undefined;
  const all = (1 << names.length) - 1;
  let done = 0;
  let pos = 0;
  while (pos < props.length && done !== all) {
    let next = props.indexOf(PROPERTY_SEPARATOR, pos);
    if (next < 0) next = props.length;
    for (let j = 0; j < names.length; j++) {
      const n = names[j];
      if (done & (1 << j) || props.charCodeAt(pos + n.length) !== NAME_VALUE_SEPARATOR_CODE || !props.startsWith(n, pos)) continue;
      done |= 1 << j;
      if (next > pos + n.length + 1) out[j] = props.slice(pos + n.length + 1, next);
      break;
    }
    pos = next + 1;
  }
}

/**
 * Names that may reorder or vanish in a JS object: array-index-like names are iterated first, and
 * `__proto__` is swallowed by the decoder. Strings holding one take the decode/encode route so the
 * result stays what the object-based merge produced.
 */
function isUnsafeName(s: string, start: number, end: number): boolean {
  const c = s.charCodeAt(start);
  if (c >= 0x30 && c <= 0x39) return true;
  return end - start === 9 && s.startsWith('__proto__', start);
}

function sameRange(s: string, a: number, b: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (s.charCodeAt(a + i) !== s.charCodeAt(b + i)) return false;
  return true;
}

/**
 * Properties laid over a message's own, as the broker stores them: `apply(own)` always equals
 * `encodeProperties(omit({ ...decodeProperties(own), ...props }, without))`. A batch lays its batch-level
 * properties over each entry's; a single send sets CLUSTER and drops WAIT.
 *
 * The object route builds, spreads and re-encodes a map per message. Property strings in the usual shape (every
 * item `name\u0001value`, no repeated name, at most one trailing separator) are instead edited as strings, which
 * is what the merge amounts to for them; anything else takes the object route. The values of the `watched`
 * names in the result are picked up on the way (`found`), sparing the caller another pass over the string.
 */
export class PropertyOverlay {
  /** After apply: the result's value of each watched name, by index; undefined when absent. */
  readonly found: (string | undefined)[];
  private readonly props: MessageProperties;
  private readonly without: readonly string[];
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  private readonly watched: readonly string[];
  /** The overlay's value of each watched name: it wins over the message's own. */
  private readonly watchedDefaults: (string | undefined)[];
  /** The overlay items joined: appended whole when the message shares no name with them. */
  private readonly encoded: string;
  private readonly editable: boolean;
  /** Scratch: start and name end of each item of the string being scanned. */
  private itemStart = new Int32Array(16);
  private itemNameEnd = new Int32Array(16);
  /** Scratch: the item [cutStart, cutEnd) to drop (a `without` name), or cutStart -1. */
  private cutStart = -1;
  private cutEnd = -1;

  constructor(props: MessageProperties, watched: readonly string[] = [], without: readonly string[] = []) {
    if (watched.length > 30) throw new RangeError('PropertyOverlay watches at most 30 names');
    this.props = props;
    const dropped = [...without];
    const kept: MessageProperties = {};
    for (const [k, v] of Object.entries(props)) {
      if (without.includes(k)) continue;
      // An empty value overwrites the message's own and is then left out by the encoder: the name is dropped.
      if (v === undefined || v === null || v === '') dropped.push(k);
      if (v === undefined || v === null || k === '' || v === '') continue;
      this.names.push(k);
      this.values.push(v);
      kept[k] = v;
    }
    this.without = dropped;
    this.encoded = encodeProperties(kept);
    this.watched = watched;
    this.watchedDefaults = watched.map((w) => {
      const i = this.names.indexOf(w);
      return i < 0 ? undefined : this.values[i];
    });
    this.found = [...this.watchedDefaults];
    // A bit per name records which ones the message already has; names must not reorder in the object merge.
    this.editable =
      this.names.length <= 30 &&
      !this.names.some((n) => isUnsafeName(n, 0, n.length)) &&
      !watched.some((w) => dropped.includes(w));
  }

  apply(own: string): string {
    if (!this.editable) return this.merge(own);
    if (own === '') return this.finish(this.encoded);
    let end = own.length;
    if (own.charCodeAt(end - 1) === PROPERTY_SEPARATOR_CODE) end--;
    for (let w = 0; w < this.watched.length; w++) this.found[w] = this.watchedDefaults[w];
    this.cutStart = -1;
    const present = this.scan(own, end);
    if (present < 0) return this.merge(own);
    const head = this.head(own, end);
    const tail = present === 0 ? this.encoded : this.missing(present);
    if (head === '') return tail;
    return tail === '' ? head : head + PROPERTY_SEPARATOR + tail;
  }

  /**
   * Checks own[0, end) item by item. Returns a bit set of the overlay names the string already carries with the
   * same value, or -1 when only the object merge gives the right answer (odd item, repeated name, other value,
   * more than one item to drop).
   */
  private scan(own: string, end: number): number {
    let present = 0;
    let count = 0;
    let pos = 0;
    for (;;) {
      let next = own.indexOf(PROPERTY_SEPARATOR, pos);
      if (next < 0 || next > end) next = end;
      const nv = own.indexOf(NAME_VALUE_SEPARATOR, pos);
      // Also rejects an empty item, a missing name or value, and an item without a name/value separator.
      if (nv <= pos || nv >= next - 1) return -1;
      if (isUnsafeName(own, pos, nv) || this.seen(own, count, pos, nv)) return -1;
      if (nameIn(this.without, own, pos, nv) >= 0) {
        if (this.cutStart >= 0) return -1;
        this.cutStart = pos;
        this.cutEnd = next;
      } else {
        const j = this.overlayIndex(own, pos, nv, next);
        if (j === -2) return -1;
        if (j >= 0) present |= 1 << j;
        else this.watch(own, pos, nv, next);
      }
      this.remember(count++, pos, nv);
      if (next === end) return present;
      pos = next + 1;
    }
  }

  /** own[0, end) without the dropped item and its separator. */
  private head(own: string, end: number): string {
    const a = this.cutStart;
    const b = this.cutEnd;
    if (a < 0) return end === own.length ? own : own.slice(0, end);
    if (b < end) return a === 0 ? own.slice(b + 1, end) : own.slice(0, a) + own.slice(b + 1, end);
    return a === 0 ? '' : own.slice(0, a - 1);
  }

  /** Whether an earlier item of the string has the name own[start, nameEnd). */
  private seen(own: string, count: number, start: number, nameEnd: number): boolean {
    const len = nameEnd - start;
    for (let i = 0; i < count; i++) {
      if (this.itemNameEnd[i] - this.itemStart[i] === len && sameRange(own, this.itemStart[i], start, len)) return true;
    }
    return false;
  }

  /** Index of the overlay name the item [start, next) carries; -1 when none, -2 when it carries another value. */
  private overlayIndex(own: string, start: number, nv: number, next: number): number {
    const j = nameIn(this.names, own, start, nv);
    if (j < 0) return -1;
    const v = this.values[j];
    return v.length === next - nv - 1 && own.startsWith(v, nv + 1) ? j : -2;
  }

  /** Records the item's value when its name is watched (and, being no overlay name, the message's value stands). */
  private watch(own: string, start: number, nv: number, next: number): void {
    const w = nameIn(this.watched, own, start, nv);
    if (w >= 0) this.found[w] = own.slice(nv + 1, next);
  }

  private remember(i: number, start: number, nameEnd: number): void {
    if (i === this.itemStart.length) {
      const s = new Int32Array(i * 2);
      const e = new Int32Array(i * 2);
      s.set(this.itemStart);
      e.set(this.itemNameEnd);
      this.itemStart = s;
      this.itemNameEnd = e;
    }
    this.itemStart[i] = start;
    this.itemNameEnd[i] = nameEnd;
  }

  /** The overlay items the string does not already carry, in overlay order. */
  private missing(present: number): string {
    let out = '';
    for (let j = 0; j < this.names.length; j++) {
      if (present & (1 << j)) continue;
      const item = this.names[j] + NAME_VALUE_SEPARATOR + this.values[j];
      out = out === '' ? item : out + PROPERTY_SEPARATOR + item;
    }
    return out;
  }

  private merge(own: string): string {
    const merged = { ...decodeProperties(own), ...this.props };
    for (const w of this.without) delete merged[w];
    return this.finish(encodeProperties(merged));
  }

  /** Reads the watched names off a result built without the scan. */
  private finish(result: string): string {
    propertyValues(result, this.watched, this.found);
    return result;
  }
}

/** Index in `names` of the name s[start, end), or -1. */
function nameIn(names: readonly string[], s: string, start: number, end: number): number {
  for (let j = 0; j < names.length; j++) {
    const n = names[j];
    if (n.length === end - start && s.startsWith(n, start)) return j;
  }
  return -1;
}
