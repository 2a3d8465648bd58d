/** `orbit proxy`: the RocketMQ 5.x gRPC endpoint in front of a cluster's name servers and brokers. */
import { parseProxyConfig } from '../proxy/proxy-config';
import { ProxyServer } from '../proxy/proxy-server';
import { runUntilSignal } from './run-server';

export interface ProxyCommandOptions {
  namesrv: string;
  host: string;
  port: number;
}

export function startProxy(o: ProxyCommandOptions): Promise<ProxyServer> {
  return ProxyServer.start(parseProxyConfig({ namesrvAddr: o.namesrv, host: o.host, grpcServerPort: o.port }));
}

export async function runProxyCommand(o: ProxyCommandOptions): Promise<void> {
  await runUntilSignal('proxy', async () => {
    const proxy = await startProxy(o);
    process.stdout.write(`proxy listening on ${proxy.address}\n`);
    return { stop: () => proxy.stop() };
  });
}
