// REGISTER_BROKER (103), broker → name server: who the broker is; body = RegisterBrokerBody (JSON or zlib).
import { defineHeader } from './define-header';

export const RegisterBrokerRequestHeader = defineHeader('RegisterBrokerRequestHeader', {
  brokerName: { type: 'string', required: true },
  brokerAddr: { type: 'string', required: true },
  clusterName: { type: 'string', required: true },
  haServerAddr: { type: 'string', required: true },
  brokerId: { type: 'long', required: true },
  compressed: { type: 'boolean' },
  bodyCrc32: { type: 'int' },
});

export const RegisterBrokerResponseHeader = defineHeader('RegisterBrokerResponseHeader', {
  haServerAddr: { type: 'string' },
  masterAddr: { type: 'string' },
});
