// QUERY_BROKER_OFFSET (13) response, QUERY_CONSUME_TIME_SPAN (303), CLONE_GROUP_OFFSET (314).
import { defineHeader } from './define-header';

export const QueryBrokerOffsetResponseHeader = defineHeader('QueryBrokerOffsetResponseHeader', {
  offset: { type: 'long', required: true },
});

export const QueryConsumeTimeSpanRequestHeader = defineHeader('QueryConsumeTimeSpanRequestHeader', {
  topic: { type: 'string', required: true },
  group: { type: 'string', required: true },
});

export const CloneGroupOffsetRequestHeader = defineHeader('CloneGroupOffsetRequestHeader', {
  srcGroup: { type: 'string', required: true },
  destGroup: { type: 'string', required: true },
  topic: { type: 'string' },
  offline: { type: 'boolean' },
});
