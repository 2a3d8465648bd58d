import { alertSettingsInputSchema } from '@/lib/schemas/alerts';
import { getAlertSettings, parseJsonBody, setAlertSettings } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/alerts/settings → { sampleIntervalMs } */
export const GET = handle(() => getAlertSettings());

/** PUT /api/alerts/settings { sampleIntervalMs } → the settings in force (saved with the rules) */
export const PUT = handle(async (request) => setAlertSettings(await parseJsonBody(request, alertSettingsInputSchema)));
