/**
 * Deletes old CommitLog segments: those last written more than fileReservedTime hours ago, at the deleteWhen hours;
 * and, when the disk is over its limit, the oldest ones at once whatever their age (RocketMQ's forced cleaning).
 * The segment being appended to and any segment with unsynced bytes are never deleted. Consume-queue and index
 * files that only point below the new log start go with them.
 */
import { logger } from '../common/logger';
import type { CommitLog } from './commit-log';
import type { ConsumeQueueTable } from './dispatcher';
import type { IndexService } from './index-service';

const log = logger.child({ module: 'store' });
const MAX_FILES_PER_PASS = 10;

export interface RetentionOptions {
  fileReservedTimeHours: number;
  deleteWhen: string;
  now: () => number;
}

export function isDeleteHour(deleteWhen: string, date: Date): boolean {
  const h = date.getHours();
  return deleteWhen.split(';').some((s) => s.trim() !== '' && Number(s) === h);
}

export class Retention {
  private readonly cl: CommitLog;
  private readonly cqs: ConsumeQueueTable;
  private readonly index: IndexService | undefined;
  private readonly opts: RetentionOptions;
  deletedFiles = 0;

  constructor(cl: CommitLog, cqs: ConsumeQueueTable, index: IndexService | undefined, opts: RetentionOptions) {
    this.cl = cl;
    this.cqs = cqs;
    this.index = index;
    this.opts = opts;
  }

  /** One pass; returns how many CommitLog segments were deleted. `anyHour` skips the deleteWhen check. */
  run(diskFull: boolean, anyHour = false): number {
    const now = this.opts.now();
    if (!diskFull && !anyHour && !isDeleteHour(this.opts.deleteWhen, new Date(now))) return 0;
    const expireMs = this.opts.fileReservedTimeHours * 3600 * 1000;
    let deleted = 0;
    const files = this.cl.queue.files;
    while (deleted < MAX_FILES_PER_PASS && files.length > 1) {
      const f = files[0];
      if (f.endOffset > this.cl.flushedOffset) break;
      if (!diskFull && now - f.lastModified() < expireMs) break;
      this.cl.deleteFirst();
      deleted++;
      log.info({ file: f.path, forced: diskFull }, 'deleted expired commitlog segment');
    }
    if (deleted > 0) {
      this.deletedFiles += deleted;
      this.cleanDerived();
    }
    return deleted;
  }

  cleanDerived(): void {
    const minPhy = this.cl.minOffset;
    for (const cq of this.cqs.all()) cq.deleteBelow(minPhy);
    this.index?.deleteBelow(minPhy);
  }
}
