/**
 * Test support for HA integration tests: a name server on an ephemeral loopback port, brokers started against it
 * in a temporary directory, a remoting client for the calls in broker/testing/remoting-calls, and the wait for a
 * slave to catch up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../common/logger';
import { NamesrvController } from '../../namesrv/namesrv-controller';
import { defaultNamesrvConfig, parseNamesrvConfig } from '../../namesrv/namesrv-config';
import { RemotingClient } from '../../remoting/remoting-client';
import { BrokerController } from '../../broker/broker-controller';
import { parseBrokerConfig } from '../../broker/broker-config';
import { waitFor } from '../../broker/testing/remoting-calls';

type Conf = Record<string, string | number>;

export class HaTestCluster {
  readonly brokers: BrokerController[] = [];

  private constructor(
    readonly dir: string,
    readonly ns: NamesrvController,
    readonly client: RemotingClient,
    private readonly log: Logger,
    /** broker.conf keys every broker of this cluster gets (a call's own keys win). */
    private readonly base: Conf,
  ) {}

  static async start(log: Logger, base: Conf): Promise<HaTestCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-ha-'));
    const ns = new NamesrvController(parseNamesrvConfig({ ...defaultNamesrvConfig(), host: '127.0.0.1', listenPort: 0, kvConfigPath: path.join(dir, 'kv.json') }), log);
    await ns.start();
    return new HaTestCluster(dir, ns, new RemotingClient(log), log, base);
  }

  /** A broker whose store lives in `<dir>/<name>` (the same name again reopens that store). */
  async startBroker(name: string, role: string, extra: Conf = {}): Promise<BrokerController> {
    const conf = parseBrokerConfig({
      brokerId: role === 'SLAVE' ? 1 : 0,
      brokerRole: role,
      namesrvAddr: this.ns.address,
      listenPort: 0,
      storePathRootDir: path.join(this.dir, name),
      ...this.base,
      ...extra,
    });
    const b = new BrokerController(conf, { log: this.log });
    await b.start();
    this.brokers.push(b);
    return b;
  }

  async stopBroker(b: BrokerController): Promise<void> {
    await b.shutdown();
    this.brokers.splice(this.brokers.indexOf(b), 1);
  }

  async shutdown(): Promise<void> {
    await this.client.shutdown();
    for (const b of [...this.brokers].reverse()) await b.shutdown();
    this.brokers.length = 0;
    await this.ns.shutdown();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function caughtUp(master: BrokerController, slave: BrokerController, ms?: number): Promise<void> {
  await waitFor('the slave to catch up', () => slave.store.getMaxPhyOffset() === master.store.getMaxPhyOffset() && master.store.getMaxPhyOffset() > 0, ms);
}
