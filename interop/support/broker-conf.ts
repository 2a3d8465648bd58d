/** broker.conf text for the loopback clusters that tests and benches start (one file serves Orbit and Apache). */
import path from 'node:path';
import { LOOPBACK } from './ports';

/** Java .properties text. */
export function confText(entries: Record<string, string | number>): string {
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

export interface LoopbackBrokerConf {
  clusterName: string;
  brokerName: string;
  namesrvAddr: string;
  brokerPort: number;
  store: string;
  flush: 'SYNC_FLUSH' | 'ASYNC_FLUSH';
}

/** The keys every loopback master shares; callers add segment sizes and their own settings. */
export function loopbackBrokerConf(c: LoopbackBrokerConf): Record<string, string | number> {
  return {
    brokerClusterName: c.clusterName,
    brokerName: c.brokerName,
    brokerId: 0,
    brokerRole: 'ASYNC_MASTER',
    namesrvAddr: c.namesrvAddr,
    brokerIP1: LOOPBACK,
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
