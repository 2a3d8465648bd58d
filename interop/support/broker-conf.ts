/** broker.conf text for the loopback clusters that tests and benches start (one file serves Orbit and Apache). */
import path from 'node:path';
import { LOOPBACK } from './ports';

/** Java .properties text. */
export function confText(entries: BrokerConfEntries): string {
  return (
    Object.entries(entries)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  );
}

/** A regular expression matching `text` literally (addresses in ready lines). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type BrokerConfEntries = Record<string, string | number>;

export type BrokerRole = 'ASYNC_MASTER' | 'SYNC_MASTER' | 'SLAVE';

export interface LoopbackBrokerConf {
  clusterName: string;
  brokerName: string;
  namesrvAddr: string;
  brokerPort: number;
  store: string;
  flush: 'SYNC_FLUSH' | 'ASYNC_FLUSH';
  /** Default ASYNC_MASTER. A SLAVE gets brokerId 1 (Apache exits on a slave with brokerId 0). */
  role?: BrokerRole;
}

/**
 * Keys that keep Apache 4.9.7 from turning sends into "broker busy" rejections on a loaded 2-core machine
 * (Orbit keeps them as unknown keys and ignores them).
 */
export const APACHE_LOADED_MACHINE_CONF: BrokerConfEntries = { waitTimeMillsInSendQueue: 3000, osPageCacheBusyTimeOutMills: 5000 };

/** The keys every loopback broker shares; callers add segment sizes and their own settings. */
export function loopbackBrokerConf(c: LoopbackBrokerConf): BrokerConfEntries {
  const role = c.role ?? 'ASYNC_MASTER';
  return {
    brokerClusterName: c.clusterName,
    brokerName: c.brokerName,
    brokerId: role === 'SLAVE' ? 1 : 0,
    brokerRole: role,
    namesrvAddr: c.namesrvAddr,
    brokerIP1: LOOPBACK,
    // The HA address a broker registers (brokerIP2:haListenPort); Apache would detect a non-loopback one.
    brokerIP2: LOOPBACK,
    listenPort: c.brokerPort,
    // Apache 4.9.7 ignores this key and always listens for HA on listenPort+1 (findFreeBrokerPort checks it).
    haListenPort: c.brokerPort + 1,
    storePathRootDir: c.store,
    storePathCommitLog: path.join(c.store, 'commitlog'),
    flushDiskType: c.flush,
    autoCreateTopicEnable: 'true',
    autoCreateSubscriptionGroup: 'true',
  };
}
