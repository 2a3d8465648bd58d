// INVOKE_BROKER_TO_RESET_OFFSET (222) / RESET_CONSUMER_CLIENT_OFFSET (220), GET_CONSUMER_RUNNING_INFO (307),
// CONSUME_MESSAGE_DIRECTLY (309), GET_CONSUMER_STATUS_FROM_CLIENT (221) / INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223).
import { defineHeader } from './define-header';

export const ResetOffsetRequestHeader = defineHeader('ResetOffsetRequestHeader', {
  topic: { type: 'string', required: true },
  group: { type: 'string', required: true },
  timestamp: { type: 'long', required: true },
  isForce: { type: 'boolean', required: true },
});

export const GetConsumerRunningInfoRequestHeader = defineHeader('GetConsumerRunningInfoRequestHeader', {
  consumerGroup: { type: 'string', required: true },
  clientId: { type: 'string', required: true },
  jstackEnable: { type: 'boolean' },
});

export const ConsumeMessageDirectlyResultRequestHeader = defineHeader('ConsumeMessageDirectlyResultRequestHeader', {
  consumerGroup: { type: 'string', required: true },
  clientId: { type: 'string' },
  msgId: { type: 'string' },
  brokerName: { type: 'string' },
});

export const GetConsumerStatusRequestHeader = defineHeader('GetConsumerStatusRequestHeader', {
  topic: { type: 'string', required: true },
  group: { type: 'string', required: true },
  clientAddr: { type: 'string' },
});
