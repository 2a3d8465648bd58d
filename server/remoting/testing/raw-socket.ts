/** Test helper: a bare TCP peer that writes raw bytes and collects whole response frames. */
import net from 'node:net';
import { FrameDecoder, decodeFrame } from '../frame-codec';
import type { RemotingCommand } from '../remoting-command';

export class RawSocket {
  private readonly frames: RemotingCommand[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    const d = new FrameDecoder();
    socket.on('data', (chunk) => {
      for (const f of d.push(chunk)) this.frames.push(decodeFrame(f));
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host }, () => resolve(new RawSocket(s)));
      s.once('error', reject);
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  /** Next response frame, or null if the connection closes (or nothing comes within the timeout). */
  async next(timeoutMs = 3000): Promise<RemotingCommand | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0 && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.frames.shift() ?? null;
  }

  /** Resolves true once the peer has closed the connection. */
  async waitClosed(timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}
