import { replayPreviewQuerySchema } from '@/lib/schemas/replay';
import { parseSearchParams, previewReplay } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/replay/preview?mode=&topic=&from=&to=&group=|target= → ReplayPreviewDto (nothing changes) */
export const GET = handle((request) => previewReplay(parseSearchParams(request.url, replayPreviewQuerySchema)));
