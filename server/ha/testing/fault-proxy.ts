/**
 * Test support: a loopback TCP relay between an HA slave and its master's HA port that makes the network faults a
 * test can make without root (no tc/iptables): per direction it can stall (keep reading, hold the bytes: a link
 * that delivers nothing while both ends stay up), stop reading (TCP backpressure builds up to the sender), resume,
 * hand on an exact number of held bytes, and cut every relayed connection with a FIN or an RST. Point a slave at
 * it with `haMasterAddress: proxy.address`. What a fault does holds for connections accepted later too, until
 * resume(). A close travels like data: one that comes from the side whose direction is stalled or not read
 * reaches the other side only on resume, after the bytes held before it (as a FIN or RST would wait behind a
 * broken link). Not for production code: it holds whatever it is told to hold in memory.
 */
import net from 'node:net';

/** `toSlave` is master → slave (frames), `toMaster` slave → master (offset reports). */
export type Direction = 'toSlave' | 'toMaster';
export type FaultMode = 'flow' | 'stall' | 'stopRead';

interface Leg {
  src: net.Socket;
  dst: net.Socket;
  held: Buffer[];
  heldBytes: number;
  /** The relay paused `src` because `dst` wants a drain (the relay's own backpressure, not a fault). */
  waitingDrain: boolean;
  /** `src` closed while this direction was held: passed on once the held bytes are. */
  pendingClose: 'fin' | 'rst' | undefined;
}

interface Pair {
  slave: net.Socket;
  master: net.Socket;
  legs: Record<Direction, Leg>;
  closed: boolean;
}

export class FaultProxy {
  private readonly pairs = new Set<Pair>();
  private readonly modes: Record<Direction, FaultMode> = { toSlave: 'flow', toMaster: 'flow' };
  private readonly forwardedBytes: Record<Direction, number> = { toSlave: 0, toMaster: 0 };
  private acceptedCount = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly target: { host: string; port: number },
  ) {}

  /** Listens on an ephemeral 127.0.0.1 port and relays every connection to `target`. */
  static async start(target: { host?: string; port: number }): Promise<FaultProxy> {
    const server = net.createServer();
    const proxy = new FaultProxy(server, { host: target.host ?? '127.0.0.1', port: target.port });
    server.on('connection', (s) => proxy.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** Relayed connections now open. */
  get connections(): number {
    return this.pairs.size;
  }

  /** Connections accepted since start (a reconnect counts again). */
  get accepted(): number {
    return this.acceptedCount;
  }

  /** Bytes handed on to the other side in a direction, over all connections. */
  forwarded(dir: Direction): number {
    return this.forwardedBytes[dir];
  }

  /** Bytes held (stalled) in a direction, over all open connections. */
  held(dir: Direction): number {
    let n = 0;
    for (const p of this.pairs) n += p.legs[dir].heldBytes;
    return n;
  }

  /** A copy of the bytes held in a direction of the (single) open connection, e.g. to find frame boundaries. */
  heldData(dir: Direction): Buffer {
    const p = this.onlyPair();
    return p ? Buffer.concat(p.legs[dir].held) : Buffer.alloc(0);
  }

  /** Keep reading from the sender and hold the bytes. */
  stall(dir: Direction): void {
    this.setMode(dir, 'stall');
  }

  /** Stop reading from the sender: its kernel buffers fill and its writes start to return false. */
  stopReading(dir: Direction): void {
    this.setMode(dir, 'stopRead');
  }

  /** Back to relaying: held bytes go first, in order. Both directions when none is named. */
  resume(dir?: Direction): void {
    for (const d of dir ? [dir] : (['toSlave', 'toMaster'] as const)) this.setMode(d, 'flow');
  }

  /**
   * Hands on the first `n` held bytes of a direction (the mode stays as it is). Resolves once the relay's socket
   * has taken them into the kernel; on loopback the peer can read them right after.
   */
  async release(dir: Direction, n: number): Promise<void> {
    const p = this.onlyPair();
    if (!p) throw new Error('no relayed connection');
    const leg = p.legs[dir];
    if (n > leg.heldBytes) throw new Error(`only ${leg.heldBytes} bytes held, asked for ${n}`);
    const all = Buffer.concat(leg.held);
    leg.held = n < all.length ? [all.subarray(n)] : [];
    leg.heldBytes -= n;
    await new Promise<void>((resolve, reject) => leg.dst.write(all.subarray(0, n), (err) => (err ? reject(err) : resolve())));
    this.forwardedBytes[dir] += n;
  }

  /**
   * Cuts every relayed connection, both sides. 'fin': an orderly close after what was already written (held
   * bytes are dropped); 'rst': a reset (SO_LINGER 0), unsent bytes lost.
   */
  cut(how: 'fin' | 'rst'): void {
    for (const p of [...this.pairs]) this.closePair(p, how);
  }

  async close(): Promise<void> {
    this.cut('rst');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onlyPair(): Pair | undefined {
    if (this.pairs.size > 1) throw new Error(`${this.pairs.size} relayed connections open; expected one`);
    return [...this.pairs][0];
  }

  private setMode(dir: Direction, mode: FaultMode): void {
    this.modes[dir] = mode;
    for (const p of this.pairs) this.apply(p, dir);
  }

  private accept(slave: net.Socket): void {
    this.acceptedCount++;
    slave.pause();
    const master = net.connect({ host: this.target.host, port: this.target.port });
    const leg = (src: net.Socket, dst: net.Socket): Leg => ({ src, dst, held: [], heldBytes: 0, waitingDrain: false, pendingClose: undefined });
    const pair: Pair = { slave, master, legs: { toSlave: leg(master, slave), toMaster: leg(slave, master) }, closed: false };
    this.pairs.add(pair);
    for (const [s, out] of [[slave, 'toMaster'], [master, 'toSlave']] as const) {
      s.setNoDelay(true);
      s.on('error', () => this.sideClosed(pair, out, 'rst'));
      s.on('end', () => this.sideClosed(pair, out, 'fin'));
      s.on('close', () => this.sideClosed(pair, out, 'fin'));
    }
    for (const dir of ['toSlave', 'toMaster'] as const) {
      const l = pair.legs[dir];
      l.src.on('data', (chunk: Buffer) => this.onData(pair, dir, chunk));
      l.dst.on('drain', () => {
        l.waitingDrain = false;
        this.apply(pair, dir);
      });
    }
    master.once('connect', () => {
      this.apply(pair, 'toSlave');
      this.apply(pair, 'toMaster');
    });
  }

  private onData(p: Pair, dir: Direction, chunk: Buffer): void {
    const leg = p.legs[dir];
    if (this.modes[dir] !== 'flow' || leg.heldBytes > 0) {
      // A chunk read before a pause took effect, or while stalled: kept in order.
      leg.held.push(Buffer.from(chunk));
      leg.heldBytes += chunk.length;
      if (this.modes[dir] === 'stopRead') leg.src.pause();
      return;
    }
    this.forward(p, dir, chunk);
  }

  /** The side that sends in `dir` closed (FIN, RST or gone): tell the other side now, or once `dir` flows. */
  private sideClosed(p: Pair, dir: Direction, how: 'fin' | 'rst'): void {
    const leg = p.legs[dir];
    if (p.closed || leg.pendingClose) return;
    if (this.modes[dir] === 'flow' && leg.heldBytes === 0 && !leg.waitingDrain) this.closePair(p, how);
    else leg.pendingClose = how;
  }

  private forward(p: Pair, dir: Direction, chunk: Buffer): void {
    const leg = p.legs[dir];
    // The receiving side closed and its close is still held in the other direction: the bytes go nowhere.
    if (leg.dst.destroyed || leg.dst.writableEnded) return;
    this.forwardedBytes[dir] += chunk.length;
    if (!leg.dst.write(chunk)) {
      leg.waitingDrain = true;
      leg.src.pause();
    }
  }

  /** Brings a leg in line with its direction's mode. */
  private apply(p: Pair, dir: Direction): void {
    if (p.closed || p.master.connecting) return;
    const leg = p.legs[dir];
    const mode = this.modes[dir];
    if (mode === 'flow') {
      while (leg.held.length > 0 && !leg.waitingDrain) {
        const chunk = leg.held.shift()!;
        leg.heldBytes -= chunk.length;
        this.forward(p, dir, chunk);
      }
      if (leg.held.length === 0 && !leg.waitingDrain) {
        if (leg.pendingClose) this.closePair(p, leg.pendingClose);
        else leg.src.resume();
      }
    } else if (mode === 'stall') {
      leg.src.resume();
    } else {
      leg.src.pause();
    }
  }

  private closePair(p: Pair, how: 'fin' | 'rst'): void {
    if (p.closed) return;
    p.closed = true;
    this.pairs.delete(p);
    for (const s of [p.slave, p.master]) {
      if (how === 'rst' && !s.destroyed) s.resetAndDestroy();
      else s.end(() => s.destroy());
    }
    // A peer that never reads would keep an ended socket open forever.
    setTimeout(() => {
      p.slave.destroy();
      p.master.destroy();
    }, 1000).unref();
  }
}
