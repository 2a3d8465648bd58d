import { listJobs } from '@/server/console';
import { handle } from '../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/jobs → { jobs: JobDto[] (newest first), confirmLimit } */
export const GET = handle(async () => listJobs());
