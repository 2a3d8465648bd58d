/**
 * Test support for HA integration tests: a name server on an ephemeral loopback port, brokers started against it
 * in a temporary directory, a remoting client to send with, and the checks the HA tests share (wait for a
 * condition, the slave caught up, the whole log's bytes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../common/logger';
import { MessageConst } from '../../common/message/message-const';
import { encodeProperties } from '../../common/message/properties';
import { NamesrvController } from '../../namesrv/namesrv-controller';
import { defaultNamesrvConfig, parseNamesrvConfig } from '../../namesrv/namesrv-config';
import { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { decodeKVTable } from '../../remoting/body/route-data';
import { encodeSendMessageV2 } from '../../remoting/header/send-message';
import { BrokerController } from '../../broker/broker-controller';
import { parseBrokerConfig } from '../../broker/broker-config';

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

  /** SEND_MESSAGE_V2; WAIT_STORE_MSG_OK is true unless `props` says otherwise. */
  send(addr: string, topic: string, body: Buffer, props: Record<string, string> = {}, queueId = 0): Promise<RemotingCommand> {
    const ext = encodeSendMessageV2({
      producerGroup: 'PG_HA',
      topic,
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId,
      sysFlag: 0,
      bornTimestamp: Date.now(),
      flag: 0,
      properties: encodeProperties({ [MessageConst.WAIT_STORE_MSG_OK]: 'true', ...props }),
      reconsumeTimes: 0,
      unitMode: false,
      batch: false,
    });
    return this.client.invoke(addr, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, ext, body), 8000);
  }

  async runtime(addr: string): Promise<Record<string, string>> {
    const res = await this.client.invoke(addr, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), 3000);
    return decodeKVTable(res.body);
  }

  async shutdown(): Promise<void> {
    await this.client.shutdown();
    for (const b of [...this.brokers].reverse()) await b.shutdown();
    this.brokers.length = 0;
    await this.ns.shutdown();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function waitFor(what: string, fn: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function caughtUp(master: BrokerController, slave: BrokerController, ms?: number): Promise<void> {
  await waitFor('the slave to catch up', () => slave.store.getMaxPhyOffset() === master.store.getMaxPhyOffset() && master.store.getMaxPhyOffset() > 0, ms);
}

/** The whole log of a store as one buffer, read through the replication interface (memory chunks included). */
export async function logBytes(b: BrokerController): Promise<Buffer> {
  const r = b.store.replica!;
  const parts: Buffer[] = [];
  let at = r.minOffset();
  while (at < r.maxOffset()) {
    const chunk = await r.read(at, 1 << 20);
    if (!chunk || chunk.length === 0) break;
    parts.push(chunk);
    at += chunk.length;
  }
  return Buffer.concat(parts);
}
