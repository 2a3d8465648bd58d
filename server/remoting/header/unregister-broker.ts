// UNREGISTER_BROKER (104), broker → name server on clean shutdown.
import { defineHeader } from './define-header';

export const UnRegisterBrokerRequestHeader = defineHeader('UnRegisterBrokerRequestHeader', {
  brokerName: { type: 'string', required: true },
  brokerAddr: { type: 'string', required: true },
  clusterName: { type: 'string', required: true },
  brokerId: { type: 'long', required: true },
});
