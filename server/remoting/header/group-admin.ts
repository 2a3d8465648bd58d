// DELETE_SUBSCRIPTIONGROUP (207), GET_SUBSCRIPTIONGROUP_CONFIG (352, 5.x: {group}), GET_CONSUME_STATS (208), GET_CONSUMER_CONNECTION_LIST (203), GET_PRODUCER_CONNECTION_LIST (204).
import { defineHeader } from './define-header';

export const DeleteSubscriptionGroupRequestHeader = defineHeader('DeleteSubscriptionGroupRequestHeader', {
  groupName: { type: 'string', required: true },
  removeOffset: { type: 'boolean' },
});

export const GetConsumeStatsRequestHeader = defineHeader('GetConsumeStatsRequestHeader', {
  consumerGroup: { type: 'string', required: true },
  topic: { type: 'string' },
});

export const GetConsumerConnectionListRequestHeader = defineHeader('GetConsumerConnectionListRequestHeader', {
  consumerGroup: { type: 'string', required: true },
});

export const GetProducerConnectionListRequestHeader = defineHeader('GetProducerConnectionListRequestHeader', {
  producerGroup: { type: 'string', required: true },
});

export const GetSubscriptionGroupConfigRequestHeader = defineHeader('GetSubscriptionGroupConfigRequestHeader', {
  group: { type: 'string', required: true },
});
