// GET_BROKER_CONSUME_STATS (317), QUERY_CONSUME_QUEUE (321), RESUME_CHECK_HALF_MESSAGE (323),
// QUERY_CORRECTION_OFFSET (308).
import { defineHeader } from './define-header';

/**
 * The key is literally `isOrder` (a Java `boolean isOrder` field). It is @CFNotNull, but Java never
 * enforces that on a primitive field: a missing value reads as false.
 */
export const GetConsumeStatsInBrokerHeader = defineHeader('GetConsumeStatsInBrokerHeader', {
  isOrder: { type: 'boolean' },
});

/** No field is @CFNotNull; the primitives default to 0 when missing. */
export const QueryConsumeQueueRequestHeader = defineHeader('QueryConsumeQueueRequestHeader', {
  topic: { type: 'string' },
  queueId: { type: 'int' },
  index: { type: 'long' },
  count: { type: 'int' },
  consumerGroup: { type: 'string' },
});

export const ResumeCheckHalfMessageRequestHeader = defineHeader('ResumeCheckHalfMessageRequestHeader', {
  msgId: { type: 'string' },
});

export const QueryCorrectionOffsetHeader = defineHeader('QueryCorrectionOffsetHeader', {
  filterGroups: { type: 'string' },
  compareGroup: { type: 'string', required: true },
  topic: { type: 'string', required: true },
});
