/**
 * Push consumers receive with auto_renew and no invisible time: the proxy takes a default invisible time and keeps
 * extending it while the client works on the message (Apache's proxy: 10 s before expiry, by 1m, 3m, 5m, 10m, 30m,
 * 1h, for at most 3 h). The client acks (or nacks) with the handle it received; `take` maps it to the latest one.
 * When a client goes away its messages are made visible again within a second, so another client gets them.
 * This state is only an optimisation of this proxy: lost (a proxy restart), the messages reappear after their
 * current invisible time, from the broker.
 */
import { decodeReceiptHandle, encodeReceiptHandle, expiresAt, type ReceiptHandle } from './receipt-handle';

export interface RenewKey {
  group: string;
  topic: string;
}

/** CHANGE_MESSAGE_INVISIBLETIME of `h` to `invisibleMs` from now; resolves with the new handle. */
export type RenewFn = (key: RenewKey, h: ReceiptHandle, invisibleMs: number) => Promise<ReceiptHandle>;

export interface RenewerOptions {
  aheadMs: number;
  stepsMs: number[];
  maxMs: number;
  intervalMs: number;
}

export const DEFAULT_RENEWER_OPTIONS: RenewerOptions = {
  aheadMs: 10_000,
  stepsMs: [60_000, 180_000, 300_000, 600_000, 1_800_000, 3_600_000],
  maxMs: 3 * 3_600_000,
  intervalMs: 1000,
};

interface Tracked {
  clientId: string;
  key: RenewKey;
  original: string;
  current: ReceiptHandle;
  firstAt: number;
  renewals: number;
  busy: boolean;
}

export class ReceiptRenewer {
  private readonly tracked = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly renew: RenewFn,
    private readonly onError: (err: unknown) => void,
    private readonly opts: RenewerOptions = DEFAULT_RENEWER_OPTIONS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.tracked.clear();
  }

  size(): number {
    return this.tracked.size;
  }

  add(clientId: string, key: RenewKey, msgId: string, handle: string, now = Date.now()): void {
    this.tracked.set(this.id(key.group, msgId), { clientId, key, original: handle, current: decodeReceiptHandle(handle), firstAt: now, renewals: 0, busy: false });
  }

  /** The latest handle of the message the client names by `handle` (itself when untracked); stops renewing it. */
  take(group: string, msgId: string, handle: string): string {
    const id = this.id(group, msgId);
    const t = this.tracked.get(id);
    if (!t || (t.original !== handle && encodeReceiptHandle(t.current) !== handle)) return handle;
    this.tracked.delete(id);
    return encodeReceiptHandle(t.current);
  }

  /** The client is gone: each message it held is made visible again in about a second. */
  async clientGone(clientId: string): Promise<void> {
    const mine = [...this.tracked.entries()].filter(([, t]) => t.clientId === clientId);
    for (const [id] of mine) this.tracked.delete(id);
    await Promise.all(mine.map(([, t]) => this.renew(t.key, t.current, 1000).catch(this.onError)));
  }

  /** One renewal pass (the timer's; tests call it with a clock). */
  async tick(now = Date.now()): Promise<void> {
    const due = [...this.tracked.entries()].filter(([, t]) => !t.busy && expiresAt(t.current) - now <= this.opts.aheadMs);
    await Promise.all(
      due.map(async ([id, t]) => {
        if (now - t.firstAt >= this.opts.maxMs) {
          // Held too long: let it expire and be redelivered, as Apache's proxy does.
          this.tracked.delete(id);
          return;
        }
        const step = this.opts.stepsMs[Math.min(t.renewals, this.opts.stepsMs.length - 1)];
        t.busy = true;
        try {
          t.current = await this.renew(t.key, t.current, step);
          t.renewals++;
        } catch (err) {
          this.onError(err);
          // Past its time the broker redelivers it anyway; renewing an expired receipt would only fail again.
          if (expiresAt(t.current) <= Date.now()) this.tracked.delete(id);
        } finally {
          t.busy = false;
        }
      }),
    );
  }

  private id(group: string, msgId: string): string {
    return `${group}\u0001${msgId}`;
  }
}
