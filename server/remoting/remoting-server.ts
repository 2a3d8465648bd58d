import net from 'node:net';
import { MqError } from '../common/errors';
import type { LogSink } from '../common/log-sink';
import { ProcessorTable } from './processor-table';
import { RemotingChannel, type ChannelOptions } from './remoting-channel';

export interface RemotingServerOptions extends ChannelOptions {
  host: string;
  port: number;
  /** Refuse connections past this count, so a flood of sockets cannot exhaust descriptors. */
  maxConnections?: number;
  /** Dispatch to this table instead of a new one (a broker's VIP port answers what its main port answers). */
  processors?: ProcessorTable;
}

/** Listens for remoting connections and dispatches their requests to a processor table. */
export class RemotingServer {
  readonly processors: ProcessorTable;
  private server: net.Server | undefined;
  private readonly channels = new Set<RemotingChannel>();
  private readonly closeListeners: ((ch: RemotingChannel) => void)[] = [];
  private readonly openListeners: ((ch: RemotingChannel) => void)[] = [];

  constructor(
    private readonly options: RemotingServerOptions,
    private readonly log: LogSink,
  ) {
    this.processors = options.processors ?? new ProcessorTable(log);
  }

  onChannelClose(fn: (ch: RemotingChannel) => void): void {
    this.closeListeners.push(fn);
  }

  onChannelOpen(fn: (ch: RemotingChannel) => void): void {
    this.openListeners.push(fn);
  }

  get port(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : this.options.port;
  }

  get host(): string {
    return this.options.host;
  }

  connections(): RemotingChannel[] {
    return [...this.channels];
  }

  async start(): Promise<void> {
    const server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
    server.maxConnections = this.options.maxConnections ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        reject(
          err.code === 'EADDRINUSE'
            ? new MqError('PORT_IN_USE', `port ${this.options.port} on ${this.options.host} is already in use`, { cause: err })
            : err,
        );
      };
      const onListening = () => {
        server.off('error', onError);
        resolve();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(this.options.port, this.options.host);
    });
    server.on('error', (err) => this.log.error({ err }, 'server socket error'));
    this.server = server;
  }

  private accept(socket: net.Socket): void {
    const ch = new RemotingChannel(socket, this.processors.dispatch, this.log, this.options);
    this.channels.add(ch);
    ch.once('close', () => {
      this.channels.delete(ch);
      for (const fn of this.closeListeners) {
        try {
          fn(ch);
        } catch (err) {
          this.log.error({ err }, 'channel close listener failed');
        }
      }
    });
    for (const fn of this.openListeners) fn(ch);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const ch of this.channels) ch.close();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
