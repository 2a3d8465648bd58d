/**
 * UNIQ_KEY generation after Java's MessageClientIDSetter: 16 bytes as 32 uppercase hex characters:
 * ┌────────┬────────┬──────────────────┬───────────────────────────┬─────────┐
 * │ IPv4 4 │ pid 2  │ class-loader id 4│ ms since month start 4     │counter 2│
 * └────────┴────────┴──────────────────┴───────────────────────────┴─────────┘
 * The first 10 bytes are fixed per process; admins read the time back from bytes 10..14.
 */
import crypto from 'node:crypto';
import { localIPv4 } from './client-config';

const FIX = (() => {
  const b = Buffer.alloc(10);
  Buffer.from(localIPv4().split('.').map(Number)).copy(b, 0);
  b.writeUInt16BE(process.pid & 0xffff, 4);
  // Java uses the class loader's identity hash; any per-process random value serves the same purpose.
  crypto.randomBytes(4).copy(b, 6);
  return b.toString('hex').toUpperCase();
})();

let counter = crypto.randomInt(0, 0x10000);
let monthStart = 0;
let nextMonthStart = 0;

function refreshMonth(now: number): void {
  const d = new Date(now);
  monthStart = new Date(d.getFullYear(), d.getMonth(), 1).getTime();
  nextMonthStart = new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime();
}

/** A new UNIQ_KEY (32 hex characters). */
export function createUniqId(now = Date.now()): string {
  if (now >= nextMonthStart || now < monthStart) refreshMonth(now);
  const b = Buffer.alloc(6);
  b.writeInt32BE((now - monthStart) | 0, 0);
  counter = (counter + 1) & 0xffff;
  b.writeUInt16BE(counter, 4);
  return FIX + b.toString('hex').toUpperCase();
}

/** The IPv4 address encoded in a UNIQ_KEY. */
export function uniqIdIp(id: string): string {
  return Buffer.from(id.slice(0, 8), 'hex').join('.');
}

/** The (approximate) creation time encoded in a UNIQ_KEY, relative to the month the id was made in. */
export function uniqIdTimestamp(id: string, now = Date.now()): number {
  const diff = Buffer.from(id.slice(20, 28), 'hex').readInt32BE(0);
  const d = new Date(now);
  let start = new Date(d.getFullYear(), d.getMonth(), 1).getTime();
  if (start + diff > now + 60_000) start = new Date(d.getFullYear(), d.getMonth() - 1, 1).getTime();
  return start + diff;
}
