/**
 * Offset message ids: uppercase hex of store IP (4 or 16 bytes) + port (int32) + commit-log offset (int64).
 * 32 hex characters for IPv4, 56 for IPv6.
 */
import net from 'node:net';

export interface SocketAddress {
  host: string;
  port: number;
}

export function ipToBytes(host: string): Buffer {
  const h = host.replace(/^::ffff:/, '');
  if (net.isIPv4(h)) return Buffer.from(h.split('.').map(Number));
  if (net.isIPv6(h)) {
    const [head, tail = ''] = h.split('::');
    const a = head ? head.split(':') : [];
    const b = tail ? tail.split(':') : [];
    const groups = h.includes('::') ? [...a, ...Array(8 - a.length - b.length).fill('0'), ...b] : a;
    const out = Buffer.alloc(16);
    groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || '0', 16), i * 2));
    return out;
  }
  // A host name: Java would resolve it; loopback-only deployments use addresses, so fall back to 127.0.0.1.
  return Buffer.from([127, 0, 0, 1]);
}

export function bytesToIp(b: Buffer): string {
  if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  return groups.join(':');
}

export function createOffsetMsgId(ip: Buffer, port: number, commitLogOffset: number): string {
  const b = Buffer.alloc(ip.length + 12);
  ip.copy(b, 0);
  b.writeInt32BE(port, ip.length);
  b.writeBigInt64BE(BigInt(commitLogOffset), ip.length + 4);
  return b.toString('hex').toUpperCase();
}

export interface DecodedOffsetMsgId {
  host: string;
  port: number;
  addr: string;
  offset: number;
}

/** Throws on a string that is not an offset message id. */
export function decodeOffsetMsgId(id: string): DecodedOffsetMsgId {
  if (!/^[0-9A-Fa-f]+$/.test(id) || (id.length !== 32 && id.length !== 56)) {
    throw new Error(`"${id}" is not an offset message id (32 or 56 hex characters)`);
  }
  const b = Buffer.from(id, 'hex');
  const ipLen = id.length === 32 ? 4 : 16;
  const host = bytesToIp(b.subarray(0, ipLen));
  const port = b.readInt32BE(ipLen);
  const offset = Number(b.readBigInt64BE(ipLen + 4));
  return { host, port, addr: `${host}:${port}`, offset };
}

const HEX_DIGITS = Buffer.from('0123456789ABCDEF', 'latin1');

function writeHex32(out: Buffer, pos: number, v: number): number {
  for (let shift = 28; shift >= 0; shift -= 4) out[pos++] = HEX_DIGITS[(v >>> shift) & 0xf];
  return pos;
}

/**
 * The offset message ids of records written by one store host, comma-joined: what a batch send answers.
 * Same text as createOffsetMsgId per offset, formatted into one buffer instead of a Buffer, a BigInt and two
 * strings per id. `port` and the offsets must be what the store accepted (int32, non-negative safe integers).
 */
export function createOffsetMsgIds(ip: Buffer, port: number, offsets: readonly number[]): string {
  if (offsets.length === 0) return '';
  const hostLen = (ip.length + 4) * 2;
  const out = Buffer.allocUnsafe(offsets.length * (hostLen + 17) - 1);
  // The host part is the same in every id: format it once, then copy it.
  let pos = 0;
  for (let b = 0; b < ip.length; b++) {
    out[pos++] = HEX_DIGITS[ip[b] >>> 4];
    out[pos++] = HEX_DIGITS[ip[b] & 0xf];
  }
  pos = writeHex32(out, pos, port);
  for (let i = 0; i < offsets.length; i++) {
    if (i > 0) {
      out[pos++] = 0x2c;
      for (let k = 0; k < hostLen; k++) out[pos + k] = out[k];
      pos += hostLen;
    }
    const offset = offsets[i];
    const hi = Math.floor(offset / 0x100000000);
    pos = writeHex32(out, pos, hi);
    pos = writeHex32(out, pos, offset - hi * 0x100000000);
  }
  return out.toString('latin1');
}
