// CONSUMER_SEND_MSG_BACK (36): a consumer hands a failed message back (commit-log offset) for retry or DLQ.
import { defineHeader } from './define-header';

export const ConsumerSendMsgBackRequestHeader = defineHeader('ConsumerSendMsgBackRequestHeader', {
  offset: { type: 'long', required: true },
  group: { type: 'string', required: true },
  delayLevel: { type: 'int', required: true },
  originMsgId: { type: 'string' },
  originTopic: { type: 'string' },
  unitMode: { type: 'boolean' },
  maxReconsumeTimes: { type: 'int' },
});
