/**
 * POP long polling: a pop that found nothing waits (up to its pollTime) for a message to arrive in its topic or
 * in the group's pop retry topic, or for an orderly ack that unblocks a queue, then runs again. Bounded per
 * (topic, group): past `maxPerKey` held requests a new one is answered POLLING_FULL at once, as Apache's
 * popPollingSize does.
 */
export interface HeldPop {
  /** Topics whose arrivals wake it (the topic and its pop retry topic). */
  topics: string[];
  /** Runs the pop again; called at most once, instead of onTimeout. */
  onWake(): void;
  onTimeout(): void;
}

interface Entry {
  held: HeldPop;
  timer: NodeJS.Timeout;
  key: string;
}

export class PopLongPollingService {
  private readonly byTopic = new Map<string, Set<Entry>>();
  private readonly perKey = new Map<string, number>();

  constructor(private readonly maxPerKey = 1024) {}

  /** False when the key is full (answer POLLING_FULL). */
  hold(key: string, held: HeldPop, ms: number): boolean {
    const n = this.perKey.get(key) ?? 0;
    if (n >= this.maxPerKey) return false;
    this.perKey.set(key, n + 1);
    const e: Entry = { held, key, timer: setTimeout(() => this.release(e) && held.onTimeout(), ms) };
    for (const t of held.topics) {
      let s = this.byTopic.get(t);
      if (!s) this.byTopic.set(t, (s = new Set()));
      s.add(e);
    }
    return true;
  }

  notifyMessageArriving(topic: string): void {
    const s = this.byTopic.get(topic);
    if (!s) return;
    for (const e of [...s]) if (this.release(e)) e.held.onWake();
  }

  heldCount(): number {
    let n = 0;
    for (const v of this.perKey.values()) n += v;
    return n;
  }

  /** Shutdown: every held pop is answered as timed out. */
  releaseAll(): void {
    const all = new Set<Entry>();
    for (const s of this.byTopic.values()) for (const e of s) all.add(e);
    for (const e of all) if (this.release(e)) e.held.onTimeout();
  }

  private release(e: Entry): boolean {
    let found = false;
    for (const t of e.held.topics) {
      const s = this.byTopic.get(t);
      if (s?.delete(e)) found = true;
      if (s && s.size === 0) this.byTopic.delete(t);
    }
    if (!found) return false;
    clearTimeout(e.timer);
    const n = (this.perKey.get(e.key) ?? 1) - 1;
    if (n <= 0) this.perKey.delete(e.key);
    else this.perKey.set(e.key, n);
    return true;
  }
}
