// DELETE_TOPIC_IN_NAMESRV (216) and other name server requests naming one topic; 5.x adds clusterName.
import { defineHeader } from './define-header';

export const DeleteTopicFromNamesrvRequestHeader = defineHeader('DeleteTopicFromNamesrvRequestHeader', {
  topic: { type: 'string', required: true },
  clusterName: { type: 'string' },
});
