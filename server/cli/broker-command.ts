/**
 * `orbit broker`: broker.conf (RocketMQ's keys) first, command-line flags over it, then start and print
 * the ready line once the broker has registered with every name server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../common/errors';
import { BrokerController } from '../broker/broker-controller';
import { parseBrokerConfig, parsePropertiesText, type BrokerConfig } from '../broker/broker-config';
import { runUntilSignal } from './run-server';

export interface BrokerCommandOptions {
  namesrv?: string;
  host?: string;
  port?: number;
  store?: string;
  name?: string;
  cluster?: string;
  flush?: 'sync' | 'async';
  config?: string;
  /** broker.conf keys set in code (the embedded cluster's defaults); the file and flags override them. */
  defaults?: Record<string, string>;
}

export function brokerConfigFromOptions(o: BrokerCommandOptions): BrokerConfig {
  let fromFile: Record<string, string> = {};
  if (o.config) {
    let text: string;
    try {
      text = fs.readFileSync(o.config, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read broker config file ${o.config}: ${(err as Error).message}`);
    }
    fromFile = parsePropertiesText(text);
  }
  const flags: Record<string, unknown> = {
    namesrvAddr: o.namesrv,
    brokerIP1: o.host,
    listenHost: o.host,
    listenPort: o.port,
    storePathRootDir: o.store ? path.resolve(o.store) : undefined,
    brokerName: o.name,
    brokerClusterName: o.cluster,
    flushDiskType: o.flush ? (o.flush === 'sync' ? 'SYNC_FLUSH' : 'ASYNC_FLUSH') : undefined,
  };
  // RocketMQ's env/flag fallbacks: NAMESRV_ADDR when neither the file nor a flag names one.
  if (!flags.namesrvAddr && !fromFile.namesrvAddr && process.env.NAMESRV_ADDR) flags.namesrvAddr = process.env.NAMESRV_ADDR;
  const merged: Record<string, unknown> = { ...o.defaults, ...fromFile };
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) merged[k] = v;
  // A broker.conf names the address it advertises (brokerIP1) but Orbit binds loopback unless told.
  if (merged.listenHost === undefined && o.host === undefined) merged.listenHost = '127.0.0.1';
  return parseBrokerConfig(merged);
}

export async function startBroker(o: BrokerCommandOptions): Promise<BrokerController> {
  const config = brokerConfigFromOptions(o);
  const ctl = new BrokerController(config);
  await ctl.start();
  return ctl;
}

export async function runBrokerCommand(o: BrokerCommandOptions): Promise<void> {
  await runUntilSignal('broker', async () => {
    const ctl = await startBroker(o);
    const ns = ctl.config.namesrvAddr || 'none';
    process.stdout.write(`orbit broker ${ctl.config.brokerName} boot success, name server ${ns}, listening on ${ctl.address}\n`);
    return { stop: () => ctl.shutdown() };
  });
}
