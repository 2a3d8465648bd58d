/**
 * The console back end as the Next.js app sees it. Everything here reaches clusters through the admin
 * client, over the wire, even for the embedded cluster in the same process.
 */
import 'server-only';

export { getClusterOverview } from './cluster-overview';
export { getNamesrvSetting, setNamesrvSetting } from './console-settings';
export { assertSameOrigin, parseJsonBody, parseSearchParams, toApiError, type ApiErrorAnswer } from './api-errors';
export { listTopics } from './topic-list';
export { getTopicDetail } from './topic-detail';
export { deleteTopic, saveTopic, sendTestMessage } from './topic-mutations';
export { listGroups } from './group-list';
export { withinBudget } from './initial-page';
export { getGroupDetail } from './group-detail';
export { deleteGroup, resetGroupOffset, saveSubscriptionGroup } from './group-mutations';
export { previewResetOffset } from './reset-preview';
export { getMessageById, searchMessagesByKey, searchMessagesByTime } from './message-search';
export { getMessageBody } from './message-body';
export { getMessageTrace } from './message-trace';
export { consumeDirectly, resendMessages } from './message-resend';
export { browseGroupQueue, listDlq } from './dlq';
export { getDlqPage, getDlqSummary, previewRepublish, purgeDlq, startRepublish } from './dlq-triage';
export { previewReplay, startReplay } from './replay';
export { cancelJob, getJob, listJobs } from './jobs/job-registry';
export { getProducerConnections } from './producers';
export { getBrokerRuntime } from './broker-runtime';
export { getReplicationOverview } from './replication';
export {
  createAlertRule,
  deleteAlertRule,
  getAlertSettings,
  getAlertsOverview,
  getGroupLagTrend,
  listAlertRules,
  setAlertSettings,
  silenceAlertRule,
  startAlerting,
  stopAlerting,
} from './alerts/alert-service';
export { scrapeMetrics } from './metrics/metrics-service';
export { AuthError, authorizeRequest, RateLimitedError, type AuthorizeOptions } from './auth/authorize';
export { consoleAuth } from './auth/auth-state';
export { CSRF_COOKIE, CSRF_HEADER, parseCookies, serializeCookie, SESSION_COOKIE } from './auth/cookies';
export { isHttpsRequest } from './auth/forwarded';
export { login, logout } from './auth/login';
export { clientIpOf, principalFor, type Principal } from './auth/principal';
export { describeAction } from './audit/describe-action';
export { queryAudit, recordAudit, recordRefusal } from './audit/audit-service';
export type { AuditFilter, AuditOutcome, AuditPage, AuditRecord } from './audit/audit-log';
export { getOverviewSeries, startOverviewSampling } from './overview-service';
export { liveTailRegistry, openLiveTail, stopLiveTails } from './live-tail/live-tail-service';
