/** Replay previews and results. */
import type { ResetOffsetResultDto } from './admin';
import type { JobDto, PreviewMessageDto } from './jobs';

export interface ReplayQueuePreviewDto {
  brokerName: string;
  queueId: number;
  /** First offset stored at or after `from`. */
  startOffset: number;
  /** First offset stored after `to`. */
  endOffset: number;
  maxOffset: number;
  /** Messages within [from, to]. */
  inRange: number;
  /** Group mode: what this queue re-consumes after the reset (from `startOffset` to the end). */
  reconsume: number;
  /** Group mode: the group's committed offset now (null: none). */
  currentOffset: number | null;
}

export interface ReplayPreviewDto {
  mode: 'group' | 'exact' | 'copy';
  topic: string;
  from: number;
  to: number;
  /** Where it goes: the group, `%RETRY%group`, or the target topic. */
  destination: string;
  /** What the operation touches: group mode everything re-consumed, else the messages in range. */
  total: number;
  inRange: number;
  queues: ReplayQueuePreviewDto[];
  first: PreviewMessageDto[];
  confirmLimit: number;
  needsConfirm: boolean;
}

export type ReplayStartDto = { mode: 'group'; total: number; reset: ResetOffsetResultDto } | { mode: 'exact' | 'copy'; total: number; job: JobDto };
