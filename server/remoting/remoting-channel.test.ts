import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { RemotingChannel } from './remoting-channel';
import { RemotingCommand } from './remoting-command';

/** Records what reaches the wire: one entry per flush of corked writes (Node's writev). */
class WireStub extends EventEmitter {
  flushes: number[] = [];
  private corks = 0;
  private held = 0;
  destroyed = false;
  writableLength = 0;
  remoteAddress = '127.0.0.1';
  remotePort = 1;
  localAddress = '127.0.0.1';
  localPort = 2;
  setNoDelay(): void {}
  setTimeout(): void {}
  cork(): void {
    this.corks++;
  }
  uncork(): void {
    if (this.corks > 0) this.corks--;
    if (this.corks === 0 && this.held > 0) {
      this.flushes.push(this.held);
      this.held = 0;
    }
  }
  write(): boolean {
    if (this.corks > 0) this.held++;
    else this.flushes.push(1);
    return true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  end(): void {}
}

describe('RemotingChannel writes', () => {
  it('coalesces the writes of one turn, but sends a long burst in slices so the peer can start on it', async () => {
    const wire = new WireStub();
    const ch = new RemotingChannel(wire as unknown as Socket, () => Promise.resolve(null), logger, { idleTimeoutMs: 0 });
    for (let i = 0; i < 3; i++) ch.write(RemotingCommand.request(10, {}));
    await new Promise((r) => process.nextTick(r));
    expect(wire.flushes).toEqual([3]);

    wire.flushes = [];
    for (let i = 0; i < 20; i++) ch.write(RemotingCommand.request(10, {}));
    await new Promise((r) => process.nextTick(r));
    expect(wire.flushes).toEqual([8, 8, 4]);
    ch.close();
  });
});
