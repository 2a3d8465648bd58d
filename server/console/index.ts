/**
 * The console back end as the Next.js app sees it. Everything here reaches clusters through the admin
 * client, over the wire, even for the embedded cluster in the same process.
 */
import 'server-only';

export { getClusterOverview } from './cluster-overview';
export { getNamesrvSetting, setNamesrvSetting } from './console-settings';
export { assertSameOrigin, parseJsonBody, parseSearchParams, toApiError, type ApiErrorAnswer } from './api-errors';
