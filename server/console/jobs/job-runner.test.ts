import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../common/errors';
import { JobRunner, assertConfirmed, type JobWork } from './job-runner';

/** Work over `total` messages; `fail(i)` marks a message failed. */
function counting(total: number, opts: { fail?: (i: number) => boolean; onStep?: (n: number) => void | Promise<void> } = {}): JobWork & { steps: number[] } {
  let next = 0;
  const steps: number[] = [];
  return {
    steps,
    async step(max) {
      const n = Math.min(max, total - next);
      steps.push(n);
      let failed = 0;
      for (let i = next; i < next + n; i++) if (opts.fail?.(i)) failed++;
      next += n;
      await opts.onStep?.(n);
      return { done: n - failed, failed, skipped: 0, finished: next >= total, error: failed ? 'boom' : undefined };
    },
  };
}

const base = { kind: 'replay.copy' as const, target: 'A → B', user: 'alice', detail: 'to B' };

describe('JobRunner', () => {
  it('runs a job to the end in steps and counts done and failed', async () => {
    const runner = new JobRunner({ batchSize: 10 });
    const work = counting(95, { fail: (i) => i % 10 === 0 });
    const started = runner.start({ ...base, total: 95, ratePerSec: 1e9, work });
    expect(started.status).toBe('running');
    expect(started.done).toBe(0);
    const end = await runner.settled(started.id);
    expect(end).toMatchObject({ status: 'done', done: 85, failed: 10, total: 95, error: 'boom', user: 'alice' });
    expect(end.endedAt).not.toBeNull();
    expect(work.steps.every((n) => n <= 10)).toBe(true);
    expect(runner.list()[0].id).toBe(started.id);
  });

  it('holds the rate: the waits add up to total / rate seconds', async () => {
    let clock = 0;
    const waits: number[] = [];
    const runner = new JobRunner({
      batchSize: 100,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
        await new Promise((r) => setImmediate(r));
      },
    });
    const work = counting(500);
    const job = runner.start({ ...base, total: 500, ratePerSec: 50, work });
    await runner.settled(job.id);
    // Steps are never larger than one second's worth.
    expect(Math.max(...work.steps)).toBe(50);
    // 500 messages at 50/s: the last step needs no wait after it, so 9 s of waiting for 10 steps.
    expect(waits.reduce((a, b) => a + b, 0)).toBe(9000);
  });

  it('cancels a running job after its current step', async () => {
    const runner = new JobRunner({ batchSize: 5 });
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const work = counting(1000, { onStep: () => blocked });
    const job = runner.start({ ...base, total: 1000, ratePerSec: 1e9, work });
    await new Promise((r) => setImmediate(r));
    const cancelling = runner.cancel(job.id);
    release();
    const end = await cancelling;
    expect(end.status).toBe('cancelled');
    expect(end.done).toBeLessThan(1000);
    expect(runner.get(job.id).status).toBe('cancelled');
  });

  it('refuses a job above the limit unless the previewed count is confirmed', () => {
    const runner = new JobRunner({ confirmLimit: 100 });
    expect(() => runner.start({ ...base, total: 101, ratePerSec: 10, work: counting(101) })).toThrow(/confirm: 101/);
    expect(() => runner.start({ ...base, total: 101, ratePerSec: 10, confirm: 100, work: counting(101) })).toThrow(ConsoleError);
    expect(runner.start({ ...base, total: 101, ratePerSec: 10, confirm: 101, work: counting(101) }).status).toBe('running');
    expect(runner.start({ ...base, target: 'other', total: 100, ratePerSec: 10, work: counting(100) }).status).toBe('running');
    expect(() => assertConfirmed(5, undefined, 4)).toThrow(expect.objectContaining({ code: 'CONFIRM_REQUIRED', httpStatus: 409 }));
  });

  it('allows one job of a kind per target at a time', async () => {
    const runner = new JobRunner();
    const first = runner.start({ ...base, total: 10_000, ratePerSec: 10, work: counting(10_000) });
    expect(() => runner.start({ ...base, total: 1, ratePerSec: 10, work: counting(1) })).toThrow(expect.objectContaining({ code: 'JOB_RUNNING' }));
    // Another kind on the same target is fine.
    const other = runner.start({ ...base, kind: 'replay.exact', total: 1, ratePerSec: 10, work: counting(1) });
    await runner.cancel(first.id);
    expect(runner.start({ ...base, total: 1, ratePerSec: 10, work: counting(1) }).status).toBe('running');
    await runner.settled(other.id);
  });

  it('marks a job failed when its work throws', async () => {
    const runner = new JobRunner();
    const job = runner.start({ ...base, total: 3, ratePerSec: 1e9, work: { step: () => Promise.reject(new Error('broker gone')) } });
    expect(await runner.settled(job.id)).toMatchObject({ status: 'failed', error: 'broker gone' });
  });

  it('does not block the event loop: a timer fires while a big job runs', async () => {
    const runner = new JobRunner({ batchSize: 500 });
    // Synchronous work per step (no I/O at all): only the runner's own yields let the timer in.
    const work = counting(2_000_000);
    const job = runner.start({ ...base, total: 2_000_000, confirm: 2_000_000, ratePerSec: 1e12, work });
    const progressAtTimer = await new Promise<number>((resolve) => setTimeout(() => resolve(runner.get(job.id).done), 1));
    expect(runner.get(job.id).status).toBe('running');
    expect(progressAtTimer).toBeLessThan(2_000_000);
    await runner.cancel(job.id);
  });

  it('refuses a rate of 0', () => {
    expect(() => new JobRunner().start({ ...base, total: 1, ratePerSec: 0, work: counting(1) })).toThrow(/rate/);
  });
});
