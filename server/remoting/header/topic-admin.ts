// UPDATE_AND_CREATE_TOPIC (17), DELETE_TOPIC_IN_BROKER (215), GET_TOPIC_STATS_INFO (202), QUERY_TOPIC_CONSUME_BY_WHO (300),
// GET_TOPIC_CONFIG (351, 5.x: {topic, lo}).
import { defineHeader } from './define-header';

export const CreateTopicRequestHeader = defineHeader('CreateTopicRequestHeader', {
  topic: { type: 'string', required: true },
  defaultTopic: { type: 'string', required: true },
  readQueueNums: { type: 'int', required: true },
  writeQueueNums: { type: 'int', required: true },
  perm: { type: 'int', required: true },
  topicFilterType: { type: 'string', required: true },
  topicSysFlag: { type: 'int' },
  order: { type: 'boolean', required: true },
  /** 5.x: attribute changes, `+key=value,+key2=value2,-key3` (e.g. `+message.type=FIFO`). */
  attributes: { type: 'string' },
});

export const GetTopicConfigRequestHeader = defineHeader('GetTopicConfigRequestHeader', {
  topic: { type: 'string', required: true },
  /** Logic queue mapping wanted as well (5.x static topics; Orbit has none). */
  lo: { type: 'boolean' },
});

export const DeleteTopicRequestHeader = defineHeader('DeleteTopicRequestHeader', {
  topic: { type: 'string', required: true },
});

export const GetTopicStatsInfoRequestHeader = defineHeader('GetTopicStatsInfoRequestHeader', {
  topic: { type: 'string', required: true },
});

export const QueryTopicConsumeByWhoRequestHeader = defineHeader('QueryTopicConsumeByWhoRequestHeader', {
  topic: { type: 'string', required: true },
});
