import { getAlertsOverview } from '@/server/console';
import { handle } from '../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/alerts → AlertsOverviewDto (rules, active and past alerts, notifications, group statuses) */
export const GET = handle(() => getAlertsOverview());
