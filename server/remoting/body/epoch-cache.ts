/**
 * GET_BROKER_EPOCH_CACHE (1007) answer body, RocketMQ 5.x's EpochEntryCache: the epochs a broker's log went through,
 * each with the commit-log offset it starts at (and ends at: the next one's start, or the log's end for the last).
 */
import { decodeJavaBody, encodeJavaBody, toSafeNumber } from '../fastjson';

export interface EpochEntry {
  epoch: number;
  startOffset: number;
  endOffset: number;
}

export interface EpochEntryCache {
  clusterName: string;
  brokerName: string;
  brokerId: number;
  epochList: EpochEntry[];
  maxOffset: number;
}

export function encodeEpochEntryCache(c: EpochEntryCache): Buffer {
  return encodeJavaBody(c);
}

export function decodeEpochEntryCache(buf: Buffer | undefined): EpochEntryCache {
  const o = decodeJavaBody(buf) ?? {};
  const list = Array.isArray(o.epochList) ? o.epochList : [];
  return {
    clusterName: String(o.clusterName ?? ''),
    brokerName: String(o.brokerName ?? ''),
    brokerId: toSafeNumber(o.brokerId ?? 0),
    epochList: list.map((e: any) => ({ epoch: toSafeNumber(e?.epoch ?? 0), startOffset: toSafeNumber(e?.startOffset ?? 0), endOffset: toSafeNumber(e?.endOffset ?? 0) })),
    maxOffset: toSafeNumber(o.maxOffset ?? 0),
  };
}
