import { producerQuerySchema } from '@/lib/schemas/admin';
import { getProducerConnections, parseSearchParams } from '@/server/console';
import { handle } from '../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/producers?group= → ProducerConnectionsDto */
export const GET = handle(async (request) => getProducerConnections(parseSearchParams(request.url, producerQuerySchema).group));
