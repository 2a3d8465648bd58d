/**
 * The in-process cluster behind `orbit console --embedded` (the `npm start` default): a NameServer, a Broker
 * and the gRPC proxy (RocketMQ 5.x clients) started side by side. The console itself still reaches them over
 * the wire, like any remote cluster.
 */
import path from 'node:path';
import { startNamesrv } from './namesrv-command';
import { startBroker } from './broker-command';
import { startProxy } from './proxy-command';
import type { ProxyServer } from '../proxy/proxy-server';

export interface EmbeddedClusterOptions {
  namesrvPort: number;
  brokerPort: number;
  /** gRPC proxy port (8081 by default; 0 picks a free one); undefined: no proxy. */
  proxyPort?: number;
  storeDir: string;
  host: string;
}

export interface EmbeddedCluster {
  namesrvAddr: string;
  brokerAddr?: string;
  proxyAddr?: string;
  stop(): Promise<void>;
}

export async function startEmbeddedCluster(opts: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const ns = await startNamesrv({ host: opts.host, port: opts.namesrvPort, dataDir: path.join(path.dirname(opts.storeDir), 'namesrv') });
  let broker;
  try {
    broker = await startBroker({
      namesrv: ns.address,
      host: opts.host,
      port: opts.brokerPort,
      store: opts.storeDir,
      name: 'broker-a',
      cluster: 'DefaultCluster',
      // The cluster a new user clicks through serves every feature, SQL92 subscriptions included (a dev cluster).
      // Message trace too: the trace topic exists from the start, so traced clients' records land and the console shows them.
      defaults: { enablePropertyFilter: 'true', traceTopicEnable: 'true' },
    });
  } catch (err) {
    await ns.shutdown();
    throw err;
  }
  let proxy: ProxyServer | undefined;
  if (opts.proxyPort !== undefined) {
    try {
      proxy = await startProxy({ namesrv: ns.address, host: opts.host, port: opts.proxyPort });
    } catch (err) {
      await broker.shutdown();
      await ns.shutdown();
      throw err;
    }
  }
  return {
    namesrvAddr: ns.address,
    brokerAddr: broker.address,
    proxyAddr: proxy?.address,
    stop: async () => {
      await proxy?.stop();
      await broker.shutdown();
      await ns.shutdown();
    },
  };
}
