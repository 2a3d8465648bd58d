/** The overview's history (GET /api/overview/series). */
import type { OverviewRange } from '../schemas/overview';

export interface TpsPointDto {
  /** ms since the epoch. */
  t: number;
  /** Messages per second; null when no broker answered at that time. */
  putTps: number | null;
  getTps: number | null;
}

export interface TopicTpsDto {
  topic: string;
  putTps: number;
}

export interface GroupLagDto {
  group: string;
  lag: number;
  /** Age (ms) of the group's oldest unconsumed message at sample time; null when unknown or not measured. */
  timeLagMs: number | null;
}

export interface OverviewSeriesDto {
  range: OverviewRange;
  /** ms between samples on the server. */
  intervalMs: number;
  /** How far back samples are kept. */
  retentionMs: number;
  /** Oldest first; averaged into buckets when the range holds more than `MAX_SERIES_POINTS` samples. */
  points: TpsPointDto[];
  /** From the newest sample: the busiest topics and the groups furthest behind. */
  topTopics: TopicTpsDto[];
  topGroups: GroupLagDto[];
  lastSampleAt: string | null;
  /** Why the last round failed, if it did. */
  lastError: string | null;
  /** Parts of the last round that failed (a broker, a list). */
  problems: string[];
}
