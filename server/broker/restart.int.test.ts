/**
 * A broker restarted while a delayed message, a retry and an open transaction are pending loses none of
 * them; a message with its own delivery time arrives at that time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { MessageConst, MessageSysFlag } from '../common/message/message-const';
import { decodeMessages } from '../common/message/message-decoder';
import { encodeProperties } from '../common/message/properties';
import { NamesrvController } from '../namesrv/namesrv-controller';
import { defaultNamesrvConfig, parseNamesrvConfig } from '../namesrv/namesrv-config';
import { RemotingClient } from '../remoting/remoting-client';
import { RemotingCommand } from '../remoting/remoting-command';
import { RequestCode } from '../remoting/request-code';
import { ResponseCode } from '../remoting/response-code';
import { encodeSendMessageV2 } from '../remoting/header/send-message';
import { PullSysFlag } from '../remoting/header/pull-message';
import { encodeHeartbeatData } from '../remoting/body/heartbeat';
import { BrokerController } from './broker-controller';
import { parseBrokerConfig } from './broker-config';

const log = logger.child({ test: 'broker-restart' });
let dir: string;
let ns: NamesrvController;
let broker: BrokerController;
let client: RemotingClient;
let port = 0;

async function startBroker(): Promise<BrokerController> {
  const b = new BrokerController(
    parseBrokerConfig({
      brokerName: 'broker-rs',
      namesrvAddr: ns.address,
      listenPort: port,
      storePathRootDir: dir,
      mappedFileSizeCommitLog: 1024 * 1024,
      mappedFileSizeConsumeQueue: 20 * 1000,
      flushDiskType: 'SYNC_FLUSH',
      messageDelayLevel: '1s 2s 4s',
      transactionCheckInterval: 1000,
      transactionTimeOut: 500,
    }),
    { log },
  );
  await b.start();
  port = b.port;
  return b;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-broker-rs-'));
  ns = new NamesrvController(parseNamesrvConfig({ ...defaultNamesrvConfig(), host: '127.0.0.1', listenPort: 0, kvConfigPath: path.join(dir, 'kv.json') }), log);
  await ns.start();
  broker = await startBroker();
  client = new RemotingClient(log);
});

afterAll(async () => {
  await client?.shutdown();
  await broker?.shutdown();
  await ns?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

function send(c: RemotingClient, topic: string, body: string, props: Record<string, string>, sysFlag = 0, group = 'PG_RS') {
  const ext = encodeSendMessageV2({
    producerGroup: group,
    topic,
    defaultTopic: 'TBW102',
    defaultTopicQueueNums: 1,
    queueId: 0,
    sysFlag,
    bornTimestamp: Date.now(),
    flag: 0,
    properties: encodeProperties(props),
    reconsumeTimes: 0,
    unitMode: false,
    batch: false,
  });
  return c.invoke(broker.address, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, ext, Buffer.from(body)), 5000);
}

async function waitFor(topic: string, offset: number, ms: number): Promise<string[]> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const res = await client.invoke(
      broker.address,
      RemotingCommand.request(RequestCode.PULL_MESSAGE, {
        consumerGroup: 'G_rs',
        topic,
        queueId: '0',
        queueOffset: String(offset),
        maxMsgNums: '32',
        sysFlag: String(PullSysFlag.SUBSCRIPTION | PullSysFlag.SUSPEND),
        commitOffset: '0',
        suspendTimeoutMillis: '1000',
        subscription: '*',
        subVersion: String(Date.now()),
        expressionType: 'TAG',
      }),
      6000,
    );
    if (res.code === ResponseCode.SUCCESS) return decodeMessages(res.body).map((m) => m.body.toString());
    if (res.code !== ResponseCode.PULL_NOT_FOUND) await new Promise((r) => setTimeout(r, 200));
  }
  return [];
}

describe('broker restart with pending work', () => {
  it('delivers a pending delay and a pending transaction check after a restart', async () => {
    const topic = `T_rs_${Date.now()}`;
    expect((await send(client, topic, 'first', {})).code).toBe(ResponseCode.SUCCESS);
    const t0 = Date.now();
    expect((await send(client, topic, 'delayed', { [MessageConst.DELAY_TIME_LEVEL]: '3' })).code).toBe(ResponseCode.SUCCESS);
    const txTopic = `T_rs_tx_${Date.now()}`;
    expect((await send(client, txTopic, 'first', {})).code).toBe(ResponseCode.SUCCESS);
    const prepared = await send(client, txTopic, 'open-tx', { [MessageConst.TRANSACTION_PREPARED]: 'true', [MessageConst.PRODUCER_GROUP]: 'PG_RS_TX' }, MessageSysFlag.TRANSACTION_PREPARED_TYPE);
    expect(prepared.code).toBe(ResponseCode.SUCCESS);

    await broker.shutdown();
    broker = await startBroker();

    // The delay survives and is not delivered early.
    const got = await waitFor(topic, 1, 10_000);
    expect(got).toEqual(['delayed']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(3900);

    // A producer that comes back after the restart is asked about the open transaction and commits it.
    const producer = new RemotingClient(log);
    producer.processors.register(RequestCode.CHECK_TRANSACTION_STATE, {
      handle: (req) => {
        const ext = req.extFields ?? {};
        void producer.invokeOneway(
          broker.address,
          RemotingCommand.request(RequestCode.END_TRANSACTION, {
            producerGroup: 'PG_RS_TX',
            tranStateTableOffset: String(ext.tranStateTableOffset),
            commitLogOffset: String(ext.commitLogOffset),
            commitOrRollback: String(MessageSysFlag.TRANSACTION_COMMIT_TYPE),
            fromTransactionCheck: 'true',
            msgId: String(ext.msgId ?? ''),
          }),
        );
        return null;
      },
    });
    try {
      const hb = encodeHeartbeatData({ clientID: '127.0.0.1@rs', producerDataSet: [{ groupName: 'PG_RS_TX' }], consumerDataSet: [] });
      await producer.invoke(broker.address, RemotingCommand.request(RequestCode.HEART_BEAT, undefined, hb), 3000);
      expect(await waitFor(txTopic, 1, 10_000)).toEqual(['open-tx']);
    } finally {
      await producer.shutdown();
    }
  });

  it('delivers a message at its own delivery time, between delay levels', async () => {
    const topic = `T_at_${Date.now()}`;
    await send(client, topic, 'first', {});
    const t0 = Date.now();
    const due = t0 + 3000;
    expect((await send(client, topic, 'at-time', { [MessageConst.START_DELIVER_TIME]: String(due) })).code).toBe(ResponseCode.SUCCESS);
    const got = await waitFor(topic, 1, 10_000);
    expect(got).toEqual(['at-time']);
    const late = Date.now() - due;
    expect(late).toBeGreaterThanOrEqual(-50);
    expect(late).toBeLessThan(1500);
  });
});
