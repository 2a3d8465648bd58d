import { scrapeMetrics, toApiError } from '@/server/console';

export const dynamic = 'force-dynamic';

/** GET /metrics → the cluster in Prometheus text format, named as Apache's rocketmq-exporter names it. */
export async function GET(): Promise<Response> {
  try {
    const { contentType, body } = await scrapeMetrics();
    return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
  } catch (err) {
    const { status, body } = toApiError(err);
    return new Response(`# scrape failed: ${body.error.message}\n`, { status: status >= 500 ? 503 : status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
}
