/**
 * Just enough of the RocketMQ remoting protocol (JSON headers) to set a cluster up for clients that cannot:
 * ali-ons never creates topics, so the harness does what `mqadmin updateTopic -c` does:
 * GET_BROKER_CLUSTER_INFO (106) on the name server, UPDATE_AND_CREATE_TOPIC (17) on every master, then
 * GET_ROUTEINFO_BY_TOPIC (105) until the name server routes the topic. Deliberately independent of Orbit's
 * own client so that the harness does not test Orbit with Orbit.
 *
 * Frame: int32 length | int32 (serializeType << 24 | headerLength) | JSON header | body.
 */
import net from 'node:net';

export const RequestCode = {
  UPDATE_AND_CREATE_TOPIC: 17,
  UPDATE_AND_CREATE_SUBSCRIPTIONGROUP: 200,
  GET_ROUTEINFO_BY_TOPIC: 105,
  GET_BROKER_CLUSTER_INFO: 106,
} as const;

export interface RemotingResponse {
  code: number;
  remark?: string;
  extFields?: Record<string, string>;
  body: Buffer;
}

let opaqueSeq = 1;

/** One request, one response, on a fresh connection (admin calls are rare; no pooling needed). */
export function invoke(
  addr: string,
  code: number,
  extFields: Record<string, string>,
  timeoutMs = 5000,
  body: Buffer = Buffer.alloc(0),
): Promise<RemotingResponse> {
  const [host, portText] = splitAddr(addr);
  const opaque = opaqueSeq++;
  const header = Buffer.from(JSON.stringify({ code, language: 'JAVA', version: 395, opaque, flag: 0, extFields }), 'utf8');
  const frame = Buffer.alloc(8 + header.length + body.length);
  frame.writeInt32BE(4 + header.length + body.length, 0);
  frame.writeInt32BE(header.length & 0xffffff, 4); // serialize type 0 = JSON
  header.copy(frame, 8);
  body.copy(frame, 8 + header.length);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port: Number(portText) });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`request code ${code} to ${addr}: no response within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (fn: () => void): void => {
      clearTimeout(timer);
      socket.destroy();
      fn();
    };
    socket.on('connect', () => socket.write(frame));
    socket.on('error', (err) => done(() => reject(new Error(`request code ${code} to ${addr}: ${err.message}`))));
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const total = buf.readInt32BE(0);
        const mark = buf.readInt32BE(4);
        const headerLength = mark & 0xffffff;
        const serializeType = (mark >>> 24) & 0xff;
        const frameBuf = buf.subarray(4, 4 + total);
        buf = buf.subarray(4 + total);
        if (serializeType !== 0) {
          done(() => reject(new Error(`response from ${addr} uses serialize type ${serializeType}; only JSON is read here`)));
          return;
        }
        const h = JSON.parse(frameBuf.subarray(4, 4 + headerLength).toString('utf8'));
        if (h.opaque !== opaque || (h.flag & 1) !== 1) continue;
        const body = Buffer.from(frameBuf.subarray(4 + headerLength));
        done(() => resolve({ code: h.code, remark: h.remark, extFields: h.extFields, body }));
        return;
      }
    });
  });
}

function splitAddr(addr: string): [string, string] {
  const i = addr.lastIndexOf(':');
  if (i < 0) throw new Error(`not host:port: ${addr}`);
  return [addr.slice(0, i), addr.slice(i + 1)];
}

/** fastjson writes integer map keys unquoted (`{0:"127.0.0.1:10911"}`); quote them before JSON.parse. */
export function parseFastjson(text: string): any {
  return JSON.parse(text.replace(/([{,])\s*(-?\d+)\s*:/g, '$1"$2":'));
}

export interface ClusterInfo {
  brokerAddrTable: Record<string, { brokerName: string; cluster: string; brokerAddrs: Record<string, string> }>;
  clusterAddrTable: Record<string, string[]>;
}

export async function getClusterInfo(namesrvAddr: string): Promise<ClusterInfo> {
  const r = await invoke(namesrvAddr, RequestCode.GET_BROKER_CLUSTER_INFO, {});
  if (r.code !== 0) throw new Error(`GET_BROKER_CLUSTER_INFO: code ${r.code} ${r.remark ?? ''}`);
  return parseFastjson(r.body.toString('utf8'));
}

/** Master (brokerId 0) addresses of every broker the name server knows. */
export async function masterAddrs(namesrvAddr: string): Promise<string[]> {
  const info = await getClusterInfo(namesrvAddr);
  return Object.values(info.brokerAddrTable ?? {})
    .map((b) => b.brokerAddrs?.['0'])
    .filter((a): a is string => typeof a === 'string');
}

export async function getRoute(namesrvAddr: string, topic: string): Promise<RemotingResponse> {
  return invoke(namesrvAddr, RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic });
}

/** The 5.x topic attribute `message.type` (what a gRPC producer may send to the topic). */
export type TopicMessageType = 'NORMAL' | 'FIFO' | 'DELAY' | 'TRANSACTION' | 'MIXED';

export interface CreateTopicOptions {
  /** Read and write queues (default 4). */
  queues?: number;
  /** Sets the attribute `+message.type=<type>` (5.x brokers; a 4.9 broker ignores the header field). */
  messageType?: TopicMessageType;
  timeoutMs?: number;
}

/**
 * Creates `topic` with `queues` read/write queues on every master (as mqadmin updateTopic -c does), then waits
 * until the name server returns a route for it. `queues` may also be given as the options' `queues`.
 */
export async function createTopic(namesrvAddr: string, topic: string, queuesOrOpts: number | CreateTopicOptions = 4, timeoutMs = 10_000): Promise<void> {
  const opts: CreateTopicOptions = typeof queuesOrOpts === 'number' ? { queues: queuesOrOpts, timeoutMs } : queuesOrOpts;
  const queues = opts.queues ?? 4;
  const wait = opts.timeoutMs ?? timeoutMs;
  const masters = await masterAddrs(namesrvAddr);
  if (masters.length === 0) throw new Error(`name server ${namesrvAddr} knows no master broker`);
  for (const addr of masters) {
    const r = await invoke(addr, RequestCode.UPDATE_AND_CREATE_TOPIC, {
      topic,
      defaultTopic: 'TBW102',
      readQueueNums: String(queues),
      writeQueueNums: String(queues),
      perm: '6',
      topicFilterType: 'SINGLE_TAG',
      topicSysFlag: '0',
      order: 'false',
      ...(opts.messageType ? { attributes: `+message.type=${opts.messageType}` } : {}),
    });
    if (r.code !== 0) throw new Error(`UPDATE_AND_CREATE_TOPIC ${topic} on ${addr}: code ${r.code} ${r.remark ?? ''}`);
  }
  const deadline = Date.now() + wait;
  for (;;) {
    const r = await getRoute(namesrvAddr, topic);
    if (r.code === 0) {
      const route = parseFastjson(r.body.toString('utf8'));
      if ((route.queueDatas ?? []).length >= masters.length) return;
    }
    if (Date.now() > deadline) throw new Error(`name server ${namesrvAddr} has no route for ${topic} after ${wait} ms (last code ${r.code})`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

export interface SubscriptionGroupOptions {
  /** `consumeMessageOrderly`: a FIFO group for 5.x (gRPC) consumers. */
  orderly?: boolean;
  /** `retryMaxTimes` (default 16): a 5.x consumer gets max attempts = retryMaxTimes + 1. */
  retryMaxTimes?: number;
}

/** UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200) on every master, as `mqadmin updateSubGroup -c` does. */
export async function createSubscriptionGroup(namesrvAddr: string, group: string, opts: SubscriptionGroupOptions = {}): Promise<void> {
  const masters = await masterAddrs(namesrvAddr);
  if (masters.length === 0) throw new Error(`name server ${namesrvAddr} knows no master broker`);
  const body = Buffer.from(
    JSON.stringify({
      groupName: group,
      consumeEnable: true,
      consumeFromMinEnable: true,
      consumeBroadcastEnable: true,
      consumeMessageOrderly: opts.orderly ?? false,
      retryQueueNums: 1,
      retryMaxTimes: opts.retryMaxTimes ?? 16,
      brokerId: 0,
      whichBrokerWhenConsumeSlowly: 1,
      notifyConsumerIdsChangedEnable: true,
      groupSysFlag: 0,
      consumeTimeoutMinute: 15,
    }),
    'utf8',
  );
  for (const addr of masters) {
    const r = await invoke(addr, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, {}, 5000, body);
    if (r.code !== 0) throw new Error(`UPDATE_AND_CREATE_SUBSCRIPTIONGROUP ${group} on ${addr}: code ${r.code} ${r.remark ?? ''}`);
  }
}
