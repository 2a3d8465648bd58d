/** The console's one exporter (on globalThis, like the admin-client cache), behind `GET /metrics`. */
import { admin } from '../cluster-admin';
import { RocketMQExporter } from './rocketmq-exporter';

const EXPORTER_KEY = Symbol.for('orbit.console.metricsExporter');
type Holder = { [EXPORTER_KEY]?: RocketMQExporter };
const holder = globalThis as typeof globalThis & Holder;

export function metricsExporter(): RocketMQExporter {
  return (holder[EXPORTER_KEY] ??= new RocketMQExporter(admin));
}

/** The Prometheus exposition of the cluster the console is attached to. */
export async function scrapeMetrics(): Promise<{ contentType: string; body: string }> {
  const exporter = metricsExporter();
  return { contentType: exporter.contentType, body: await exporter.scrape() };
}
