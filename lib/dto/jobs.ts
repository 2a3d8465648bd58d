/** Long console operations (DLQ republish, replay copy) as the jobs panel sees them. */
export type JobKind = 'dlq.republish' | 'replay.copy' | 'replay.exact';
export type JobStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface JobDto {
  id: string;
  kind: JobKind;
  /** What it works on: `%DLQ%group`, `topic → target`… */
  target: string;
  /** Messages the preview counted. */
  total: number;
  done: number;
  failed: number;
  skipped: number;
  /** Messages per second at most. */
  ratePerSec: number;
  status: JobStatus;
  startedAt: string;
  endedAt: string | null;
  user: string;
  /** The first failure's reason, or why the job failed. */
  error: string | null;
  /** A line for the panel: where the messages go. */
  detail: string;
}

/** The count and first messages a job or replay would touch, shown before anything happens. */
export interface PreviewMessageDto {
  msgId: string;
  offsetMsgId: string;
  topic: string;
  queueId: number;
  queueOffset: number;
  storeTimestamp: number;
  tags: string | null;
  keys: string | null;
  bodyPreview: string;
}
