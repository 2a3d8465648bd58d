/**
 * `orbit admin …`: mqadmin-style commands over the admin client. Tables by default (aligned columns),
 * `--json` for machine output. Names follow mqadmin where one exists (updateTopic, consumerProgress, …).
 */
import { AdminClient } from '../client/admin/admin-client';
import { firstRate } from '../client/admin/broker-admin';
import { readBroker, replicaGroupsFrom, type BrokerReading } from '../client/admin/replication-admin';
import type { ClusterInfo, FailoverStateBody } from '../client/admin/types';
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

/** Apache's `%9.2f(%s,%sms)` rate-with-load cell, without the padding (the table aligns columns). */
function rateWithLoad(rate: string | undefined, queueSize: string | undefined, headWaitMs: string | undefined): string {
  return `${firstRate(rate).toFixed(2)}(${queueSize ?? ''},${headWaitMs ?? ''}ms)`;
}

const diff = (a: string | undefined, b: string | undefined): number => {
  const n = Number(a) - Number(b);
  return Number.isFinite(n) ? n : 0;
};

/**
 * `clusterList` rows: mqadmin's columns (ClusterListSubCommand) for every broker, slaves included, then Orbit's
 * replication columns (#Role, #HA, #Behind) after them so scripts that cut mqadmin's columns still work.
 * `more` gives mqadmin's `-m` table (yesterday's and today's in/out totals).
 */
export function clusterListRows(info: ClusterInfo, readings: ReadonlyMap<string, BrokerReading>, opts: { more?: boolean; now?: number } = {}): { table: string[][]; json: unknown[] } {
  const now = opts.now ?? Date.now();
  const ha = new Map(replicaGroupsFrom(info, readings).flatMap((g) => g.replicas.map((r) => [r.addr, r] as const)));
  const table = opts.more
    ? [['#Cluster Name', '#Broker Name', '#InTotalYest', '#OutTotalYest', '#InTotalToday', '#OutTotalToday']]
    : [['#Cluster Name', '#Broker Name', '#BID', '#Addr', '#Version', '#InTPS(LOAD)', '#OutTPS(LOAD)', '#PCWait(ms)', '#Hour', '#SPACE', '#Role', '#HA', '#Behind']];
  const json: unknown[] = [];
  for (const cluster of Object.keys(info.clusterAddrTable).sort()) {
    for (const name of [...info.clusterAddrTable[cluster]].sort()) {
      const addrs = Object.entries(info.brokerAddrTable[name]?.brokerAddrs ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]));
      for (const [id, addr] of addrs) {
        const reading = readings.get(addr);
        const t: Record<string, string> = reading && 'runtime' in reading ? reading.runtime : {};
        const r = ha.get(addr);
        const totals = {
          inTotalYest: diff(t.msgPutTotalTodayMorning, t.msgPutTotalYesterdayMorning),
          outTotalYest: diff(t.msgGetTotalTodayMorning, t.msgGetTotalYesterdayMorning),
          inTotalToday: diff(t.msgPutTotalTodayNow, t.msgPutTotalTodayMorning),
          outTotalToday: diff(t.msgGetTotalTodayNow, t.msgGetTotalTodayMorning),
        };
        const earliest = Number(t.earliestMessageTimeStamp);
        const hour = t.earliestMessageTimeStamp && Number.isFinite(earliest) ? (now - earliest) / 3_600_000 : 0;
        const space = t.commitLogDiskRatio ? Number(t.commitLogDiskRatio) : 0;
        const haCell =
          r === undefined || !r.reachable
            ? '-'
            : r.brokerId === 0
              ? r.haSlaveCount === null
                ? '-'
                : `${r.haSlaveCount} connected`
              : r.haConnected === null
                ? '-'
                : r.haConnected
                  ? 'connected'
                  : 'disconnected';
        if (opts.more) table.push([cluster, name, ...Object.values(totals).map(String)]);
        else
          table.push([
            cluster,
            name,
            id,
            addr,
            t.brokerVersionDesc ?? '',
            rateWithLoad(t.putTps, t.sendThreadPoolQueueSize, t.sendThreadPoolQueueHeadWaitTimeMills),
            rateWithLoad(t.getTransferedTps, t.pullThreadPoolQueueSize, t.pullThreadPoolQueueHeadWaitTimeMills),
            t.pageCacheLockTimeMills ?? '',
            hour.toFixed(2),
            (Number.isFinite(space) ? space : 0).toFixed(4),
            r?.role ?? '-',
            haCell,
            r?.behindBytes == null ? '-' : String(r.behindBytes),
          ]);
        json.push({
          cluster,
          brokerName: name,
          brokerId: Number(id),
          addr,
          version: t.brokerVersionDesc ?? null,
          putTps: t.putTps ?? null,
          getTps: t.getTransferedTps ?? null,
          ...totals,
          role: r?.role ?? null,
          reachable: r?.reachable ?? false,
          ...(reading && 'error' in reading ? { error: reading.error } : {}),
          commitLogMaxOffset: r?.commitLogMaxOffset ?? null,
          haSlaveCount: r?.haSlaveCount ?? null,
          haConnected: r?.haConnected ?? null,
          behindBytes: r?.behindBytes ?? null,
        });
      }
    }
  }
  return { table, json };
}

export async function adminClusterList(o: AdminGlobalOptions & { more?: boolean }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const info = await admin.getBrokerClusterInfo();
    const addrs = [...new Set(Object.values(info.brokerAddrTable).flatMap((b) => Object.values(b.brokerAddrs)))];
    const readings = new Map(await Promise.all(addrs.map(async (a) => [a, await readBroker(admin, a)] as const)));
    return clusterListRows(info, readings, { more: o.more });
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

/** mqadmin's brokerStatus lines: `%-32s: %s` per key (sorted), with `%-24s ` and the address first for several brokers. */
export function brokerStatusText(tables: [addr: string, table: Record<string, string>][], withAddr: boolean): string {
  const lines: string[] = [];
  for (const [addr, t] of tables) {
    for (const k of Object.keys(t).sort()) lines.push(`${withAddr ? `${addr.padEnd(24)} ` : ''}${k.padEnd(32)}: ${t[k]}`);
  }
  return lines.join('\n');
}

export async function adminBrokerStatus(o: AdminGlobalOptions & { brokerAddr?: string; cluster?: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    let addrs: string[];
    if (o.brokerAddr) addrs = [o.brokerAddr];
    else {
      // As mqadmin's -c: masters and slaves of the cluster (here every cluster without -c), by name and id.
      const info = await admin.getBrokerClusterInfo();
      if (o.cluster && !info.clusterAddrTable[o.cluster]) throw new Error(`no cluster "${o.cluster}"`);
      const names = o.cluster ? [...info.clusterAddrTable[o.cluster]].sort() : Object.keys(info.brokerAddrTable).sort();
      addrs = names.flatMap((n) =>
        Object.entries(info.brokerAddrTable[n]?.brokerAddrs ?? {})
          .sort((a, b) => Number(a[0]) - Number(b[0]))
          .map(([, addr]) => addr),
      );
    }
    const json: Record<string, Record<string, string>> = {};
    const tables: [string, Record<string, string>][] = [];
    for (const addr of addrs) {
      try {
        const t = await admin.getBrokerRuntimeInfo(addr);
        json[addr] = t;
        tables.push([addr, t]);
      } catch (err) {
        // One broker down must not hide the others (mqadmin prints the stack trace and goes on).
        if (o.brokerAddr) throw err;
        process.stderr.write(`orbit admin: ${addr}: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    }
    return { text: brokerStatusText(tables, !o.brokerAddr), json: o.brokerAddr ? json[o.brokerAddr] : json };
  });
}

/** `failoverState` rows: one per broker group under the controller, then its elections (oldest first, as stored). */
export function failoverStateRows(namesrvAddr: string, state: FailoverStateBody | null): { table?: string[][]; text?: string } {
  if (state === null) return { text: `automatic failover not enabled: ${namesrvAddr} has no failover controller` };
  if (state.groups.length === 0) return { text: `automatic failover not enabled: the failover controller of ${namesrvAddr} watches no broker group` };
  const rows: string[][] = [['#Cluster Name', '#Broker Name', '#Epoch', '#Master', '#Role', '#SyncStateSet', '#Replicas (alive)']];
  for (const g of state.groups) {
    const alive = g.replicas.filter((r) => r.alive).length;
    rows.push([g.clusterName, g.brokerName, String(g.epoch), g.masterAddr ?? '-', g.masterRole ?? '-', g.syncStateSet.join(',') || '-', `${g.replicas.length} (${alive})`]);
  }
  const events = state.groups.flatMap((g) => g.history.map((e) => ({ g, e })));
  if (events.length) {
    rows.push([], ['#Broker Name', '#Epoch', '#Time', '#New Master', '#Old Master', '#Elected Offset', '#Reason']);
    for (const { g, e } of events) rows.push([g.brokerName, String(e.epoch), time(e.timeMs), e.newMasterAddr, e.oldMasterAddr ?? '-', String(e.electedOffset), e.reason]);
  }
  return { table: rows };
}

export async function adminFailoverState(o: AdminGlobalOptions): Promise<void> {
  await withAdmin(o, async (admin) => {
    // The first name server of the list: each holds its own view, and a majority of them agreed on every epoch.
    const addr = admin.namesrvAddrs[0];
    const state = await admin.getFailoverState(addr);
    return { ...failoverStateRows(addr, state), json: state };
  });
}

export async function adminGetBrokerConfig(o: AdminGlobalOptions & { brokerAddr: string }): Promise<void> {
  await withAdmin(o, async (admin) => {
    const c = await admin.getBrokerConfig(o.brokerAddr);
    return { table: Object.keys(c).sort().map((k) => [k, '=', c[k]]), json: c };
  });
}
