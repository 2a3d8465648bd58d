/** DLQ triage: dead letters grouped by failure signature, their trend, a page of them, republish previews. */
import type { MessageSummaryDto } from './admin';
import type { JobDto, PreviewMessageDto } from './jobs';

export interface FailureSignatureDto {
  /** Opaque key the republish request sends back. */
  key: string;
  originalTopic: string | null;
  tags: string | null;
  reconsumeTimes: number;
  /** The consumer's exception text; neither Apache 4.9 nor 5.x clients record one, so null unless some client did. */
  exception: string | null;
  count: number;
  /** Store times (ms) of the first and last dead letter of this signature. */
  firstSeen: number;
  lastSeen: number;
}

export interface DlqTrendDto {
  unit: 'hour' | 'day';
  points: { t: number; count: number }[];
}

export interface DlqSummaryDto {
  group: string;
  dlqTopic: string;
  /** False when the group has no DLQ topic (nothing ever died). */
  exists: boolean;
  /** Dead letters the console shows (above the purge mark). */
  total: number;
  /** Of those, read by the scan so far. */
  scanned: number;
  /** The scan has caught up with the queue ends seen at this request. */
  complete: boolean;
  /** Messages hidden by a purge (below the purge mark). */
  purged: number;
  signatures: FailureSignatureDto[];
  trend: DlqTrendDto;
  fetchedAt: string;
}

export interface DlqPageDto {
  items: MessageSummaryDto[];
  total: number;
  page: number;
  pageSize: number;
  purged: number;
  fetchedAt: string;
}

export interface RepublishPreviewDto {
  count: number;
  /** Where they go: `%RETRY%group`, or each message's original topic. */
  destinations: string[];
  first: PreviewMessageDto[];
  confirmLimit: number;
  needsConfirm: boolean;
}

export interface RepublishStartDto {
  job: JobDto;
}

export interface PurgeResultDto {
  purged: number;
  queues: { brokerName: string; queueId: number; purgedUpTo: number }[];
}
