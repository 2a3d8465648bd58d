/**
 * Runs long console operations in the background: small batches with an await between them (so the
 * console's event loop keeps serving pages), a messages-per-second limit, cancel, one job of a kind per
 * target, and a size limit above which a start must confirm the previewed count.
 */
import { randomUUID } from 'node:crypto';
import type { JobDto, JobKind } from '../../../lib/dto/jobs';
import { ConsoleError } from '../../common/errors';

export interface StepOutcome {
  done: number;
  failed: number;
  skipped: number;
  /** True when nothing is left. */
  finished: boolean;
  /** Why a message failed (the first one is kept). */
  error?: string;
}

/** The work of a job, taken in steps: each handles at most `max` messages. */
export interface JobWork {
  step(max: number): Promise<StepOutcome>;
}

export interface JobRequest {
  kind: JobKind;
  target: string;
  total: number;
  ratePerSec: number;
  user: string;
  detail: string;
  /** The previewed count, repeated; needed when `total` is above the runner's limit. */
  confirm?: number;
  work: JobWork;
}

export interface JobRunnerOptions {
  /** Jobs above this many messages need `confirm: <total>`. */
  confirmLimit?: number;
  /** Messages per step at most (a step is one await of the work). */
  batchSize?: number;
  /** Finished jobs kept for the panel. */
  keepFinished?: number;
  now?: () => number;
  /** Waits `ms`; 0 must still yield to the event loop. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const DEFAULT_CONFIRM_LIMIT = 100_000;

/** Refuses an operation on more than `limit` messages unless `confirm` repeats the previewed count. */
export function assertConfirmed(total: number, confirm: number | undefined, limit: number): void {
  if (total > limit && confirm !== total) {
    throw new ConsoleError(
      409,
      'CONFIRM_REQUIRED',
      `this touches ${total} messages, more than ${limit}; send confirm: ${total} (the previewed count) to go ahead`,
    );
  }
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    if (ms <= 0) return void setImmediate(resolve);
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

interface Entry {
  dto: JobDto;
  abort: AbortController;
  settled: Promise<void>;
}

export class JobRunner {
  readonly confirmLimit: number;
  private readonly batchSize: number;
  private readonly keepFinished: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly jobs = new Map<string, Entry>();

  constructor(opts: JobRunnerOptions = {}) {
    this.confirmLimit = opts.confirmLimit ?? DEFAULT_CONFIRM_LIMIT;
    this.batchSize = opts.batchSize ?? 64;
    this.keepFinished = opts.keepFinished ?? 50;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? defaultSleep;
  }

  /** Starts a job and returns at once; the job runs on in the background. */
  start(req: JobRequest): JobDto {
    if (!(req.ratePerSec > 0)) throw new ConsoleError(422, 'BAD_RATE', 'the rate limit must be above 0 messages/s');
    assertConfirmed(req.total, req.confirm, this.confirmLimit);
    for (const e of this.jobs.values()) {
      if (e.dto.status === 'running' && e.dto.kind === req.kind && e.dto.target === req.target) {
        throw new ConsoleError(409, 'JOB_RUNNING', `a ${req.kind} job on ${req.target} is running (${e.dto.id}); cancel it or wait`);
      }
    }
    const dto: JobDto = {
      id: randomUUID(),
      kind: req.kind,
      target: req.target,
      total: req.total,
      done: 0,
      failed: 0,
      skipped: 0,
      ratePerSec: req.ratePerSec,
      status: 'running',
      startedAt: new Date(this.now()).toISOString(),
      endedAt: null,
      user: req.user,
      error: null,
      detail: req.detail,
    };
    const abort = new AbortController();
    const entry: Entry = { dto, abort, settled: Promise.resolve() };
    this.jobs.set(dto.id, entry);
    entry.settled = this.run(entry, req.work);
    this.prune();
    return { ...dto };
  }

  private async run(entry: Entry, work: JobWork): Promise<void> {
    const { dto, abort } = entry;
    const started = this.now();
    // Never more than a second's worth per step, so the limit holds within a step too.
    const perStep = Math.max(1, Math.min(this.batchSize, Math.floor(dto.ratePerSec)));
    let handled = 0;
    try {
      // The first step waits a turn too: start() answers before any message moves.
      await this.sleep(0, abort.signal);
      while (!abort.signal.aborted) {
        const r = await work.step(perStep);
        dto.done += r.done;
        dto.failed += r.failed;
        dto.skipped += r.skipped;
        if (r.error && !dto.error) dto.error = r.error;
        handled += r.done + r.failed + r.skipped;
        if (r.finished) break;
        const aheadMs = (handled / dto.ratePerSec) * 1000 - (this.now() - started);
        await this.sleep(Math.max(0, aheadMs), abort.signal);
      }
      dto.status = abort.signal.aborted ? 'cancelled' : 'done';
    } catch (err) {
      dto.status = abort.signal.aborted ? 'cancelled' : 'failed';
      dto.error = err instanceof Error ? err.message : String(err);
    }
    dto.endedAt = new Date(this.now()).toISOString();
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.dto.status !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) this.jobs.delete(e.dto.id);
  }

  /** Newest first. */
  list(): JobDto[] {
    return [...this.jobs.values()].map((e) => ({ ...e.dto })).reverse();
  }

  get(id: string): JobDto {
    const e = this.jobs.get(id);
    if (!e) throw new ConsoleError(404, 'JOB_NOT_FOUND', `no job ${id}`);
    return { ...e.dto };
  }

  /** Stops a running job after its current step; a finished job is returned unchanged. */
  async cancel(id: string): Promise<JobDto> {
    const e = this.jobs.get(id);
    if (!e) throw new ConsoleError(404, 'JOB_NOT_FOUND', `no job ${id}`);
    e.abort.abort();
    await e.settled;
    return { ...e.dto };
  }

  /** Resolves when the job has ended (tests, shutdown). */
  async settled(id: string): Promise<JobDto> {
    const e = this.jobs.get(id);
    if (!e) throw new ConsoleError(404, 'JOB_NOT_FOUND', `no job ${id}`);
    await e.settled;
    return { ...e.dto };
  }
}
