/**
 * Remoting routes → gRPC MessageQueues and Assignments (§7.2, §7.4). Every broker group appears once, as broker
 * id 0, at the proxy's own address: clients talk only to proxies, and the Node client keeps only queue id 0 and
 * Java only broker id 0, so both must be there. The proxy picks the real queue itself on send.
 */
import net from 'node:net';
import type { TopicConfig, TopicRouteData } from '../../remoting/body/route-data';
import type { AddressScheme, Endpoints, MessageQueue, MessageType, Permission } from '../grpc/proto-types';

const PERM_READ = 4;
const PERM_WRITE = 2;

/** A topic's message type, from its 5.x `message.type` attribute; a topic without one is NORMAL. */
export type TopicMessageType = 'UNSPECIFIED' | 'NORMAL' | 'FIFO' | 'DELAY' | 'TRANSACTION' | 'MIXED';

export function topicMessageType(tc: TopicConfig | undefined): TopicMessageType {
  const t = tc?.attributes?.['message.type'];
  switch (t) {
    case 'UNSPECIFIED':
    case 'FIFO':
    case 'DELAY':
    case 'TRANSACTION':
    case 'MIXED':
      return t;
    default:
      return 'NORMAL';
  }
}

export function acceptMessageTypes(t: TopicMessageType): MessageType[] {
  switch (t) {
    case 'MIXED':
      return ['NORMAL', 'FIFO', 'DELAY', 'TRANSACTION'];
    case 'UNSPECIFIED':
      return ['MESSAGE_TYPE_UNSPECIFIED'];
    default:
      return [t];
  }
}

export function permissionOf(perm: number): Permission {
  const r = (perm & PERM_READ) !== 0;
  const w = (perm & PERM_WRITE) !== 0;
  return r && w ? 'READ_WRITE' : r ? 'READ' : w ? 'WRITE' : 'NONE';
}

export function addressScheme(host: string): AddressScheme {
  return net.isIPv4(host) ? 'IPv4' : net.isIPv6(host) ? 'IPv6' : 'DOMAIN_NAME';
}

/**
 * The endpoints to advertise: the first address the client says it reached us at (so a client behind NAT or a
 * port forward keeps using what works), else the proxy's own host and port. One address only: Java refuses
 * several DOMAIN_NAME addresses.
 */
export function advertisedEndpoints(requested: Endpoints | undefined, host: string, port: number): Endpoints {
  const a = requested?.addresses?.find((x) => x.host && x.port);
  const chosen = a ? { host: a.host!, port: a.port! } : { host, port };
  return { scheme: addressScheme(chosen.host), addresses: [chosen] };
}

/** QueryRoute's queues: per broker group, read-only ids first, then write-only, then read-write (§7.2). */
export function routeToMessageQueues(topic: string, route: TopicRouteData, endpoints: Endpoints, accept: MessageType[]): MessageQueue[] {
  const out: MessageQueue[] = [];
  const withMaster = new Set(route.brokerDatas.map((b) => b.brokerName));
  for (const qd of route.queueDatas) {
    if (!withMaster.has(qd.brokerName)) continue;
    const broker = { name: qd.brokerName, id: 0, endpoints };
    const mq = (id: number, permission: Permission): MessageQueue => ({ topic: { name: topic }, id, permission, broker, acceptMessageTypes: accept });
    const r = qd.readQueueNums;
    const w = qd.writeQueueNums;
    const readable = (qd.perm & PERM_READ) !== 0;
    const writable = (qd.perm & PERM_WRITE) !== 0;
    if (!readable && !writable) {
      for (let i = 0; i < Math.max(1, r, w); i++) out.push(mq(i, 'NONE'));
      continue;
    }
    const both = Math.min(r, w);
    let id = 0;
    // Read-only and write-only queues carry only the perm half the topic has.
    for (let i = 0; i < r - both; i++) out.push(mq(id++, readable ? 'READ' : 'NONE'));
    for (let i = 0; i < w - both; i++) out.push(mq(id++, writable ? 'WRITE' : 'NONE'));
    for (let i = 0; i < both; i++) out.push(mq(id++, permissionOf(qd.perm)));
  }
  return out;
}

/**
 * QueryAssignment (§3): per readable broker group one queue with id −1 (the broker pops from all its queues), or,
 * for a FIFO group, one per read queue id so each is consumed by one client at a time.
 */
export function routeToAssignments(topic: string, route: TopicRouteData, endpoints: Endpoints, fifo: boolean): { messageQueue: MessageQueue }[] {
  const out: { messageQueue: MessageQueue }[] = [];
  const withMaster = new Set(route.brokerDatas.filter((b) => b.brokerAddrs.has(0)).map((b) => b.brokerName));
  for (const qd of route.queueDatas) {
    if ((qd.perm & PERM_READ) === 0 || qd.readQueueNums <= 0 || !withMaster.has(qd.brokerName)) continue;
    const broker = { name: qd.brokerName, id: 0, endpoints };
    const mq = (id: number): MessageQueue => ({ topic: { name: topic }, id, permission: permissionOf(qd.perm), broker });
    if (!fifo) out.push({ messageQueue: mq(-1) });
    else for (let i = 0; i < qd.readQueueNums; i++) out.push({ messageQueue: mq(i) });
  }
  return out;
}
