/**
 * White-list address patterns of RocketMQ 4.9.x plain ACL (`globalWhiteRemoteAddresses`, an account's
 * `whiteRemoteAddress`), matched against the client's IP as Apache's RemoteAddressStrategyFactory does:
 *
 *   blank                        matches nothing
 *   `*`, `*.*.*.*`, `*:*:*:*:*:*:*:*` matches everything
 *   `192.168.1.{1,2,3}`          any of the listed last parts (IPv6: `1050::ac5:{1,2}`)
 *   `10.0.0.1,10.0.0.2`          any of the listed full addresses
 *   `192.168.0.*`, `192.168.1-10.*`, `10.*.*.*`, `10.1-3.*.*`
 *                                a range in the FIRST part (from the second on) that is `*` or `a-b`;
 *                                the parts after it are not looked at (Apache's behaviour)
 *   `192.168.0.1`, `::1`         exactly that address
 *
 * An invalid pattern throws AclError (as Apache refuses the file).
 */
import net from 'node:net';
import { AclError } from './permission';

export type AddressMatcher = (ip: string) => boolean;

const never: AddressMatcher = () => false;
const always: AddressMatcher = () => true;

const splitNonEmpty = (s: string, sep: string): string[] => s.split(sep).filter((p) => p.length > 0);

/** Apache's AclUtils.expandIP: pads `::` out to `part` groups and each group to 4 hex digits, upper case. */
export function expandIPv6(address: string, part: number): string {
  let a = address.toUpperCase();
  const colons = (a.match(/:/g) ?? []).length;
  const pad = part - colons;
  if (pad > 0) a = a.split('::').join(':' + ':'.repeat(pad));
  return a
    .split(':')
    .map((g) => (g.length < 4 ? g.padStart(4, '0') : g))
    .join(':');
}

function normalise(ip: string): string {
  return net.isIPv6(ip) ? expandIPv6(ip, 8) : ip;
}

function multiple(addresses: string[]): AddressMatcher {
  const set = new Set<string>();
  for (const a of addresses) {
    if (net.isIPv4(a)) set.add(a);
    else if (net.isIPv6(a)) set.add(expandIPv6(a, 8));
    else throw new AclError(`Netaddress examine Exception netaddress is ${a}`);
  }
  return (ip) => set.has(normalise(ip));
}

function one(address: string): AddressMatcher {
  if (!net.isIPv4(address) && !net.isIPv6(address)) throw new AclError(`Netaddress examine Exception netaddress is ${address}`);
  const want = expandIPv6(address, 8).toUpperCase();
  return (ip) => expandIPv6(ip, 8).toUpperCase() === want;
}

function parseIntStrict(s: string, radix: number, pattern: string): number {
  const re = radix === 16 ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/;
  if (!re.test(s.trim())) throw new AclError(`Netaddress examine scope Exception netaddress is ${pattern}`);
  return parseInt(s.trim(), radix);
}

function rangeIPv4(pattern: string): AddressMatcher {
  const parts = splitNonEmpty(pattern, '.');
  if (parts.length !== 4) throw new AclError(`Netaddress examine scope Exception netaddress is ${pattern}`);
  let index = -1;
  let start = 0;
  let end = 0;
  for (let i = 1; i <= 3; i++) {
    const v = parts[i].trim();
    if (v === '*') {
      start = 0;
      end = 255;
    } else if (v.includes('-')) {
      if (v.startsWith('-')) throw new AclError(`RangeRemoteAddressStrategy netaddress examine scope Exception value ${v} `);
      const [a, b] = splitNonEmpty(v, '-');
      start = parseIntStrict(a ?? '', 10, pattern);
      end = parseIntStrict(b ?? '', 10, pattern);
      if (!(start >= 0 && end <= 255 && start <= end)) {
        throw new AclError(`RangeRemoteAddressStrategy netaddress examine scope Exception start is ${start} , end is ${end}`);
      }
    }
    if (end > 0) {
      index = i;
      break;
    }
  }
  if (index < 0) return never;
  for (let i = 0; i < index; i++) {
    const n = parseIntStrict(parts[i], 10, pattern);
    if (n > 255) throw new AclError(`Netaddress examine scope Exception netaddress is ${pattern}`);
  }
  const head = parts.slice(0, index).map((p) => p.trim()).join('.') + '.';
  return (ip) => {
    if (!net.isIPv4(ip) || !ip.startsWith(head)) return false;
    const rest = ip.slice(head.length).split('.');
    const value = Number(rest[0]);
    return value >= start && value <= end;
  };
}

function rangeIPv6(pattern: string): AddressMatcher {
  const star = pattern.indexOf('*');
  const minus = pattern.indexOf('-');
  if (star > -1 && star !== pattern.length - 1) throw new AclError(`Netaddress examine scope Exception netaddress is ${pattern}`);
  const parts = splitNonEmpty(pattern, ':');
  let start = 0;
  let end = 0;
  let found = false;
  for (let i = 1; i < parts.length && !found; i++) {
    const v = parts[i].trim();
    if (v === '*') {
      start = 0;
      end = 0xffff;
    } else if (v.includes('-')) {
      if (v.startsWith('-')) throw new AclError(`RangeRemoteAddressStrategy netaddress examine scope Exception value ${v} `);
      const [a, b] = splitNonEmpty(v, '-');
      start = parseIntStrict(a ?? '', 16, pattern);
      end = parseIntStrict(b ?? '', 16, pattern);
      if (!(end <= 0xffff && start <= end)) {
        throw new AclError(`RangeRemoteAddressStrategy netaddress examine scope Exception start is ${start} , end is ${end}`);
      }
    }
    found = end > 0;
  }
  if (!found) return never;
  // The fixed prefix: everything before the ranged group (Apache's v6ipProcess).
  const last = pattern.lastIndexOf(':');
  let head: string;
  if (star > -1 && minus > -1) head = expandIPv6(pattern.slice(0, pattern.slice(0, last).lastIndexOf(':')), 6);
  else head = expandIPv6(pattern.slice(0, last), 7);
  const index = splitNonEmpty(head, ':').length;
  return (ip) => {
    if (!net.isIPv6(ip)) return false;
    const full = expandIPv6(ip, 8).toUpperCase();
    if (!full.startsWith(head)) return false;
    const value = parseInt(full.slice(5 * index, 5 * index + 4), 16);
    return value >= start && value <= end;
  };
}

export function addressMatcher(pattern: string | null | undefined): AddressMatcher {
  if (pattern == null || pattern.trim() === '') return never;
  if (pattern === '*' || pattern === '*.*.*.*' || pattern === '*:*:*:*:*:*:*:*') return always;
  if (pattern.endsWith('}')) {
    const open = pattern.indexOf('{');
    const sep = pattern.includes(':') ? ':' : '.';
    const parts = splitNonEmpty(pattern, sep);
    const lastPart = parts[parts.length - 1] ?? '';
    if (open < 0 || !lastPart.startsWith('{') || (sep === '.' && parts.length < 4)) {
      throw new AclError(`MultipleRemoteAddressStrategy netaddress examine scope Exception netaddress ${pattern}`);
    }
    const prefix = pattern.slice(0, open);
    return multiple(splitNonEmpty(lastPart.slice(1, -1), ',').map((p) => prefix + p));
  }
  if (pattern.includes(',')) return multiple(splitNonEmpty(pattern, ','));
  if (pattern.includes('*') || pattern.includes('-')) return pattern.includes(':') ? rangeIPv6(pattern) : rangeIPv4(pattern);
  return one(pattern);
}
