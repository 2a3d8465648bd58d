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
