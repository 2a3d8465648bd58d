/** The peer systems `npm run bench -- compare` measures Orbit against (Orbit itself is added by the caller). */
import type { QueueSystemServer, SystemClient } from '../types';
import { natsClient, natsServer } from './nats';
import { redisClient, redisServer } from './redis';

export type PeerName = 'nats' | 'redis';

export const peerSystems: Record<PeerName, { server: QueueSystemServer; client: SystemClient }> = {
  nats: { server: natsServer, client: natsClient },
  redis: { server: redisServer, client: redisClient },
};
