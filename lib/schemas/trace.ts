/** Input of the message trace view. */
import { messageByIdQuerySchema, topicNameSchema } from './admin';

/** GET /api/messages/trace: the message (id [+ topic], as by-id) and the trace topic (default RMQ_SYS_TRACE_TOPIC). */
export const messageTraceQuerySchema = messageByIdQuerySchema.extend({
  traceTopic: topicNameSchema.optional(),
});
