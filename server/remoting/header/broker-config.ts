// GET_BROKER_CONFIG (26) response header; VIEW_BROKER_STATS_DATA (315).
import { defineHeader } from './define-header';

export const GetBrokerConfigResponseHeader = defineHeader('GetBrokerConfigResponseHeader', {
  version: { type: 'string', required: true },
});

export const ViewBrokerStatsDataRequestHeader = defineHeader('ViewBrokerStatsDataRequestHeader', {
  statsName: { type: 'string', required: true },
  statsKey: { type: 'string', required: true },
});
