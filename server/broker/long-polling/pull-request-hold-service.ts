/**
 * Long polling: a pull that finds nothing is parked here and answered when a message arrives for its
 * queue (the store's dispatch notifies at once) or when its suspend time runs out.
 */
import type { Logger } from '../../common/logger';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import type { RemotingCommand } from '../../remoting/remoting-command';
import type { MessageFilter } from '../../store/message-store';

export interface HeldPull {
  request: RemotingCommand;
  channel: RemotingChannel;
  topic: string;
  queueId: number;
  pullFromThisOffset: number;
  /** The request's filter; arrivals it does not match keep it waiting. */
  filter?: MessageFilter;
  timer?: NodeJS.Timeout;
  onClose?: () => void;
}

export type WakeUp = (held: HeldPull) => void;

export class PullRequestHoldService {
  private readonly table = new Map<string, Set<HeldPull>>();
  private wake: WakeUp = () => {};

  constructor(private readonly log: Logger) {}

  setWakeUp(fn: WakeUp): void {
    this.wake = fn;
  }

  suspend(held: HeldPull, holdMs: number): void {
    const key = `${held.topic}@${held.queueId}`;
    let set = this.table.get(key);
    if (!set) this.table.set(key, (set = new Set()));
    set.add(held);
    held.timer = setTimeout(() => this.release(key, held), Math.max(1, holdMs));
    held.timer.unref?.();
    // Removed again when the pull is answered: a consumer's connection carries many pulls over its life.
    held.onClose = () => this.drop(key, held);
    held.channel.once('close', held.onClose);
  }

  /** A message was dispatched at `maxOffset - 1` with `tagsCode` and `properties`: wake the pulls it can satisfy. */
  notifyMessageArriving(topic: string, queueId: number, maxOffset: number, tagsCode?: number, properties?: string): void {
    // Called for every stored message: skip building the key while no pull is parked (a producer-only load).
    if (this.table.size === 0) return;
    const set = this.table.get(`${topic}@${queueId}`);
    if (!set) return;
    for (const held of [...set]) {
      if (maxOffset <= held.pullFromThisOffset) continue;
      const f = held.filter;
      if (f && tagsCode !== undefined && f.byTagsCode && !f.byTagsCode(tagsCode)) continue;
      if (f && properties !== undefined && f.byProperties && !f.byProperties(properties)) continue;
      this.release(`${topic}@${queueId}`, held);
    }
  }

  private release(key: string, held: HeldPull): void {
    if (!this.drop(key, held)) return;
    if (held.channel.closed) return;
    try {
      this.wake(held);
    } catch (err) {
      this.log.error({ err }, 'waking a held pull failed');
    }
  }

  private drop(key: string, held: HeldPull): boolean {
    const set = this.table.get(key);
    if (!set || !set.delete(held)) return false;
    if (held.timer) clearTimeout(held.timer);
    if (held.onClose) held.channel.off('close', held.onClose);
    if (set.size === 0) this.table.delete(key);
    return true;
  }

  heldCount(): number {
    let n = 0;
    for (const s of this.table.values()) n += s.size;
    return n;
  }

  /** Answer every held pull now (shutdown). */
  releaseAll(): void {
    for (const [key, set] of [...this.table]) for (const held of [...set]) this.release(key, held);
  }
}
