/**
 * The slave's HA client (Apache's HAClient): connects to the master's HA address, reports its log end at once and
 * after every append (and every `heartbeatIntervalMs`), and appends the master's frames to its own log. A frame at
 * an offset other than the log's end, or bytes that are not records, drop the connection; the log keeps only what
 * checked out, and the next connection resumes from its end.
 */
import net from 'node:net';
import { ReplicationError } from '../common/errors';
import type { Logger } from '../common/logger';
import { parseHostPort } from '../common/net';
import type { ReplicaLog } from '../store/message-store';
import { encodeReport, FrameDecoder } from './ha-codec';

export interface HaClientOptions {
  heartbeatIntervalMs: number;
  /** Wait between connection attempts (Apache: 5 s). */
  reconnectMs: number;
  connectTimeoutMs?: number;
  /**
   * A connection that brings no byte (no frame, not even the master's heartbeat) for this long is dropped and made
   * again, as RocketMQ 5's HAClient does (4.9's measures its own writes, so it never fires). A one-way stall on
   * master → slave is visible only here: the slave's acks still reach the master, whose housekeeping stays quiet.
   * Unset: never.
   */
  housekeepingMs?: number;
  /**
   * Runs before each connection attempt with the master's HA address; false skips the attempt. The broker checks
   * here that its log is not longer than the master's (and cuts it back when it is).
   */
  beforeConnect?: (masterHaAddr: string) => Promise<boolean>;
}

export interface HaClientStatus {
  masterAddress: string | undefined;
  connected: boolean;
  lastReportedOffset: number;
  /** When the last frame (data or heartbeat) came, ms since epoch; 0 before any. */
  lastFrameAt: number;
  lastError: string | undefined;
}

export class HaClient {
  private master: string | undefined;
  private socket: net.Socket | undefined;
  private decoder = new FrameDecoder();
  private reported = -1;
  private lastWriteAt = 0;
  private lastFrameAt = 0;
  private lastReadAt = 0;
  private lastError: string | undefined;
  private running = false;
  private loopTimer: NodeJS.Timeout | undefined;
  private hbTimer: NodeJS.Timeout | undefined;
  private connecting = false;

  constructor(
    private readonly log: ReplicaLog,
    private readonly opts: HaClientOptions,
    private readonly logger: Logger,
  ) {}

  /** Where the master's HA port is (from haMasterAddress or the name server's answer); a change reconnects. */
  setMasterAddress(addr: string | undefined): void {
    if (addr === this.master) return;
    this.logger.info({ old: this.master ?? null, new: addr ?? null }, 'update master address');
    this.master = addr;
    this.disconnect('master address changed');
    if (this.running) this.schedule(0);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.hbTimer = setInterval(() => this.heartbeat(), Math.min(1000, this.opts.heartbeatIntervalMs));
    this.hbTimer.unref();
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.loopTimer) clearTimeout(this.loopTimer);
    if (this.hbTimer) clearInterval(this.hbTimer);
    this.disconnect('stopping');
  }

  status(): HaClientStatus {
    return {
      masterAddress: this.master,
      connected: this.socket !== undefined && !this.connecting,
      lastReportedOffset: this.reported,
      lastFrameAt: this.lastFrameAt,
      lastError: this.lastError,
    };
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.loopTimer) clearTimeout(this.loopTimer);
    this.loopTimer = setTimeout(() => void this.connect(), ms);
    this.loopTimer.unref();
  }

  private async connect(): Promise<void> {
    if (!this.running || this.socket || this.connecting) return;
    const addr = this.master;
    if (!addr) return; // setMasterAddress schedules the attempt
    this.connecting = true;
    try {
      if (this.opts.beforeConnect && !(await this.opts.beforeConnect(addr))) {
        this.connecting = false;
        this.schedule(this.opts.reconnectMs);
        return;
      }
    } catch (err) {
      this.lastError = (err as Error).message;
      this.logger.warn({ err, master: addr }, 'HA pre-connect check failed');
      this.connecting = false;
      this.schedule(this.opts.reconnectMs);
      return;
    }
    if (!this.running || addr !== this.master) {
      this.connecting = false;
      return;
    }
    let hp;
    try {
      hp = parseHostPort(addr);
    } catch (err) {
      this.lastError = (err as Error).message;
      this.logger.warn({ master: addr, reason: this.lastError }, 'master HA address unusable');
      this.connecting = false;
      return;
    }
    const socket = net.connect({ host: hp.host, port: hp.port, noDelay: true });
    this.socket = socket;
    this.decoder = new FrameDecoder();
    const timeout = setTimeout(() => socket.destroy(new Error('connect timed out')), this.opts.connectTimeoutMs ?? 5000);
    socket.once('connect', () => {
      clearTimeout(timeout);
      this.connecting = false;
      this.lastError = undefined;
      this.lastReadAt = Date.now();
      this.logger.info({ master: addr, offset: this.log.maxOffset() }, 'HA client connected to master');
      // Apache's slave waits one heartbeat interval before its first report; reporting at once starts the transfer now.
      this.report(true);
    });
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('error', (err) => {
      this.lastError = err.message;
    });
    socket.on('close', () => {
      clearTimeout(timeout);
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.connecting = false;
      if (this.lastError) this.logger.warn({ master: addr, reason: this.lastError }, 'HA connection to master ended');
      this.schedule(this.opts.reconnectMs);
    });
  }

  private onData(socket: net.Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    this.lastReadAt = Date.now();
    try {
      for (const f of this.decoder.push(chunk)) {
        this.lastFrameAt = Date.now();
        const local = this.log.maxOffset();
        // Apache's check: a non-empty slave takes only the bytes that continue its log.
        if (local !== 0 && f.offset !== local) {
          throw new ReplicationError('HA_OFFSET_MISMATCH', `master pushed offset ${f.offset}, not this slave's log end ${local}`);
        }
        if (f.body.length > 0) this.log.append(f.offset, f.body);
      }
    } catch (err) {
      this.lastError = (err as Error).message;
      this.logger.warn({ master: this.master, reason: this.lastError }, 'HA data refused; reconnecting');
      socket.destroy();
      return;
    }
    this.report(false);
  }

  /** Reports the log's end when it grew (or always, on connect). */
  private report(force: boolean): void {
    const s = this.socket;
    if (!s || this.connecting) return;
    const end = this.log.maxOffset();
    if (!force && end === this.reported) return;
    this.reported = end;
    this.lastWriteAt = Date.now();
    s.write(encodeReport(end));
  }

  private heartbeat(): void {
    const silentMs = Date.now() - this.lastReadAt;
    if (this.opts.housekeepingMs !== undefined && this.socket && !this.connecting && silentMs > this.opts.housekeepingMs) {
      this.lastError = `master silent for ${silentMs} ms`;
      this.logger.warn({ master: this.master, silentMs }, 'HA housekeeping: master not responding, closing the connection');
      this.disconnect('housekeeping');
      this.schedule(this.opts.reconnectMs);
      return;
    }
    if (Date.now() - this.lastWriteAt >= this.opts.heartbeatIntervalMs) this.report(true);
  }

  private disconnect(reason: string): void {
    const s = this.socket;
    if (!s) return;
    this.socket = undefined;
    this.connecting = false;
    this.logger.info({ reason }, 'HA client disconnecting');
    s.destroy();
  }
}
