import { messageByIdQuerySchema } from '@/lib/schemas/admin';
import { getMessageBody, parseSearchParams } from '@/server/console';
import { handle } from '../../_lib/handle';

export const dynamic = 'force-dynamic';

/** GET /api/messages/body?id=[&topic=] → the raw body bytes as an attachment (404 when not found); viewers may read it. */
export const GET = handle(async (request) => {
  const { bytes, fileName } = await getMessageBody(parseSearchParams(request.url, messageByIdQuerySchema));
  return new Response(bytes, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.byteLength),
      // bodyFileName keeps only [A-Za-z0-9_.-], so the name needs no quoting beyond this.
      'content-disposition': `attachment; filename="${fileName}"`,
    },
  });
});
