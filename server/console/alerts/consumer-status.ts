/**
 * A Burrow-style consumer status, from a sliding window of offset samples per partition (queue). Pure: the
 * caller keeps the window. Rules, in order (https://github.com/linkedin/Burrow/wiki/Consumer-Lag-Evaluation-Rules,
 * adapted to RocketMQ, where the broker tells us offsets and online clients but not commit times):
 *
 *   REWIND  the committed offset went backwards somewhere in the window (a reset, or a lost commit)
 *   OK      too few samples to judge, or the lag was 0 at some sample of the window
 *   STOP    the offset did not move over the window, lag > 0, and no client is online: nobody commits
 *   ERR     the offset did not move over the window, lag > 0 and growing, clients online
 *   STALL   the offset did not move over the window, lag > 0 and flat, clients online (stuck on a backlog)
 *   WARN    the offset moves, but the lag grew at every step of the window (the consumer falls behind)
 *   OK      otherwise
 *
 * A group's status is its worst partition's.
 */
import type { ConsumerStatus } from '../../../lib/dto/alerts';

export interface OffsetSample {
  /** Epoch ms. */
  t: number;
  brokerOffset: number;
  consumerOffset: number;
  /** Whether the group had an online client when sampled. */
  online: boolean;
}

/** Fewer samples than this read as OK: one or two points do not make a trend. */
export const MIN_WINDOW_SAMPLES = 3;

const SEVERITY: Record<ConsumerStatus, number> = { OK: 0, WARN: 1, STALL: 2, ERR: 3, STOP: 4, REWIND: 5 };

const lagOf = (s: OffsetSample) => Math.max(0, s.brokerOffset - s.consumerOffset);

/** The status of one partition; `samples` oldest first, already cut to the window. */
export function evaluatePartition(samples: readonly OffsetSample[]): ConsumerStatus {
  for (let i = 1; i < samples.length; i++) {
    if (samples[i].consumerOffset < samples[i - 1].consumerOffset) return 'REWIND';
  }
  if (samples.length < MIN_WINDOW_SAMPLES) return 'OK';
  if (samples.some((s) => lagOf(s) === 0)) return 'OK';

  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first.consumerOffset === last.consumerOffset) {
    if (!last.online) return 'STOP';
    return lagOf(last) > lagOf(first) ? 'ERR' : 'STALL';
  }
  let growing = true;
  for (let i = 1; i < samples.length && growing; i++) growing = lagOf(samples[i]) > lagOf(samples[i - 1]);
  return growing ? 'WARN' : 'OK';
}

/** The worst of several statuses (OK for none). */
export function worstStatus(statuses: Iterable<ConsumerStatus>): ConsumerStatus {
  let worst: ConsumerStatus = 'OK';
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

/** Samples of the last `windowMs` before `now` (the newest always kept). */
export function cutWindow<T extends { t: number }>(samples: readonly T[], now: number, windowMs: number): T[] {
  return samples.filter((s) => s.t >= now - windowMs);
}
