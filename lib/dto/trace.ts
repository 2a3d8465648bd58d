/** DTOs of the message trace view (GET /api/messages/trace). Shared by browser and Node. */

export type TraceDeliveryStatus = 'success' | 'failed' | 'unknown';

/** Where the broker stored the message (from the message itself, else from the producer's Pub record). */
export interface TraceStoredDto {
  brokerName: string | null;
  queueId: number | null;
  queueOffset: number | null;
  storeTimestamp: number | null;
  storeHost: string;
  offsetMsgId: string;
}

/** The producer's side (a Pub record). */
export interface TraceProducerDto {
  group: string;
  clientHost: string;
  timestamp: number;
  costMs: number;
  success: boolean;
  topic: string;
  tags: string;
  keys: string;
  storeHost: string;
  msgType: string;
  bodyLength: number;
}

/** An END_TRANSACTION the producer reported (EndTransaction record). */
export interface TraceTransactionDto {
  group: string;
  clientHost: string;
  timestamp: number;
  state: string;
  fromTransactionCheck: boolean;
}

/** One delivery of the message to a consumer (a SubBefore/SubAfter pair, joined by request id). */
export interface TraceDeliveryDto {
  requestId: string;
  clientHost: string;
  /** SubBefore's time; null when only SubAfter was found. */
  beginTimestamp: number | null;
  endTimestamp: number | null;
  costMs: number | null;
  /** 0 for the first delivery, n for the n-th redelivery; null when only SubAfter was found. */
  retryTimes: number | null;
  status: TraceDeliveryStatus;
  /** Java's ConsumeReturnType of the listener call (SUCCESS, FAILED, EXCEPTION, TIME_OUT, RETURNNULL). */
  returnType: string | null;
}

/** One consumer group: its traced deliveries, what its offsets say, and the message's copy in its DLQ. */
export interface TraceGroupDto {
  group: string;
  deliveries: TraceDeliveryDto[];
  /** Consumer offset > the message's queue offset; null when the broker could not tell (no offset, no queue). */
  consumedByOffset: boolean | null;
  dlq: { topic: string; offsetMsgId: string; storeTimestamp: number } | null;
}

/**
 * What a timeline step says beyond its kind, as values rather than a sentence: the console words them in its
 * language.
 */
export type TraceEventFacts =
  | { kind: 'sent'; msgType: string; topic: string; costMs: number }
  | { kind: 'stored'; brokerName: string | null; queueId: number | null; queueOffset: number | null }
  | { kind: 'endTransaction'; state: string; fromTransactionCheck: boolean }
  | { kind: 'consumeStart'; retryTimes: number | null }
  | { kind: 'consumeEnd'; returnType: string | null; status: TraceDeliveryStatus; costMs: number | null }
  | { kind: 'dlq'; topic: string };

export type TraceEventKind = TraceEventFacts['kind'];

/** One step of the timeline, sorted by time. */
export type TraceEventDto = TraceEventFacts & {
  timestamp: number;
  group: string | null;
  clientHost: string | null;
  success: boolean | null;
};

export interface MessageTraceDto {
  msgId: string;
  topic: string | null;
  traceTopic: string;
  /** Whether any trace record was found (false: the view shows only what the broker knows). */
  traced: boolean;
  stored: TraceStoredDto | null;
  producer: TraceProducerDto | null;
  transactions: TraceTransactionDto[];
  groups: TraceGroupDto[];
  timeline: TraceEventDto[];
  /** Look-ups that failed (e.g. no trace topic on the cluster); the rest of the view still stands. */
  problems: string[];
}
