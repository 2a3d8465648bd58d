/** The fault proxy itself, with plain sockets: what each fault does to the bytes and to a close. */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultProxy } from './fault-proxy';

interface Ends {
  proxy: FaultProxy;
  /** The client's socket (the "slave"). */
  slave: net.Socket;
  /** The accepted socket on the target (the "master"). */
  master: net.Socket;
  received: { slave: Buffer[]; master: Buffer[] };
  closed: { slave: boolean; master: boolean };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function ends(): Promise<Ends> {
  let accept!: (s: net.Socket) => void;
  const accepted = new Promise<net.Socket>((r) => (accept = r));
  const target = net.createServer(accept);
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
  cleanup.push(() => new Promise((r) => target.close(() => r())));
  const proxy = await FaultProxy.start({ port: (target.address() as net.AddressInfo).port });
  cleanup.push(() => proxy.close());
  const [host, port] = proxy.address.split(':');
  const slave = net.connect({ host, port: Number(port) });
  const master = await accepted;
  cleanup.push(async () => {
    slave.destroy();
    master.destroy();
  });
  const e: Ends = { proxy, slave, master, received: { slave: [], master: [] }, closed: { slave: false, master: false } };
  for (const side of ['slave', 'master'] as const) {
    e[side].on('data', (d: Buffer) => e.received[side].push(d));
    e[side].on('error', () => {});
    e[side].on('close', () => (e.closed[side] = true));
  }
  return e;
}

const bytes = (bufs: Buffer[]) => Buffer.concat(bufs).length;
const until = async (what: string, fn: () => boolean) => {
  for (let i = 0; i < 200 && !fn(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!fn()) throw new Error(`timed out waiting for ${what}`);
};
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('FaultProxy', () => {
  it('relays both ways, holds a stalled direction and hands on exactly what it is told', async () => {
    const e = await ends();
    e.slave.write('report');
    await until('the report', () => bytes(e.received.master) === 6);
    e.proxy.stall('toSlave');
    e.master.write(Buffer.alloc(1000, 1));
    await until('the bytes to be held', () => e.proxy.held('toSlave') === 1000);
    await settle();
    expect(bytes(e.received.slave)).toBe(0);
    // The other direction still flows.
    e.slave.write('ack');
    await until('the ack', () => bytes(e.received.master) === 9);
    await e.proxy.release('toSlave', 300);
    await until('300 bytes', () => bytes(e.received.slave) === 300);
    e.proxy.resume();
    await until('the rest', () => bytes(e.received.slave) === 1000);
    expect(e.proxy.forwarded('toSlave')).toBe(1000);
  });

  it('stopReading builds backpressure up to the sender; resume drains it', async () => {
    const e = await ends();
    e.proxy.stopReading('toSlave');
    await settle();
    const chunk = Buffer.alloc(64 * 1024);
    let written = 0;
    while (e.master.write(chunk) && written < 256 * 1024 * 1024) written += chunk.length;
    // The sender sees write() false once the kernel buffers on its way are full; nothing reached the slave.
    expect(written).toBeLessThan(256 * 1024 * 1024);
    await settle();
    expect(bytes(e.received.slave)).toBe(0);
    expect(e.proxy.held('toSlave')).toBeLessThan(1024 * 1024);
    e.proxy.resume();
    await until('the backlog', () => bytes(e.received.slave) === written + chunk.length);
  });

  it('a close travelling in a stalled direction arrives only on resume, behind the held bytes', async () => {
    const e = await ends();
    e.proxy.stall('toSlave');
    e.master.end(Buffer.alloc(500, 2));
    await until('the bytes to be held', () => e.proxy.held('toSlave') === 500);
    await settle();
    expect(e.closed.slave).toBe(false);
    e.proxy.resume();
    await until('the slave to be closed', () => e.closed.slave);
    expect(bytes(e.received.slave)).toBe(500);
  });

  it('cut: FIN delivers what was written, RST reaches both ends as a reset', async () => {
    for (const how of ['fin', 'rst'] as const) {
      const e = await ends();
      const errors: string[] = [];
      e.slave.on('error', (err: NodeJS.ErrnoException) => errors.push(err.code ?? ''));
      e.proxy.cut(how);
      await until('both ends to be closed', () => e.closed.slave && e.closed.master);
      expect(e.proxy.connections).toBe(0);
      if (how === 'rst') expect(errors).toContain('ECONNRESET');
      else expect(errors).toEqual([]);
    }
  });
});
