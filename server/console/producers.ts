/** `getProducerConnections`: the clients of one producer group, from every master. */
import type { ProducerConnectionsDto } from '../../lib/dto/admin';
import { admin } from './cluster-admin';

export async function getProducerConnections(group: string): Promise<ProducerConnectionsDto> {
  return { group, connections: await admin().examineProducerConnection(group) };
}
