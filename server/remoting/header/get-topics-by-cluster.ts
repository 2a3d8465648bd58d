// GET_TOPICS_BY_CLUSTER (224): cluster → TopicList body.
import { defineHeader } from './define-header';

export const GetTopicsByClusterRequestHeader = defineHeader('GetTopicsByClusterRequestHeader', {
  cluster: { type: 'string', required: true },
});
