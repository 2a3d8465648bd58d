/**
 * The master's side of one slave connection (Apache's HAConnection): the slave's first report says where it wants
 * data from, every later one acknowledges. Frames go out as soon as the log grows, a heartbeat frame (size 0) after
 * `heartbeatIntervalMs` without one, and a slave silent for `housekeepingMs` is dropped.
 */
import type net from 'node:net';
import { ReplicationError } from '../common/errors';
import type { Logger } from '../common/logger';
import type { ReplicaLog } from '../store/message-store';
import { encodeFrameHeader, FRAME_HEADER_SIZE, ReportDecoder } from './ha-codec';

export interface HaConnectionOptions {
  heartbeatIntervalMs: number;
  housekeepingMs: number;
  batchSize: number;
}

export interface HaConnectionEvents {
  /** Every report, the first included, raises the master's "some slave has it" offset (Apache's push2SlaveMaxOffset). */
  onReport(conn: HaConnection, offset: number): void;
  onClose(conn: HaConnection): void;
}

export class HaConnection {
  readonly remote: string;
  /** The slave's first report: where transfer started. -1 until it arrives. */
  requestOffset = -1;
  /** The slave's latest acknowledged end. */
  ackOffset = 0;
  /** Next byte to send. -1 until the first report. */
  nextTransfer = -1;
  readonly connectedAt = Date.now();
  private lastReadAt = Date.now();
  private lastWriteAt = Date.now();
  private readonly decoder = new ReportDecoder();
  private pumping = false;
  private again = false;
  private closed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly socket: net.Socket,
    private readonly log: ReplicaLog,
    private readonly opts: HaConnectionOptions,
    private readonly events: HaConnectionEvents,
    private readonly logger: Logger,
  ) {
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.close(`socket error: ${err.message}`));
    socket.on('close', () => this.close('closed by the slave'));
    this.timer = setInterval(() => this.tick(), Math.min(1000, opts.heartbeatIntervalMs));
    this.timer.unref();
  }

  /** Bytes written to the socket that the kernel has not taken yet. */
  get queuedBytes(): number {
    return this.socket.writableLength;
  }

  /** What queuedBytes stays under: the socket's high-water mark plus one frame (see write). */
  get queueBoundBytes(): number {
    return this.socket.writableHighWaterMark + FRAME_HEADER_SIZE + this.opts.batchSize;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private onData(chunk: Buffer): void {
    this.lastReadAt = Date.now();
    let reports: number[];
    try {
      reports = this.decoder.push(chunk);
    } catch (err) {
      this.close((err as Error).message);
      return;
    }
    for (const offset of reports) {
      if (this.requestOffset < 0) {
        this.requestOffset = offset;
        this.logger.info({ slave: this.remote, offset }, 'slave request offset');
        if (offset > this.log.maxOffset()) {
          // Apache sends heartbeats until the first ack and then drops it; the answer is the same, sooner.
          this.close(`the slave's log (${offset}) is longer than this master's (${this.log.maxOffset()}): it must be cut back first`);
          return;
        }
      } else {
        if (offset > this.log.maxOffset()) {
          this.close(`slave acknowledged ${offset}, past this master's log end ${this.log.maxOffset()}`);
          return;
        }
        this.ackOffset = offset;
      }
      this.events.onReport(this, offset);
    }
    if (reports.length > 0) this.pump();
  }

  /** Sends what the log has past nextTransfer; called on reports and whenever the log grows. */
  pump(): void {
    if (this.closed || this.requestOffset < 0) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.transfer()
      .catch((err) => this.close(err instanceof ReplicationError ? err.message : `transfer failed: ${(err as Error).message}`))
      .finally(() => {
        this.pumping = false;
      });
  }

  private async transfer(): Promise<void> {
    if (this.nextTransfer < 0) {
      const max = this.log.maxOffset();
      // A slave with nothing gets the newest segment only, as Apache's master does.
      this.nextTransfer = this.requestOffset === 0 ? Math.max(0, max - (max % this.log.segmentSize)) : this.requestOffset;
      this.logger.info({ slave: this.remote, from: this.nextTransfer, request: this.requestOffset }, 'master transfer data to slave');
    }
    do {
      this.again = false;
      for (;;) {
        if (this.closed) return;
        const data = await this.log.read(this.nextTransfer, this.opts.batchSize);
        if (data === undefined) {
          throw new ReplicationError('HA_OFFSET_MISMATCH', `offset ${this.nextTransfer} is no longer in this master's log (starts at ${this.log.minOffset()})`);
        }
        if (data.length === 0) break;
        const offset = this.nextTransfer;
        this.nextTransfer += data.length;
        await this.write(encodeFrameHeader(offset, data.length), data);
      }
    } while (this.again);
  }

  /**
   * Queues one frame; resolves at once while the socket takes more (write() true), else on 'drain'. So a slave that
   * stops reading costs the master its kernel buffers plus queueBoundBytes here, however far it falls behind: the
   * rest stays in the log until it reads again (or housekeeping drops it). 'close' ends the wait too, since a
   * closed socket never drains.
   */
  private write(header: Buffer, body?: Buffer): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    this.lastWriteAt = Date.now();
    this.socket.cork();
    let ok = this.socket.write(header);
    if (body) ok = this.socket.write(body);
    this.socket.uncork();
    if (ok) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private tick(): void {
    const now = Date.now();
    if (now - this.lastReadAt > this.opts.housekeepingMs) {
      this.close(`slave silent for ${now - this.lastReadAt} ms`);
      return;
    }
    // Only once what was written has gone (Apache's lastWriteOver): a slave that is not reading gains nothing from
    // one more frame, and each heartbeat would wait for a drain of its own.
    if (this.nextTransfer >= 0 && !this.pumping && this.socket.writableLength === 0 && now - this.lastWriteAt > this.opts.heartbeatIntervalMs) {
      void this.write(encodeFrameHeader(this.nextTransfer, 0));
    }
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.logger.info({ slave: this.remote, reason }, 'HA connection closed');
    this.socket.destroy();
    this.events.onClose(this);
  }
}
