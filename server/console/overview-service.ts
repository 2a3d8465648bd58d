/**
 * The console's one overview sampler and the façade operation on it. Like the alert engine it lives on
 * globalThis (Next.js may load this module once per route bundle) and starts with the console server
 * (instrumentation.ts) or, failing that, on first use.
 *
 * ORBIT_OVERVIEW_SAMPLE_MS sets the interval (default 10 s; at least 1 s).
 */
import path from 'node:path';
import type { OverviewSeriesDto, TpsPointDto } from '../../lib/dto/overview';
import { OVERVIEW_RANGE_MS, type OverviewSeriesQuery } from '../../lib/schemas/overview';
import { AdminClient } from '../client/admin/admin-client';
import { CONSOLE_ADMIN_TIMEOUT_MS } from './admin-client-cache';
import { consoleDataDir, currentNamesrvAddr } from './console-settings';
import { DEFAULT_OVERVIEW_INTERVAL_MS, OverviewSampler, type OverviewSample } from './overview-sampler';

const SAMPLER_KEY = Symbol.for('orbit.console.overviewSampler');
const CLIENT_KEY = Symbol.for('orbit.console.overviewAdminClient');
type Holder = { [SAMPLER_KEY]?: OverviewSampler; [CLIENT_KEY]?: { addr: string; client: AdminClient } };
const holder = globalThis as typeof globalThis & Holder;

/** Points per answer, at most: longer ranges are averaged into buckets. */
export const MAX_SERIES_POINTS = 360;

function intervalFromEnv(): number {
  const n = Number(process.env.ORBIT_OVERVIEW_SAMPLE_MS);
  return Number.isFinite(n) && n >= 1000 ? n : DEFAULT_OVERVIEW_INTERVAL_MS;
}

/**
 * The sampler's own admin client, for the name servers in force. Not the shared one of
 * admin-client-cache: the sampler starts from instrumentation.ts, a bundle of its own, and a shared client
 * made there would throw that bundle's error classes into the API routes (where `instanceof` then fails).
 */
function samplerAdmin(): AdminClient {
  const addr = currentNamesrvAddr();
  const held = holder[CLIENT_KEY];
  if (held?.addr === addr) return held.client;
  void held?.client.shutdown().catch(() => {});
  const client = new AdminClient({ namesrvAddr: addr, timeoutMs: CONSOLE_ADMIN_TIMEOUT_MS });
  holder[CLIENT_KEY] = { addr, client };
  return client;
}

/** The running sampler, created and started on first call. */
export function overviewSampler(): OverviewSampler {
  let sampler = holder[SAMPLER_KEY];
  if (!sampler) {
    sampler = new OverviewSampler({ file: path.join(consoleDataDir(), 'overview', 'samples.json'), admin: samplerAdmin, intervalMs: intervalFromEnv() });
    holder[SAMPLER_KEY] = sampler;
  }
  sampler.start();
  return sampler;
}

/** Starts sampling (console start-up). */
export function startOverviewSampling(): void {
  overviewSampler();
}

/** Stops the loop and writes the samples (console stop, tests). */
export async function stopOverviewSampling(): Promise<void> {
  const sampler = holder[SAMPLER_KEY];
  const held = holder[CLIENT_KEY];
  delete holder[SAMPLER_KEY];
  delete holder[CLIENT_KEY];
  await sampler?.stop();
  await held?.client.shutdown().catch(() => {});
}

const avg = (xs: (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 100) / 100 : null;
};

/** Samples → chart points, averaged in buckets of consecutive samples when there are more than `max`. */
export function toPoints(samples: readonly OverviewSample[], max = MAX_SERIES_POINTS): TpsPointDto[] {
  const size = Math.max(1, Math.ceil(samples.length / max));
  if (size === 1) return samples.map((s) => ({ t: s.t, putTps: s.putTps, getTps: s.getTps }));
  const out: TpsPointDto[] = [];
  for (let i = 0; i < samples.length; i += size) {
    const b = samples.slice(i, i + size);
    out.push({ t: b[b.length - 1].t, putTps: avg(b.map((s) => s.putTps)), getTps: avg(b.map((s) => s.getTps)) });
  }
  return out;
}

export async function getOverviewSeries(query: OverviewSeriesQuery): Promise<OverviewSeriesDto> {
  const sampler = overviewSampler();
  // Right after start the first round may still be running: wait for it briefly rather than answer empty.
  if (sampler.size === 0) await Promise.race([sampler.tick(), new Promise((r) => setTimeout(r, 3000))]);
  const s = sampler.series(OVERVIEW_RANGE_MS[query.range]);
  const last = s.samples[s.samples.length - 1];
  return {
    range: query.range,
    intervalMs: s.intervalMs,
    retentionMs: s.retentionMs,
    points: toPoints(s.samples),
    topTopics: last?.topics ?? [],
    topGroups: last?.groups ?? [],
    lastSampleAt: s.lastSampleAt === null ? null : new Date(s.lastSampleAt).toISOString(),
    lastError: s.lastError,
    problems: s.problems,
  };
}
