/**
 * Test support: an in-process NameServer and Broker on ephemeral loopback ports with the gRPC proxy in front of
 * them, and an admin client; `stop()` stops all of it and removes the store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBroker } from '../../cli/broker-command';
import { startNamesrv } from '../../cli/namesrv-command';
import { AdminClient } from '../../client/admin';
import { findFreeBrokerPort, findFreePort, LOOPBACK } from '../../../interop/support/ports';
import { parseProxyConfig, type ProxyConfig } from '../proxy-config';
import { ProxyServer } from '../proxy-server';

export interface ProxyCluster {
  namesrvAddr: string;
  proxy: ProxyServer;
  admin: AdminClient;
  /** Creates a 4-queue topic, typed with a `message.type` attribute when given. */
  createTopic(topic: string, type?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startProxyCluster(opts: { brokerConf?: Record<string, string>; proxy?: Partial<ProxyConfig> } = {}): Promise<ProxyCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-proxy-'));
  const ns = await startNamesrv({ host: LOOPBACK, port: await findFreePort(), dataDir: path.join(dir, 'namesrv') });
  const cleanups: (() => Promise<void>)[] = [() => ns.shutdown()];
  const stop = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const broker = await startBroker({
      namesrv: ns.address,
      host: LOOPBACK,
      port: await findFreeBrokerPort(),
      store: path.join(dir, 'store'),
      name: 'broker-a',
      cluster: 'ProxyCluster',
      defaults: opts.brokerConf,
    });
    cleanups.push(() => broker.shutdown());
    const proxy = await ProxyServer.start(parseProxyConfig({ namesrvAddr: ns.address, host: LOOPBACK, grpcServerPort: 0, metadataCacheMs: 0, ...opts.proxy }));
    cleanups.push(() => proxy.stop());
    const admin = new AdminClient({ namesrvAddr: ns.address });
    cleanups.push(() => admin.shutdown());
    return {
      namesrvAddr: ns.address,
      proxy,
      admin,
      createTopic: async (topic, type) => {
        await admin.createOrUpdateTopic({ topic, readQueueNums: 4, writeQueueNums: 4, perm: 6, ...(type ? { attributes: `+message.type=${type}` } : {}) });
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
