import net from 'node:net';
import { throwIfAborted } from '../common/abort';
import { RemotingConnectError } from '../common/errors';
import type { LogSink } from '../common/log-sink';
import { parseHostPort } from '../common/net';
import { ProcessorTable } from './processor-table';
import { RemotingChannel, type ChannelOptions } from './remoting-channel';
import { SerializeType, type RemotingCommand, type SerializeTypeValue } from './remoting-command';

export interface RemotingClientOptions extends ChannelOptions {
  connectTimeoutMs?: number;
  /** Serialization of the requests this client sends (JSON by default, as Java's client). */
  serializeType?: SerializeTypeValue;
}

/** One connection per address, opened on first use and re-opened after it closes. */
export class RemotingClient {
  readonly processors: ProcessorTable;
  private readonly channels = new Map<string, Promise<RemotingChannel>>();
  private closed = false;

  constructor(
    private readonly log: LogSink,
    private readonly options: RemotingClientOptions = {},
  ) {
    this.processors = new ProcessorTable(log);
  }

  /** Request and response; `signal` aborts the wait (see RemotingChannel.invoke), also while connecting. */
  async invoke(addr: string, cmd: RemotingCommand, timeoutMs: number, signal?: AbortSignal): Promise<RemotingCommand> {
    throwIfAborted(signal);
    const ch = await this.channel(addr);
    cmd.serializeType = this.options.serializeType ?? cmd.serializeType ?? SerializeType.JSON;
    return ch.invoke(cmd, timeoutMs, signal);
  }

  async invokeOneway(addr: string, cmd: RemotingCommand): Promise<void> {
    const ch = await this.channel(addr);
    cmd.serializeType = this.options.serializeType ?? cmd.serializeType ?? SerializeType.JSON;
    ch.invokeOneway(cmd);
  }

  /** The open channel to `addr`, connecting if needed. */
  channel(addr: string): Promise<RemotingChannel> {
    if (this.closed) return Promise.reject(new RemotingConnectError('client is shut down'));
    let p = this.channels.get(addr);
    if (!p) {
      p = this.connect(addr);
      this.channels.set(addr, p);
      p.catch(() => this.channels.delete(addr));
    }
    return p;
  }

  /** Drop the connection to an address (e.g. after a timeout) so the next call reconnects. */
  closeChannel(addr: string): void {
    const p = this.channels.get(addr);
    this.channels.delete(addr);
    p?.then((ch) => ch.close()).catch(() => {});
  }

  private connect(addr: string): Promise<RemotingChannel> {
    const { host, port } = parseHostPort(addr);
    const timeout = this.options.connectTimeoutMs ?? 3000;
    return new Promise<RemotingChannel>((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RemotingConnectError(`connect to ${addr} timed out after ${timeout} ms`));
      }, timeout);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new RemotingConnectError(`connect to ${addr} failed: ${err.message}`, err));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        const ch = new RemotingChannel(socket, this.processors.dispatch, this.log, this.options);
        ch.once('close', () => {
          if (this.channels.get(addr) && this.channels.get(addr) === current) this.channels.delete(addr);
        });
        const current = this.channels.get(addr);
        resolve(ch);
      });
    });
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    const all = [...this.channels.values()];
    this.channels.clear();
    await Promise.allSettled(all.map(async (p) => (await p).close()));
  }
}
