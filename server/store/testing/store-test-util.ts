/** Shared helpers for the store's tests, the kill-test child, the fixture generator and the bench. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NAME_VALUE_SEPARATOR, PROPERTY_SEPARATOR } from '../../common/message/message-const';
import { tagsCode } from '../../common/message/tag-hash';
import { DefaultMessageStore, type OrbitStoreConfig } from '../default-message-store';
import { DEFAULT_STORE_CONFIG, type MessageExtBrokerInner } from '../message-store';

export function tempDir(prefix = 'orbit-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function smallConfig(root: string, over: Partial<OrbitStoreConfig> = {}): OrbitStoreConfig {
  return {
    ...DEFAULT_STORE_CONFIG,
    storePathRootDir: root,
    mappedFileSizeCommitLog: 64 * 1024,
    mappedFileSizeConsumeQueue: 20 * 100,
    flushDiskType: 'SYNC_FLUSH',
    maxMessageSize: 32 * 1024,
    maxHashSlotNum: 1024,
    maxIndexNum: 4096,
    // Background work would race the assertions; tests call it explicitly.
    flushIntervalConsumeQueue: 3_600_000,
    cleanResourceInterval: 3_600_000,
    diskUsageRatio: () => 10,
    ...over,
  };
}

export async function openStore(root: string, over: Partial<OrbitStoreConfig> = {}): Promise<DefaultMessageStore> {
  const s = new DefaultMessageStore(smallConfig(root, over));
  await s.start();
  return s;
}

export interface MsgOptions {
  topic?: string;
  queueId?: number;
  body?: Buffer | string;
  tags?: string;
  keys?: string[];
  uniqKey?: string;
  sysFlag?: number;
  extraProps?: Record<string, string>;
  bornTimestamp?: number;
}

export function makeMsg(o: MsgOptions = {}): MessageExtBrokerInner {
  const props: Record<string, string> = { ...(o.extraProps ?? {}) };
  if (o.tags) props.TAGS = o.tags;
  if (o.keys?.length) props.KEYS = o.keys.join(' ');
  if (o.uniqKey) props.UNIQ_KEY = o.uniqKey;
  const propertiesString = Object.entries(props)
    .map(([k, v]) => `${k}${NAME_VALUE_SEPARATOR}${v}`)
    .join(PROPERTY_SEPARATOR);
  return {
    topic: o.topic ?? 'TopicTest',
    queueId: o.queueId ?? 0,
    flag: 0,
    body: typeof o.body === 'string' ? Buffer.from(o.body) : (o.body ?? Buffer.from('hello')),
    propertiesString,
    tagsCode: tagsCode(o.tags),
    keys: o.keys,
    uniqKey: o.uniqKey,
    sysFlag: o.sysFlag ?? 0,
    bornTimestamp: o.bornTimestamp ?? 1_700_000_000_000,
    bornHost: { ip: Buffer.from([10, 0, 0, 2]), port: 51234 },
    storeHost: { ip: Buffer.from([10, 0, 0, 1]), port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}
