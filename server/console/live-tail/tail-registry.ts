/**
 * Tailers by (name-server list, topic): the first watcher starts one, the last one leaving stops it after
 * `lingerMs` (a reload or a reconnect within that time keeps the tailer and its replay ring). Watchers are
 * capped per console, since each costs a connection and a queue.
 */
import { ConsoleError } from '../../common/errors';
import { logger } from '../../common/logger';
import { compileFilter } from './tail-filter';
import type { LiveTailFilterDto } from '../../../lib/dto/live-tail';
import { Tailer, defaultTailerOptions, type TailPullSource, type TailerOptions } from './tailer';
import { TailWatcher } from './tail-watcher';

const log = logger.child({ module: 'live-tail' });

export interface TailRegistryOptions {
  maxWatchers: number;
  /** Entries a watcher may hold before the oldest are dropped. */
  watcherQueue: number;
  lingerMs: number;
  tailer: TailerOptions;
}

export function defaultTailRegistryOptions(): TailRegistryOptions {
  return { maxWatchers: 20, watcherQueue: 2_000, lingerMs: 2_000, tailer: defaultTailerOptions() };
}

export interface TailSubscription {
  tailer: Tailer;
  watcher: TailWatcher;
  resumed: boolean;
  /** Leaves the tail; idempotent. */
  release(): void;
}

interface Slot {
  tailer: Tailer;
  starting: Promise<void>;
  stopTimer: NodeJS.Timeout | null;
  /** Watchers waiting for the start: they count as present, so a leaver does not stop the tailer under them. */
  joining: number;
}

/** Parses a Last-Event-ID (`<tailer id>:<seq>`). */
export function parseEventId(id: string | null | undefined): { tailerId: string; seq: number } | null {
  const m = /^([0-9a-f]{12}):(\d+)$/.exec(id ?? '');
  return m ? { tailerId: m[1], seq: Number(m[2]) } : null;
}

export class TailRegistry {
  private readonly slots = new Map<string, Slot>();
  private watchers = 0;

  constructor(
    private readonly sourceFor: (cluster: string) => TailPullSource,
    readonly opts: TailRegistryOptions = defaultTailRegistryOptions(),
  ) {}

  get watcherCount(): number {
    return this.watchers;
  }

  /** The live tailer of a topic, if any (tests and the bench look at it). */
  tailerOf(cluster: string, topic: string): Tailer | undefined {
    return this.slots.get(`${cluster}\u0000${topic}`)?.tailer;
  }

  async watch(cluster: string, topic: string, filter: LiveTailFilterDto, lastEventId?: string | null): Promise<TailSubscription> {
    if (this.watchers >= this.opts.maxWatchers) {
      throw new ConsoleError(
        429,
        'LIVE_TAIL_LIMIT',
        `this console already serves ${this.opts.maxWatchers} live tails, its limit; close one (another tab or user) and try again`,
      );
    }
    this.watchers++;
    const key = `${cluster}\u0000${topic}`;
    let slot = this.slots.get(key);
    if (!slot) {
      const tailer = new Tailer(topic, this.sourceFor(cluster), this.opts.tailer);
      slot = { tailer, starting: tailer.start(), stopTimer: null, joining: 0 };
      this.slots.set(key, slot);
      log.info({ topic }, 'live tail started');
    }
    if (slot.stopTimer) clearTimeout(slot.stopTimer);
    slot.stopTimer = null;
    const watcher = new TailWatcher(compileFilter(filter), this.opts.watcherQueue);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.watchers--;
      watcher.close();
      this.leave(key, slot, watcher);
    };
    slot.joining++;
    try {
      await slot.starting;
    } catch (err) {
      if (this.slots.get(key) === slot) {
        this.slots.delete(key);
        void slot.tailer.stop();
      }
      release();
      throw err;
    } finally {
      slot.joining--;
    }
    const last = parseEventId(lastEventId);
    const resumed = slot.tailer.add(watcher, last && last.tailerId === slot.tailer.id ? last.seq : undefined);
    return { tailer: slot.tailer, watcher, resumed, release };
  }

  /** Stops every tailer at once (console stop, tests). */
  async close(): Promise<void> {
    const all = [...this.slots.values()];
    this.slots.clear();
    for (const s of all) if (s.stopTimer) clearTimeout(s.stopTimer);
    await Promise.allSettled(all.map((s) => s.tailer.stop()));
  }

  private leave(key: string, slot: Slot, watcher: TailWatcher): void {
    slot.tailer.remove(watcher);
    const present = () => slot.tailer.watcherCount + slot.joining > 0 || this.slots.get(key) !== slot;
    if (present()) return;
    slot.stopTimer ??= setTimeout(() => {
      slot.stopTimer = null;
      if (present()) return;
      this.slots.delete(key);
      log.info({ topic: slot.tailer.topic }, 'live tail stopped');
      void slot.tailer.stop();
    }, this.opts.lingerMs);
  }
}
