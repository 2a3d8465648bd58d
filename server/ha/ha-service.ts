/**
 * The master's HA listener (Apache's HAService with its GroupTransferService): accepts slaves, streams the log to
 * each, and for a SYNC_MASTER holds each put until some slave acknowledged its end. One slave is enough, as in
 * Apache: the offset that counts is the highest any slave reported.
 */
import net from 'node:net';
import { MqError } from '../common/errors';
import type { Logger } from '../common/logger';
import { PutMessageStatus, type ReplicaGate, type ReplicaLog } from '../store/message-store';
import { HaConnection, type HaConnectionOptions } from './ha-connection';

export interface HaServiceOptions extends HaConnectionOptions {
  host: string;
  port: number;
  /** SYNC_MASTER: how long a put waits for a slave's ack before FLUSH_SLAVE_TIMEOUT (Apache's slaveTimeout). */
  slaveTimeoutMs: number;
  /** A slave further behind than this counts as unavailable (haSlaveFallbehindMax). */
  slaveFallBehindMax: number;
  maxConnections?: number;
}

interface Waiter {
  end: number;
  deadline: number;
  resolve: (s: PutMessageStatus) => void;
}

export interface SlaveStatus {
  addr: string;
  requestOffset: number;
  ackOffset: number;
  behindBytes: number;
  connectedAt: number;
}

export class HaService implements ReplicaGate {
  /** Highest offset any slave reported, never lowered. */
  push2SlaveMaxOffset = 0;
  private server: net.Server | undefined;
  private readonly conns = new Set<HaConnection>();
  private waiters: Waiter[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private pumpScheduled = false;

  constructor(
    private readonly log: ReplicaLog,
    private readonly opts: HaServiceOptions,
    private readonly logger: Logger,
  ) {
    log.onGrow(() => this.schedulePump());
  }

  get port(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : this.opts.port;
  }

  async start(): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    server.maxConnections = this.opts.maxConnections ?? 64;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new MqError('PORT_IN_USE', `HA port ${this.opts.port} on ${this.opts.host} is already in use`, { cause: err }) : err),
      );
      server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    server.on('error', (err) => this.logger.error({ err }, 'HA server socket error'));
    this.server = server;
  }

  private accept(socket: net.Socket): void {
    this.logger.info({ slave: `${socket.remoteAddress}:${socket.remotePort}` }, 'HAService receive new connection');
    const conn = new HaConnection(socket, this.log, this.opts, {
      onReport: (_c, offset) => this.onReport(offset),
      // Puts already waiting run out their time (FLUSH_SLAVE_TIMEOUT) as in Apache; new ones get SLAVE_NOT_AVAILABLE.
      onClose: (c) => this.conns.delete(c),
    }, this.logger);
    this.conns.add(conn);
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.conns.size === 0) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      for (const c of this.conns) c.pump();
    });
  }

  private onReport(offset: number): void {
    if (offset <= this.push2SlaveMaxOffset) return;
    this.push2SlaveMaxOffset = offset;
    const w = this.waiters;
    let h = this.head;
    while (h < w.length && w[h].end <= offset) w[h++].resolve(PutMessageStatus.PUT_OK);
    this.compact(h);
  }

  private compact(h: number): void {
    if (h >= this.waiters.length) {
      this.waiters = [];
      this.head = 0;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
    } else {
      if (h > 4096) {
        this.waiters = this.waiters.slice(h);
        h = 0;
      }
      this.head = h;
    }
  }

  /** Apache's isSlaveOK: a connected slave no further behind than the limit. */
  private slaveOk(end: number): boolean {
    return this.conns.size > 0 && end - this.push2SlaveMaxOffset < this.opts.slaveFallBehindMax;
  }

  awaitReplicated(end: number): Promise<PutMessageStatus> {
    if (!this.slaveOk(end)) return Promise.resolve(PutMessageStatus.SLAVE_NOT_AVAILABLE);
    if (this.push2SlaveMaxOffset >= end) return Promise.resolve(PutMessageStatus.PUT_OK);
    this.schedulePump();
    return new Promise((resolve) => {
      // Puts arrive in log order, so ends and deadlines both grow along the list.
      this.waiters.push({ end, deadline: Date.now() + this.opts.slaveTimeoutMs, resolve });
      if (!this.timer) this.armTimer();
    });
  }

  private armTimer(): void {
    const first = this.waiters[this.head];
    if (!first) return;
    this.timer = setTimeout(() => this.expire(), Math.max(1, first.deadline - Date.now()));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = Date.now();
    const w = this.waiters;
    let h = this.head;
    while (h < w.length && w[h].deadline <= now) w[h++].resolve(PutMessageStatus.FLUSH_SLAVE_TIMEOUT);
    this.compact(h);
    if (this.head < this.waiters.length) this.armTimer();
  }

  private settleAll(status: PutMessageStatus): void {
    const w = this.waiters;
    for (let h = this.head; h < w.length; h++) w[h].resolve(status);
    this.compact(w.length);
  }

  slaves(): SlaveStatus[] {
    const max = this.log.maxOffset();
    return [...this.conns].map((c) => ({
      addr: c.remote,
      requestOffset: c.requestOffset,
      ackOffset: c.ackOffset,
      behindBytes: Math.max(0, max - Math.max(c.ackOffset, c.requestOffset)),
      connectedAt: c.connectedAt,
    }));
  }

  /** Apache's slaveFallBehindMuch: log end minus the best ack (the whole log with no slave). */
  behindBytes(): number {
    return Math.max(0, this.log.maxOffset() - this.push2SlaveMaxOffset);
  }

  /**
   * A role change (failover): drops every slave connection, answers waiting puts SLAVE_NOT_AVAILABLE, and forgets
   * the acks — after a cut log or as a new master they would vouch for bytes no slave has.
   */
  reset(reason: string): void {
    for (const c of [...this.conns]) c.close(reason);
    this.settleAll(PutMessageStatus.SLAVE_NOT_AVAILABLE);
    this.push2SlaveMaxOffset = 0;
  }

  async stop(): Promise<void> {
    for (const c of [...this.conns]) c.close('master stopping');
    this.settleAll(PutMessageStatus.SLAVE_NOT_AVAILABLE);
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
