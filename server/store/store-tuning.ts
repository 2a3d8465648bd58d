/** The store's configuration: the MessageStore contract's keys plus Orbit's optional knobs. */
import type { UsageProbe } from './disk-guard';
import type { TagsCodeOf } from './dispatcher';
import type { MessageStoreConfig } from './message-store';

/** Optional knobs beyond the contract, mostly for tests and the bench. */
export interface StoreTuning {
  /** How often consume queues and the index are flushed and the checkpoint written, ms (default 1000). */
  flushIntervalConsumeQueue?: number;
  /** Retention pass period, ms (default 10 000). */
  cleanResourceInterval?: number;
  /** Disk usage check period, ms (default 5 000). */
  diskCheckInterval?: number;
  /** Disk usage in percent; defaults to statfs of the store root. */
  diskUsageRatio?: UsageProbe;
  /** Test hook: an error returned here fails the next CommitLog write as the OS would (e.g. ENOSPC). */
  writeFault?: () => Error | undefined;
  /** Recomputes a record's tag code when a consume queue is rebuilt from the log. */
  tagsCodeOf?: TagsCodeOf;
  /** Clock for retention (tests). */
  now?: () => number;
  /**
   * Test hook, called right after recovery changed the files and before the first checkpoint: a throw here is the
   * process dying in that window (start() closes the files and rethrows, leaving the store as a crash would).
   */
  afterRecoveryForTest?: () => void;
}

export type OrbitStoreConfig = MessageStoreConfig & StoreTuning;
