/**
 * Cluster administration (what `orbit admin` and the console use): topics, subscription groups, consumer
 * progress, messages and broker status, over the same requests as Apache's MQAdminExt, so it works against
 * Orbit and Apache RocketMQ 4.x alike. The package's `orbit-mq-client/admin` entry.
 *
 * ```ts
 * import { AdminClient } from 'orbit-mq-client/admin';
 * await using admin = new AdminClient({ namesrvAddr: '127.0.0.1:9876' });
 * console.log(await admin.getBrokerClusterInfo());
 * ```
 *
 * @packageDocumentation
 */
export { AdminClient } from './admin-client';
export type { AdminClientOptions } from './admin-client';
export type * from './types';
