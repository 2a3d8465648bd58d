// QUERY_DATA_VERSION (322): the broker asks whether the name server holds its latest DataVersion (body).
import { defineHeader } from './define-header';

export const QueryDataVersionRequestHeader = defineHeader('QueryDataVersionRequestHeader', {
  brokerName: { type: 'string', required: true },
  brokerAddr: { type: 'string', required: true },
  clusterName: { type: 'string', required: true },
  brokerId: { type: 'long', required: true },
});

export const QueryDataVersionResponseHeader = defineHeader('QueryDataVersionResponseHeader', {
  changed: { type: 'boolean', required: true },
});
