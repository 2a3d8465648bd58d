// GET_ROUTEINFO_BY_TOPIC (105): topic → TopicRouteData body.
import { defineHeader } from './define-header';

export const GetRouteInfoRequestHeader = defineHeader('GetRouteInfoRequestHeader', {
  topic: { type: 'string', required: true },
  acceptStandardJsonOnly: { type: 'boolean' },
});
