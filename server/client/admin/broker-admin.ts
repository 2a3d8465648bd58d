/** Broker introspection: GET_BROKER_RUNTIME_INFO (28), GET_BROKER_CONFIG (26), VIEW_BROKER_STATS_DATA (315). */
import { decodeKVTable } from '../../remoting/body/route-data';
import { decodeJavaBody } from '../../remoting/fastjson';
import { ViewBrokerStatsDataRequestHeader } from '../../remoting/header/broker-config';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { expectSuccess, request, type AdminContext } from './admin-context';
import type { BrokerStatsData, StatsItem } from './types';

/** Stats names of BrokerStatsManager (keys: topic, `topic@group`, or the broker name). */
export const BrokerStatsName = {
  TOPIC_PUT_NUMS: 'TOPIC_PUT_NUMS',
  TOPIC_PUT_SIZE: 'TOPIC_PUT_SIZE',
  GROUP_GET_NUMS: 'GROUP_GET_NUMS',
  GROUP_GET_SIZE: 'GROUP_GET_SIZE',
  BROKER_PUT_NUMS: 'BROKER_PUT_NUMS',
  BROKER_GET_NUMS: 'BROKER_GET_NUMS',
} as const;

export async function getBrokerRuntimeInfo(ctx: AdminContext, addr: string): Promise<Record<string, string>> {
  return decodeKVTable(expectSuccess(await ctx.invoke(addr, request(RequestCode.GET_BROKER_RUNTIME_INFO))).body);
}

/** Java properties text → key/value (comments and blank lines skipped, `\` escapes undone). */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$/.exec(line);
    const unescape = (s: string) => s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    if (m) out[unescape(m[1])] = unescape(m[2]);
    else out[unescape(line)] = '';
  }
  return out;
}

export async function getBrokerConfig(ctx: AdminContext, addr: string): Promise<Record<string, string>> {
  const res = expectSuccess(await ctx.invoke(addr, request(RequestCode.GET_BROKER_CONFIG)));
  return parseProperties(res.body?.toString('utf8') ?? '');
}

function statsItem(o: any): StatsItem {
  return { sum: Number(o?.sum ?? 0), tps: Number(o?.tps ?? 0), avgpt: Number(o?.avgpt ?? 0) };
}

/** VIEW_BROKER_STATS_DATA (315); null when the broker has no such item yet (SYSTEM_ERROR). */
export async function viewBrokerStatsData(ctx: AdminContext, addr: string, statsName: string, statsKey: string): Promise<BrokerStatsData | null> {
  const res = await ctx.invoke(addr, request(RequestCode.VIEW_BROKER_STATS_DATA, ViewBrokerStatsDataRequestHeader.encode({ statsName, statsKey })));
  if (res.code === ResponseCode.SYSTEM_ERROR) return null;
  const o = decodeJavaBody(expectSuccess(res).body);
  return { statsMinute: statsItem(o.statsMinute), statsHour: statsItem(o.statsHour), statsDay: statsItem(o.statsDay) };
}

/** The first figure of a runtime-info rate (`"12.5 11.0 10.2"` = 10 s, 60 s, 600 s rates). */
export function firstRate(value: string | undefined): number {
  const n = Number((value ?? '').trim().split(/\s+/)[0]);
  return Number.isFinite(n) ? n : 0;
}
