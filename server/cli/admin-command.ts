/**
 * `orbit admin …`: mqadmin-style commands over the admin client. Tables by default (aligned columns),
 * `--json` for machine output. Names follow mqadmin where one exists (updateTopic, consumerProgress, …).
 */
import { AdminClient } from '../client/admin/admin-client';
import { BrokerError, ConfigError } from '../common/errors';

export interface AdminGlobalOptions {
  namesrv: string;
  json?: boolean;
}

type Out = { table?: string[][]; json: unknown; text?: string };

async function withAdmin(o: AdminGlobalOptions, fn: (a: AdminClient) => Promise<Out>): Promise<void> {
  const admin = new AdminClient({ namesrvAddr: o.namesrv });
  try {
    const out = await fn(admin);
    if (o.json) process.stdout.write(`${JSON.stringify(out.json, null, 2)}\n`);
    else if (out.table) process.stdout.write(formatTable(out.table));
    else if (out.text !== undefined) process.stdout.write(out.text.endsWith('\n') ? out.text : `${out.text}\n`);
    else process.stdout.write(`${JSON.stringify(out.json, null, 2)}\n`);
  } catch (err) {
    const msg = err instanceof BrokerError ? `${err.remark ?? err.message} (response code ${err.responseCode})` : (err as Error).message;
    process.stderr.write(`orbit admin: ${msg}\n`);
    process.exitCode = 1;
  } finally {
    await admin.shutdown();
  }
}

/** Columns padded to the widest cell; the last column is not padded. */
export function formatTable(rows: string[][]): string {
  if (rows.length === 0) return '';
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

const time = (ms: number) => (ms > 0 ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '-');

/** `now`, epoch ms, or an ISO / `yyyy-MM-dd#HH:mm:ss:SSS` (mqadmin) date. */
export function parseTimestamp(v: string): number {
  if (v === 'now') return Date.now();
  if (/^-?\d+$/.test(v)) return Number(v);
  const mq = /^(\d{4})-(\d{2})-(\d{2})#(\d{2}):(\d{2}):(\d{2}):(\d{3})$/.exec(v);
  if (mq) {
    const [, y, mo, d, h, mi, s, ms] = mq.map(Number);
    return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
  }
  const t = new Date(v).getTime();
  if (!Number.isFinite(t)) throw new ConfigError(`bad timestamp "${v}": use now, epoch ms, an ISO date or yyyy-MM-dd#HH:mm:ss:SSS`);
  return t;
}

export async function adminClusterList(o: AdminGlobalOptions): Promise<void> {
  await withAdmin(o, async (admin) => {
    const info = await admin.getBrokerClusterInfo();
    const rows = [['#Cluster', '#Broker', '#BID', '#Addr', '#Version', '#PutTPS', '#GetTPS']];
    const json: unknown[] = [];
    for (const [cluster, names] of Object.entries(info.clusterAddrTable).sort()) {
      for (const name of names) {
        for (const [id, addr] of Object.entries(info.brokerAddrTable[name]?.brokerAddrs ?? {})) {
          const rt = await admin.getBrokerRuntimeInfo(addr).catch(() => ({}) as Record<string, string>);
          const first = (v?: string) => (v ?? '').split(' ')[0] || '-';
          rows.push([cluster, name, id, addr, rt.brokerVersionDesc ?? '-', first(rt.putTps), first(rt.getTransferedTps)]);
          json.push({ cluster, brokerName: name, brokerId: Number(id), addr, version: rt.brokerVersionDesc ?? null, putTps: rt.putTps ?? null, getTps: rt.getTransferedTps ?? null });
        }
      }
    }
    return { table: rows, json };
  });
}

export async function adminTopicList(o: AdminGlobalOptions): Promise<void> {
  await withAdmin(o, async (admin) => {
    const topics = await admin.getAllTopicList();
    return { text: topics.join('\n'), json: topics };
  });
}

export async function adminTopicRoute(o: AdminGlobalOptions & { topic: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const route = await admin.getTopicRoute(o.topic);
    return { text: JSON.stringify(route, null, 2), json: route };
  });
}

export async function adminUpdateTopic(
  o: AdminGlobalOptions & { topic: string; cluster?: string; brokerAddr?: string; readQueueNums: number; writeQueueNums: number; perm: number; order?: boolean },
): Promise<void> {
  await withAdmin(o, async (admin) => {
    const cfg = { topic: o.topic, readQueueNums: o.readQueueNums, writeQueueNums: o.writeQueueNums, perm: o.perm, order: !!o.order };
    const brokers = await admin.createOrUpdateTopic(cfg, { clusterName: o.cluster, brokerAddr: o.brokerAddr });
    return {
      text: brokers.map((b) => `create topic to ${b.addr} success.`).join('\n') + `\n${JSON.stringify(cfg)}`,
      json: { ...cfg, brokers },
    };
  });
}

export async function adminDeleteTopic(o: AdminGlobalOptions & { topic: string; cluster?: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    await admin.deleteTopic(o.topic, o.cluster);
    return { text: `delete topic [${o.topic}] from cluster [${o.cluster ?? '*'}] success.`, json: { topic: o.topic, deleted: true } };
  });
}

export async function adminTopicStatus(o: AdminGlobalOptions & { topic: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const rows = await admin.examineTopicStats(o.topic);
    return {
      table: [['#Broker Name', '#QID', '#Min Offset', '#Max Offset', '#Last Updated'], ...rows.map((r) => [r.brokerName, String(r.queueId), String(r.minOffset), String(r.maxOffset), time(r.lastUpdateTimestamp)])],
      json: rows,
    };
  });
}

export async function adminTopicListWithConfig(o: AdminGlobalOptions): Promise<void> {
  await withAdmin(o, async (admin) => {
    const list = await admin.listTopicsWithConfig();
    const rows = [['#Topic', '#Broker', '#Read', '#Write', '#Perm', '#Order']];
    for (const t of list) {
      if (t.configs.length === 0) rows.push([t.topic, '-', '-', '-', '-', '-']);
      for (const c of t.configs) rows.push([t.topic, c.brokerName, String(c.config.readQueueNums), String(c.config.writeQueueNums), String(c.config.perm), String(c.config.order)]);
    }
    return { table: rows, json: list };
  });
}

export async function adminUpdateSubGroup(
  o: AdminGlobalOptions & { group: string; cluster?: string; brokerAddr?: string; retryMaxTimes?: number; retryQueueNums?: number; consumeEnable?: boolean; broadcast?: boolean; brokerId?: number },
): Promise<void> {
  await withAdmin(o, async (admin) => {
    const config = {
      groupName: o.group,
      consumeEnable: o.consumeEnable ?? true,
      consumeFromMinEnable: true,
      consumeBroadcastEnable: o.broadcast ?? true,
      retryQueueNums: o.retryQueueNums ?? 1,
      retryMaxTimes: o.retryMaxTimes ?? 16,
      brokerId: o.brokerId ?? 0,
      whichBrokerWhenConsumeSlowly: 1,
      notifyConsumerIdsChangedEnable: true,
    };
    const brokers = await admin.createOrUpdateSubscriptionGroup(config, { clusterName: o.cluster, brokerAddr: o.brokerAddr });
    return { text: brokers.map((b) => `create subscription group to ${b.addr} success.`).join('\n') + `\n${JSON.stringify(config)}`, json: { ...config, brokers } };
  });
}

export async function adminDeleteSubGroup(o: AdminGlobalOptions & { group: string; cluster?: string; brokerAddr?: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    await admin.deleteSubscriptionGroup(o.group, { clusterName: o.cluster, brokerAddr: o.brokerAddr });
    return { text: `delete subscription group [${o.group}] success.`, json: { group: o.group, deleted: true } };
  });
}

export async function adminConsumerProgress(o: AdminGlobalOptions & { group?: string; topic?: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    if (!o.group) {
      const groups = await admin.listGroups();
      const rows = [['#Group', '#Count', '#Model', '#TPS', '#Diff Total']];
      const json: unknown[] = [];
      for (const g of groups) {
        const [stats, conn] = await Promise.all([admin.examineConsumeStats(g.group).catch(() => null), admin.examineConsumerConnection(g.group).catch(() => null)]);
        rows.push([g.group, String(conn?.connections.length ?? 0), conn?.messageModel || '-', (stats?.consumeTps ?? 0).toFixed(1), String(stats?.totalDiff ?? '-')]);
        json.push({ group: g.group, clients: conn?.connections.length ?? 0, messageModel: conn?.messageModel ?? null, consumeTps: stats?.consumeTps ?? null, diffTotal: stats?.totalDiff ?? null });
      }
      return { table: rows, json };
    }
    const s = await admin.examineConsumeStats(o.group, o.topic);
    const rows = [
      ['#Topic', '#Broker Name', '#QID', '#Broker Offset', '#Consumer Offset', '#Diff', '#LastTime'],
      ...s.queues.map((q) => [q.topic, q.brokerName, String(q.queueId), String(q.brokerOffset), String(q.consumerOffset), String(q.lag), time(q.lastTimestamp)]),
      [],
      ['Consume TPS:', s.consumeTps.toFixed(2)],
      ['Diff Total:', String(s.totalDiff)],
    ];
    return { table: rows, json: s };
  });
}

export async function adminConsumerConnection(o: AdminGlobalOptions & { group: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const c = await admin.examineConsumerConnection(o.group);
    if (!c) throw new Error(`the consumer group ${o.group} is not online`);
    const rows = [
      ['#', '#ClientId', '#ClientAddr', '#Language', '#Version'],
      ...c.connections.map((x, i) => [String(i + 1), x.clientId, x.clientAddr, x.language, String(x.version)]),
      [],
      ['#Topic', '#SubExpression'],
      ...c.subscriptions.map((s) => [s.topic, s.expression]),
      [],
      ['ConsumeType:', c.consumeType],
      ['MessageModel:', c.messageModel],
      ['ConsumeFromWhere:', c.consumeFromWhere],
    ];
    return { table: rows, json: c };
  });
}

export async function adminProducerConnection(o: AdminGlobalOptions & { group: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const c = await admin.examineProducerConnection(o.group);
    return { table: [['#', '#ClientId', '#ClientAddr', '#Language', '#Version'], ...c.map((x, i) => [String(i + 1), x.clientId, x.clientAddr, x.language, String(x.version)])], json: c };
  });
}

export async function adminResetOffsetByTime(o: AdminGlobalOptions & { group: string; topic: string; timestamp: string; force?: boolean }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const ts = o.timestamp === 'max' ? -1 : parseTimestamp(o.timestamp);
    const r = await admin.resetOffsetByTime(o.group, o.topic, ts, o.force ?? true);
    return {
      table: [['#Broker Name', '#Queue Id', '#New Offset'], ...r.offsets.map((x) => [x.brokerName, String(x.queueId), String(x.offset)]), [], [`method: ${r.method}`]],
      json: r,
    };
  });
}

function messageRows(list: { msgId: string; offsetMsgId: string; queueId: number; queueOffset: number; storeTimestamp: number; keys?: string; tags?: string }[]): string[][] {
  return [['#Message ID', '#Offset ID', '#QID', '#Offset', '#Store Time', '#Keys', '#Tags'], ...list.map((m) => [m.msgId, m.offsetMsgId, String(m.queueId), String(m.queueOffset), time(m.storeTimestamp), m.keys ?? '', m.tags ?? ''])];
}

function messageJson<T extends { body: Buffer }>(m: T) {
  return { ...m, body: m.body.toString('utf8') };
}

export async function adminQueryMsgByKey(o: AdminGlobalOptions & { topic: string; key: string; begin?: string; end?: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const list = await admin.queryMessageByKey(o.topic, o.key, {
      beginTimestamp: o.begin ? parseTimestamp(o.begin) : undefined,
      endTimestamp: o.end ? parseTimestamp(o.end) : undefined,
    });
    return { table: messageRows(list), json: list.map(messageJson) };
  });
}

export async function adminQueryMsgById(o: AdminGlobalOptions & { id: string; topic?: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const m = await admin.viewMessage(o.id, o.topic);
    if (!m) throw new Error(`no message ${o.id}${o.topic ? ` in ${o.topic}` : ' (give -t TOPIC for a unique id)'}`);
    const rows = [
      ['Topic:', m.topic],
      ['Tags:', m.tags ?? ''],
      ['Keys:', m.keys ?? ''],
      ['Queue ID:', String(m.queueId)],
      ['Queue Offset:', String(m.queueOffset)],
      ['CommitLog Offset:', String(m.commitLogOffset)],
      ['Reconsume Times:', String(m.reconsumeTimes)],
      ['Born Timestamp:', time(m.bornTimestamp)],
      ['Store Timestamp:', time(m.storeTimestamp)],
      ['Born Host:', m.bornHost],
      ['Store Host:', m.storeHost],
      ['Message ID:', m.msgId],
      ['Offset ID:', m.offsetMsgId],
      ['Properties:', JSON.stringify(m.properties)],
      ['Body:', m.body.toString('utf8')],
    ];
    return { table: rows, json: messageJson(m) };
  });
}

export async function adminSendMessage(o: AdminGlobalOptions & { topic: string; body: string; tags?: string; keys?: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const r = await admin.sendMessage({ topic: o.topic, body: o.body, tags: o.tags, keys: o.keys });
    return { table: [['#Broker Name', '#QID', '#Queue Offset', '#Message ID', '#Offset ID'], [r.brokerName, String(r.queueId), String(r.queueOffset), r.msgId, r.offsetMsgId]], json: r };
  });
}

export async function adminBrokerStatus(o: AdminGlobalOptions & { brokerAddr?: string; cluster?: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    let addrs: string[];
    if (o.brokerAddr) addrs = [o.brokerAddr];
    else {
      const info = await admin.getBrokerClusterInfo();
      const names = o.cluster ? (info.clusterAddrTable[o.cluster] ?? []) : Object.keys(info.brokerAddrTable);
      addrs = names.flatMap((n) => Object.values(info.brokerAddrTable[n]?.brokerAddrs ?? {}));
    }
    const json: Record<string, Record<string, string>> = {};
    const rows: string[][] = [];
    for (const addr of addrs) {
      const t = await admin.getBrokerRuntimeInfo(addr);
      json[addr] = t;
      for (const k of Object.keys(t).sort()) rows.push(addrs.length > 1 ? [addr, k, t[k]] : [k, t[k]]);
    }
    return { table: rows, json: o.brokerAddr ? json[o.brokerAddr] : json };
  });
}

export async function adminGetBrokerConfig(o: AdminGlobalOptions & { brokerAddr: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const c = await admin.getBrokerConfig(o.brokerAddr);
    return { table: Object.keys(c).sort().map((k) => [k, '=', c[k]]), json: c };
  });
}
