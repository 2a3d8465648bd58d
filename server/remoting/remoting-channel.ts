/**
 * One TCP connection speaking the remoting protocol, used on both sides: either end may send requests
 * (the broker calls its clients back over their own connection), so each channel both correlates responses
 * by opaque and hands incoming requests to its owner's processor table.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { abortErrorOf } from '../common/abort';
import { RemotingConnectError, RemotingError, RemotingTimeoutError } from '../common/errors';
import type { LogSink } from '../common/log-sink';
import { DEFAULT_MAX_FRAME_BYTES, FrameDecoder, decodeFrame, encodeCommand } from './frame-codec';
import { RPC_ONEWAY, type RemotingCommand } from './remoting-command';
import { requestCodeName } from './request-code';

/** Writes per flush inside one long turn: measured best of 4, 8, 12 and 16 for 64 sync senders on one connection. */
const FLUSH_EVERY = 8;

let nextOpaque = 0;
/** Process-wide request id, like Java's RemotingCommand.requestId. */
export function newOpaque(): number {
  nextOpaque = (nextOpaque + 1) | 0;
  return nextOpaque;
}

export interface ChannelOptions {
  maxFrameBytes?: number;
  /** Close after this long without reading or writing (RocketMQ: 120 s). 0 = never. */
  idleTimeoutMs?: number;
  /** Pause reading while this many bytes wait in the socket's write buffer. */
  writeHighWaterBytes?: number;
  /** Pause reading while this many requests from the peer are being handled. */
  maxInFlightRequests?: number;
}

interface Pending {
  resolve(cmd: RemotingCommand): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  code: number;
}

export type RequestHandler = (req: RemotingCommand, channel: RemotingChannel) => Promise<RemotingCommand | null>;

let channelSeq = 0;

export class RemotingChannel extends EventEmitter {
  readonly id = ++channelSeq;
  readonly remoteAddr: string;
  readonly localAddr: string;
  lastActiveMs = Date.now();
  private readonly decoder: FrameDecoder;
  private readonly pending = new Map<number, Pending>();
  private inFlight = 0;
  private paused = false;
  private corked = false;
  private corkedWrites = 0;
  private closedFlag = false;
  private readonly highWater: number;
  private readonly maxInFlight: number;
  /** Owner-defined data (client id, broker info …). */
  attributes: Record<string, unknown> = {};

  constructor(
    readonly socket: Socket,
    private readonly onRequest: RequestHandler,
    private readonly log: LogSink,
    options: ChannelOptions = {},
  ) {
    super();
    this.decoder = new FrameDecoder(options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
    this.highWater = options.writeHighWaterBytes ?? 16 * 1024 * 1024;
    this.maxInFlight = options.maxInFlightRequests ?? 4096;
    const host = (socket.remoteAddress ?? '?').replace(/^::ffff:/, '');
    this.remoteAddr = `${host}:${socket.remotePort ?? 0}`;
    this.localAddr = `${(socket.localAddress ?? '?').replace(/^::ffff:/, '')}:${socket.localPort ?? 0}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('drain', () => this.maybeResume());
    socket.on('error', (err) => {
      this.log.debug({ err, remote: this.remoteAddr }, 'socket error');
    });
    socket.on('close', () => this.onClosed());
    const idle = options.idleTimeoutMs ?? 120_000;
    if (idle > 0) {
      socket.setTimeout(idle, () => {
        this.log.info({ remote: this.remoteAddr }, 'closing idle connection');
        this.close();
      });
    }
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /**
   * Send a request and wait for its response. Aborting `signal` stops the wait (rejecting with AbortError) and
   * forgets the request, so a late response is dropped; what the peer does with the request is up to it.
   */
  invoke(cmd: RemotingCommand, timeoutMs: number, signal?: AbortSignal): Promise<RemotingCommand> {
    if (this.closedFlag) return Promise.reject(new RemotingConnectError(`connection to ${this.remoteAddr} is closed`));
    if (signal?.aborted) return Promise.reject(abortErrorOf(signal, requestCodeName(cmd.code)));
    cmd.opaque = newOpaque();
    cmd.flag &= ~RPC_ONEWAY;
    return new Promise<RemotingCommand>((resolve, reject) => {
      const opaque = cmd.opaque;
      const onAbort = (): void => {
        const p = this.pending.get(opaque);
        if (!p) return;
        this.pending.delete(opaque);
        clearTimeout(p.timer);
        reject(abortErrorOf(signal!, requestCodeName(cmd.code)));
      };
      // The listener goes with the request whichever way it ends, so a long-lived signal does not collect them.
      const settle = <T>(fn: (v: T) => void) => (v: T) => {
        signal?.removeEventListener('abort', onAbort);
        fn(v);
      };
      const timer = setTimeout(() => {
        this.pending.delete(opaque);
        settle(reject)(new RemotingTimeoutError(`${requestCodeName(cmd.code)} to ${this.remoteAddr} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(opaque, { resolve: settle(resolve), reject: settle(reject), timer, code: cmd.code });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.write(cmd);
    });
  }

  /** Send a request that the peer must not answer. */
  invokeOneway(cmd: RemotingCommand): void {
    if (this.closedFlag) throw new RemotingConnectError(`connection to ${this.remoteAddr} is closed`);
    cmd.opaque = newOpaque();
    cmd.flag |= RPC_ONEWAY;
    this.write(cmd);
  }

  write(cmd: RemotingCommand): void {
    if (this.closedFlag) return;
    this.lastActiveMs = Date.now();
    // Responses finished in the same turn (a group commit acknowledges many sends at once) leave in one
    // writev instead of one syscall each.
    if (!this.corked) {
      this.corked = true;
      this.corkedWrites = 0;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        if (!this.socket.destroyed) this.socket.uncork();
      });
    }
    this.socket.write(encodeCommand(cmd));
    // A long turn (a burst of 64 requests answered together) also sends every FLUSH_EVERY writes, so the peer,
    // on the other core, starts on the first ones while this process works through the rest: without it
    // both sides take turns, each idle while the other works.
    if (++this.corkedWrites >= FLUSH_EVERY) {
      this.corkedWrites = 0;
      this.socket.uncork();
      this.socket.cork();
    }
    if (this.socket.writableLength > this.highWater) this.pause();
  }

  close(): void {
    if (this.closedFlag) return;
    this.socket.destroy();
    this.onClosed();
  }

  private onData(chunk: Buffer): void {
    this.lastActiveMs = Date.now();
    let frames: Buffer[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      this.log.warn({ remote: this.remoteAddr, err: (err as Error).message }, 'malformed frame, closing connection');
      this.close();
      return;
    }
    for (const frame of frames) {
      let cmd: RemotingCommand;
      try {
        cmd = decodeFrame(frame);
      } catch (err) {
        this.log.warn({ remote: this.remoteAddr, err: (err as Error).message }, 'undecodable frame, closing connection');
        this.close();
        return;
      }
      if (cmd.isResponse) this.onResponse(cmd);
      else this.dispatch(cmd);
      if (this.closedFlag) return;
    }
  }

  private onResponse(cmd: RemotingCommand): void {
    const p = this.pending.get(cmd.opaque);
    if (!p) {
      this.log.debug({ remote: this.remoteAddr, opaque: cmd.opaque }, 'response with no pending request (late or unknown)');
      return;
    }
    this.pending.delete(cmd.opaque);
    clearTimeout(p.timer);
    p.resolve(cmd);
  }

  private dispatch(req: RemotingCommand): void {
    this.inFlight++;
    if (this.inFlight >= this.maxInFlight) this.pause();
    this.onRequest(req, this)
      .then((res) => {
        if (res && !req.isOneway) this.write(res);
      })
      .catch((err) => this.log.error({ err, code: req.code }, 'request handler failed'))
      .finally(() => {
        this.inFlight--;
        this.maybeResume();
      });
  }

  private pause(): void {
    if (!this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private maybeResume(): void {
    if (this.paused && this.inFlight < this.maxInFlight && this.socket.writableLength <= this.highWater) {
      this.paused = false;
      this.socket.resume();
    }
  }

  private onClosed(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    const err = new RemotingConnectError(`connection to ${this.remoteAddr} closed`);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    this.emit('close');
  }
}

export function isRemotingError(err: unknown): err is RemotingError {
  return err instanceof RemotingError;
}
