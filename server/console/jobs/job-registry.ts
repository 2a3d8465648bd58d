/** The console's one job runner, and the jobs API the routes call. */
import type { JobDto } from '../../../lib/dto/jobs';
import { consoleJobConfirmLimit } from '../../common/config';
import { JobRunner } from './job-runner';

// On globalThis: Next.js may evaluate this module once per route bundle; a job started by one route must be
// visible to the jobs route.
const KEY = Symbol.for('orbit.console.jobRunner');
const holder = globalThis as typeof globalThis & { [KEY]?: JobRunner };

export function jobRunner(): JobRunner {
  return (holder[KEY] ??= new JobRunner({ confirmLimit: consoleJobConfirmLimit() }));
}

export function listJobs(): { jobs: JobDto[]; confirmLimit: number } {
  return { jobs: jobRunner().list(), confirmLimit: jobRunner().confirmLimit };
}

export function getJob(id: string): JobDto {
  return jobRunner().get(id);
}

export function cancelJob(id: string): Promise<JobDto> {
  return jobRunner().cancel(id);
}
