/**
 * The incremental scan behind DLQ triage: each DLQ queue is read once from its start (the purge mark or
 * the queue's minimum) and the scan remembers how far it got, so later requests read only the offsets
 * added since. The counts cover every live dead letter, not a recent window. When a queue's start moves up
 * (a purge, or retention deleting old files) or its end falls back (the topic was re-created), the counts
 * would include messages that are gone, so the DLQ is scanned again from its new start.
 */
import type { AdminClientLike } from './admin-client-cache';
import { SignatureSummary } from './dlq-signature';
import { PULL_BATCH, pullAt, type QueueRange } from './queue-range';

interface QueueScan {
  range: QueueRange;
  /** Where this scan began reading. */
  from: number;
  scannedTo: number;
}

interface ScanState {
  queues: Map<string, QueueScan>;
  summary: SignatureSummary;
  running: Promise<void> | null;
  error: unknown;
}

export interface ScanView {
  summary: SignatureSummary;
  /** Live dead letters (sum of the ranges given). */
  total: number;
  scanned: number;
  complete: boolean;
  /** What stopped the last scan (a pull refused, say), or null. */
  error: unknown;
}

const keyOf = (r: QueueRange) => `${r.q.brokerName}#${r.q.queueId}`;

export class DlqScanner {
  private readonly states = new Map<string, ScanState>();
  /** Pulls made, for tests and the bench. */
  pulls = 0;

  constructor(private readonly client: AdminClientLike) {}

  /** Forgets a DLQ's counts (after a purge). */
  reset(topic: string): void {
    this.states.delete(topic);
  }

  /**
   * Brings the counts of `topic` up to the queue ends in `live` (each queue's [start, end) of now); answers
   * after at most `waitMs` with what is counted so far, the scan going on in the background.
   */
  async refresh(topic: string, live: QueueRange[], waitMs: number): Promise<ScanView> {
    let state = this.states.get(topic);
    const stale = state && live.some((r) => {
      const s = state!.queues.get(keyOf(r));
      return s !== undefined && (r.start > s.from || r.end < s.scannedTo);
    });
    if (!state || stale) {
      state = { queues: new Map(), summary: new SignatureSummary(), running: null, error: null };
      this.states.set(topic, state);
    }
    for (const r of live) {
      const s = state.queues.get(keyOf(r));
      if (s) s.range = r;
      else state.queues.set(keyOf(r), { range: r, from: r.start, scannedTo: r.start });
    }
    if (!state.running && this.behind(state)) {
      const st = state;
      st.running = this.scan(st).finally(() => {
        st.running = null;
      });
    }
    if (state.running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([state.running, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
      clearTimeout(timer);
    }
    const queues = [...state.queues.values()];
    return {
      summary: state.summary,
      total: live.reduce((n, r) => n + r.end - r.start, 0),
      scanned: state.summary.count,
      complete: queues.every((s) => s.scannedTo >= s.range.end),
      error: state.error,
    };
  }

  private behind(state: ScanState): boolean {
    return [...state.queues.values()].some((s) => s.scannedTo < s.range.end);
  }

  private async scan(state: ScanState): Promise<void> {
    try {
      // Ends may move while scanning (refresh updates them): loop until every queue has caught up.
      while (this.behind(state)) {
        for (const s of state.queues.values()) {
          while (s.scannedTo < s.range.end) {
            if (this.states.get(s.range.q.topic) !== state) return; // reset meanwhile: a newer scan owns the topic
            this.pulls++;
            const { messages, next } = await pullAt(this.client, s.range.q, s.scannedTo, PULL_BATCH);
            if (next <= s.scannedTo) {
              // Nothing readable up to the end seen (yet): stop here, a later refresh tries again.
              return;
            }
            for (const m of messages) if (m.queueOffset >= s.scannedTo) state.summary.add(m);
            s.scannedTo = next;
          }
        }
      }
      state.error = null;
    } catch (err) {
      state.error = err;
    }
  }
}

const KEY = Symbol.for('orbit.console.dlqScanners');
const holder = globalThis as typeof globalThis & { [KEY]?: WeakMap<AdminClientLike, DlqScanner> };

/** The scanner of this admin client (one per name server list, so counts of another cluster never mix in). */
export function dlqScanner(client: AdminClientLike): DlqScanner {
  const map = (holder[KEY] ??= new WeakMap());
  let s = map.get(client);
  if (!s) map.set(client, (s = new DlqScanner(client)));
  return s;
}
