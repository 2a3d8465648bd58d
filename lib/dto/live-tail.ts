/** What the live tail of a topic streams to the browser (server-sent events of `GET /api/topics/:topic/tail`). */
import type { MessageSummaryDto } from './admin';

/** A message as the messages table shows it; `bodyPreview` is empty when the body is not UTF-8 text. */
export interface LiveTailMessageDto extends MessageSummaryDto {
  bodyIsText: boolean;
}

/** `event: ready`, first on every connection. */
export interface LiveTailReadyDto {
  topic: string;
  /** Queues being read when the watcher joined. */
  queues: number;
  /** When the shared tailer started (ms); only messages stored after it are sent. */
  startedAt: number;
  /** True when a Last-Event-ID was honoured: the messages missed while disconnected follow. */
  resumed: boolean;
}

/** `event: messages`: a batch, oldest first, after the server-side filters. */
export interface LiveTailBatchDto {
  messages: LiveTailMessageDto[];
  /** Messages that matched this watcher's filters so far (sent or dropped). */
  matched: number;
  /** Of those, dropped on the server because the connection did not keep up (oldest first). */
  dropped: number;
}

/** `event: problem`: the tailer could not read (the stream stays open; it retries). */
export interface LiveTailProblemDto {
  message: string;
}

/** Filters of a tail; each empty one matches everything. */
export interface LiveTailFilterDto {
  /** One tag or several joined with `||`, as a TAG subscription. */
  tag?: string;
  /** A key the message's KEYS contain (space-separated, exact). */
  key?: string;
  /** A substring of the body (UTF-8, case-insensitive, first 16 KiB). */
  body?: string;
}
