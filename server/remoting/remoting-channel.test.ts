import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { RemotingChannel } from './remoting-channel';
import { RemotingCommand } from './remoting-command';
import { encodeCommand } from './frame-codec';

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

describe('RemotingChannel invoke with an AbortSignal', () => {
  const open = () => {
    const wire = new WireStub();
    return { wire, ch: new RemotingChannel(wire as unknown as Socket, () => Promise.resolve(null), logger, { idleTimeoutMs: 0 }) };
  };

  it('rejects with AbortError when aborted while waiting, and drops the late response', async () => {
    const { wire, ch } = open();
    const ac = new AbortController();
    const req = RemotingCommand.request(11, {});
    const pending = ch.invoke(req, 60_000, ac.signal);
    ac.abort(new Error('user gave up'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR', cause: { message: 'user gave up' } });
    // The late answer finds no pending request and is dropped, not delivered or thrown.
    wire.emit('data', encodeCommand(RemotingCommand.responseTo(req, 0)));
    ch.close();
  });

  it('rejects at once, writing nothing, when the signal has already aborted', async () => {
    const { wire, ch } = open();
    await expect(ch.invoke(RemotingCommand.request(11, {}), 60_000, AbortSignal.abort())).rejects.toMatchObject({ code: 'ABORT_ERR' });
    await new Promise((r) => process.nextTick(r));
    expect(wire.flushes).toEqual([]);
    ch.close();
  });

  it('leaves no abort listener behind once answered', async () => {
    const { wire, ch } = open();
    const ac = new AbortController();
    let listeners = 0;
    const add = ac.signal.addEventListener.bind(ac.signal);
    const remove = ac.signal.removeEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...a: Parameters<typeof add>) => (listeners++, add(...a))) as typeof add;
    ac.signal.removeEventListener = ((...a: Parameters<typeof remove>) => (listeners--, remove(...a))) as typeof remove;
    const req = RemotingCommand.request(11, {});
    const pending = ch.invoke(req, 60_000, ac.signal);
    wire.emit('data', encodeCommand(RemotingCommand.responseTo(req, 0)));
    await expect(pending).resolves.toMatchObject({ code: 0 });
    expect(listeners).toBe(0);
    ac.abort();
    ch.close();
  });
});
