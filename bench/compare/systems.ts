/** Every system `npm run bench -- compare` drives with a Node client, by name. */
import { orbitClient, orbitServer } from './orbit-system';
import { peerSystems } from './peers/registry';
import type { QueueSystemServer, SystemClient } from './types';

export const systems: Record<string, { server: QueueSystemServer; client: SystemClient }> = {
  orbit: { server: orbitServer, client: orbitClient },
  ...peerSystems,
};
