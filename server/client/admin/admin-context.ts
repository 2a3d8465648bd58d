/**
 * What every admin operation needs: calls to the name servers and to brokers, the cluster layout and topic
 * routes. The operation modules (topic-admin, group-admin, message-admin, broker-admin) take this, so they
 * can be tested with a fake.
 */
import { BrokerError } from '../../common/errors';
import { RemotingCommand } from '../../remoting/remoting-command';
import { ResponseCode } from '../../remoting/response-code';
import type { BrokerData, ClusterInfo, TopicRouteData } from './types';

export interface AdminContext {
  readonly timeoutMs: number;
  readonly namesrvAddrs: readonly string[];
  /** On the first name server that answers. */
  invokeNamesrv(make: () => RemotingCommand): Promise<RemotingCommand>;
  /** On one address (a broker, or one name server). Transport errors throw; response codes are returned. */
  invoke(addr: string, cmd: RemotingCommand, timeoutMs?: number): Promise<RemotingCommand>;
  getBrokerClusterInfo(): Promise<ClusterInfo>;
  getTopicRoute(topic: string): Promise<TopicRouteData>;
}

export function expectSuccess(res: RemotingCommand): RemotingCommand {
  if (res.code !== ResponseCode.SUCCESS) throw new BrokerError(res.code, res.remark);
  return res;
}

/** The master's address of a broker group, else its lowest-id slave's (reads only). */
export function masterAddr(b: BrokerData, allowSlave = false): string | undefined {
  if (b.brokerAddrs['0']) return b.brokerAddrs['0'];
  if (!allowSlave) return undefined;
  const ids = Object.keys(b.brokerAddrs)
    .map(Number)
    .sort((x, y) => x - y);
  return ids.length ? b.brokerAddrs[String(ids[0])] : undefined;
}

export interface BrokerRef {
  brokerName: string;
  addr: string;
}

/** Masters of one cluster, or of every cluster when `clusterName` is not given. */
export async function clusterMasters(ctx: AdminContext, clusterName?: string): Promise<BrokerRef[]> {
  const info = await ctx.getBrokerClusterInfo();
  let names: string[];
  if (clusterName) {
    if (!info.clusterAddrTable[clusterName]) throw new BrokerError(ResponseCode.SYSTEM_ERROR, `no cluster "${clusterName}"`);
    names = info.clusterAddrTable[clusterName];
  } else {
    names = Object.keys(info.brokerAddrTable);
  }
  const out: BrokerRef[] = [];
  for (const name of [...names].sort()) {
    const b = info.brokerAddrTable[name];
    const addr = b && masterAddr(b);
    if (addr) out.push({ brokerName: name, addr });
  }
  return out;
}

/** Masters serving a topic (from its route). */
export function routeMasters(route: TopicRouteData, allowSlave = false): BrokerRef[] {
  const out: BrokerRef[] = [];
  for (const b of [...route.brokerDatas].sort((x, y) => x.brokerName.localeCompare(y.brokerName))) {
    const addr = masterAddr(b, allowSlave);
    if (addr) out.push({ brokerName: b.brokerName, addr });
  }
  return out;
}

/** Route masters, or null when the name server has no route (TOPIC_NOT_EXIST). */
export async function topicMastersOrNull(ctx: AdminContext, topic: string, allowSlave = false): Promise<BrokerRef[] | null> {
  try {
    return routeMasters(await ctx.getTopicRoute(topic), allowSlave);
  } catch (err) {
    if (err instanceof BrokerError && err.responseCode === ResponseCode.TOPIC_NOT_EXIST) return null;
    throw err;
  }
}

/**
 * Runs `fn` on each broker; collects answers and fails only when every broker failed (with the first error).
 * One broker down must not blank a whole page.
 */
export async function onEachBroker<T>(brokers: BrokerRef[], fn: (b: BrokerRef) => Promise<T>): Promise<{ broker: BrokerRef; value: T }[]> {
  const settled = await Promise.allSettled(brokers.map((b) => fn(b)));
  const ok: { broker: BrokerRef; value: T }[] = [];
  let firstErr: unknown;
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') ok.push({ broker: brokers[i], value: s.value });
    else firstErr ??= s.reason;
  });
  if (ok.length === 0 && firstErr !== undefined) throw firstErr;
  return ok;
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function request(code: number, ext?: Record<string, string>, body?: Buffer): RemotingCommand {
  return RemotingCommand.request(code, ext, body);
}
