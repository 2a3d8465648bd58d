/** `getBrokerRuntime`: version, TPS, disk use and today's totals of every broker instance. */
import type { BrokerRuntimeDto, BrokerRuntimeListDto } from '../../lib/dto/admin';
import { firstRate } from '../client/admin/broker-admin';
import { admin, reason } from './cluster-admin';
import { flattenClusterInfo } from './cluster-overview';

function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A runtime-info table → the figures the cluster page shows. */
export function runtimeFigures(t: Record<string, string>): Pick<BrokerRuntimeDto, 'version' | 'putTps' | 'getTps' | 'commitLogDiskRatio' | 'msgPutTotalToday' | 'msgGetTotalToday' | 'runtime'> {
  const put = num(t.msgPutTotalTodayNow);
  const putMorning = num(t.msgPutTotalTodayMorning);
  const get = num(t.msgGetTotalTodayNow);
  const getMorning = num(t.msgGetTotalTodayMorning);
  return {
    version: t.brokerVersionDesc ?? null,
    putTps: t.putTps !== undefined ? firstRate(t.putTps) : null,
    getTps: t.getTransferedTps !== undefined ? firstRate(t.getTransferedTps) : t.getFoundTps !== undefined ? firstRate(t.getFoundTps) : null,
    commitLogDiskRatio: num(t.commitLogDiskRatio),
    msgPutTotalToday: put === null ? null : put - (putMorning ?? 0),
    msgGetTotalToday: get === null ? null : get - (getMorning ?? 0),
    runtime: t.runtime ?? null,
  };
}

export async function getBrokerRuntime(): Promise<BrokerRuntimeListDto> {
  const client = admin();
  const { brokers } = flattenClusterInfo(await client.getBrokerClusterInfo());
  const rows = await Promise.all(
    brokers.map(async (b): Promise<BrokerRuntimeDto> => {
      const base = { brokerName: b.brokerName, brokerId: b.brokerId, addr: b.addr, cluster: b.cluster };
      try {
        return { ...base, ok: true, ...runtimeFigures(await client.getBrokerRuntimeInfo(b.addr)) };
      } catch (err) {
        return {
          ...base,
          ok: false,
          error: reason(err),
          version: null,
          putTps: null,
          getTps: null,
          commitLogDiskRatio: null,
          msgPutTotalToday: null,
          msgGetTotalToday: null,
          runtime: null,
        };
      }
    }),
  );
  return {
    brokers: rows,
    totalPutTps: rows.reduce((n, r) => n + (r.putTps ?? 0), 0),
    totalGetTps: rows.reduce((n, r) => n + (r.getTps ?? 0), 0),
    fetchedAt: new Date().toISOString(),
  };
}
