/**
 * A NameServer and a Broker on loopback, driven over real sockets with the remoting client: registration,
 * send, pull with long polling, tag filtering, offsets, query by key and id, admin codes, bad input.
 */
import fs from 'node:fs';
import net from 'node:net';
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
import { decodeJavaBody, encodeJavaBody } from '../remoting/fastjson';
import { decodeSendMessageV2, encodeSendMessageV2, SendMessageResponseHeader } from '../remoting/header/send-message';
import { PullMessageResponseHeader, PullSysFlag } from '../remoting/header/pull-message';
import { decodeClusterInfo, decodeTopicRouteData } from '../remoting/body/route-data';
import { encodeHeartbeatData } from '../remoting/body/heartbeat';
import { decodeConsumeStats, decodeTopicStatsTable } from '../remoting/body/admin-data';
import { BrokerController } from './broker-controller';
import { parseBrokerConfig } from './broker-config';

const log = logger.child({ test: 'broker-int' });
const suiteStart = Date.now();
let dir: string;
let ns: NamesrvController;
let broker: BrokerController;
let client: RemotingClient;
let brokerAddr: string;

async function startBroker(): Promise<BrokerController> {
  const b = new BrokerController(
    parseBrokerConfig({
      brokerName: 'broker-it',
      namesrvAddr: ns.address,
      listenPort: 0,
      storePathRootDir: dir,
      mappedFileSizeCommitLog: 1024 * 1024,
      mappedFileSizeConsumeQueue: 20 * 1000,
      flushDiskType: 'SYNC_FLUSH',
      messageDelayLevel: '1s 2s 3s',
      transactionCheckInterval: 1000,
      transactionTimeOut: 500,
    }),
    { log },
  );
  await b.start();
  return b;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-broker-it-'));
  ns = new NamesrvController(parseNamesrvConfig({ ...defaultNamesrvConfig(), host: '127.0.0.1', listenPort: 0, kvConfigPath: path.join(dir, 'kv.json') }), log);
  await ns.start();
  broker = await startBroker();
  brokerAddr = broker.address;
  client = new RemotingClient(log);
});

afterAll(async () => {
  await client?.shutdown();
  await broker?.shutdown();
  await ns?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

function send(topic: string, body: string, props: Record<string, string> = {}, queueId = 0, code: number = RequestCode.SEND_MESSAGE_V2) {
  const ext = encodeSendMessageV2({
    producerGroup: 'PG_IT',
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
  return client.invoke(brokerAddr, RemotingCommand.request(code, ext, Buffer.from(body)), 5000);
}

function pull(group: string, topic: string, queueId: number, offset: number, opts: { suspendMs?: number; subscription?: string; commitOffset?: number } = {}) {
  let sysFlag = PullSysFlag.SUBSCRIPTION;
  if (opts.suspendMs) sysFlag |= PullSysFlag.SUSPEND;
  if (opts.commitOffset !== undefined) sysFlag |= PullSysFlag.COMMIT_OFFSET;
  return client.invoke(
    brokerAddr,
    RemotingCommand.request(RequestCode.PULL_MESSAGE, {
      consumerGroup: group,
      topic,
      queueId: String(queueId),
      queueOffset: String(offset),
      maxMsgNums: '32',
      sysFlag: String(sysFlag),
      commitOffset: String(opts.commitOffset ?? 0),
      suspendTimeoutMillis: String(opts.suspendMs ?? 0),
      subscription: opts.subscription ?? '*',
      subVersion: String(Date.now()),
      expressionType: 'TAG',
    }),
    (opts.suspendMs ?? 0) + 5000,
  );
}

describe('broker over the wire', () => {
  it('registers with the name server, which then routes its topics', async () => {
    const res = await client.invoke(ns.address, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), 3000);
    expect(res.code).toBe(ResponseCode.SUCCESS);
    const info = decodeClusterInfo(res.body);
    expect(info.clusterAddrTable.get('DefaultCluster')).toContain('broker-it');
    const route = await client.invoke(ns.address, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic: 'TBW102' }), 3000);
    expect(route.code).toBe(ResponseCode.SUCCESS);
    expect(decodeTopicRouteData(route.body).brokerDatas[0].brokerAddrs.get(0)).toBe(brokerAddr);
  });

  it('sends to an auto-created topic and pulls the same bytes back', async () => {
    const topic = `T_send_${Date.now()}`;
    const res = await send(topic, 'hello orbit', { [MessageConst.TAGS]: 'TagA', [MessageConst.KEYS]: 'k1 k2' }, 1);
    expect(res.code).toBe(ResponseCode.SUCCESS);
    const h = SendMessageResponseHeader.decode(res.extFields);
    expect(h.queueId).toBe(1);
    expect(h.queueOffset).toBe(0);
    expect(h.msgId).toMatch(/^[0-9A-F]{32}$/);

    const p = await pull('G_send', topic, 1, 0);
    expect(p.code).toBe(ResponseCode.SUCCESS);
    const ph = PullMessageResponseHeader.decode(p.extFields);
    expect(ph.nextBeginOffset).toBe(1);
    expect(ph.maxOffset).toBe(1);
    const [m] = decodeMessages(p.body);
    expect(m.body.toString()).toBe('hello orbit');
    expect(m.topic).toBe(topic);
    expect(m.properties[MessageConst.TAGS]).toBe('TagA');
    expect(m.offsetMsgId).toBe(h.msgId);

    // The route now names the new topic.
    const route = await client.invoke(ns.address, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }), 3000);
    expect(route.code).toBe(ResponseCode.SUCCESS);
  });

  it('holds a pull until a message arrives, then answers at once', async () => {
    const topic = `T_hold_${Date.now()}`;
    expect((await send(topic, 'first')).code).toBe(ResponseCode.SUCCESS);
    const t0 = Date.now();
    const held = pull('G_hold', topic, 0, 1, { suspendMs: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await send(topic, 'second')).code).toBe(ResponseCode.SUCCESS);
    const res = await held;
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(decodeMessages(res.body).map((m) => m.body.toString())).toEqual(['second']);
  });

  it('answers PULL_NOT_FOUND when the hold times out', async () => {
    const topic = `T_timeout_${Date.now()}`;
    await send(topic, 'x');
    const res = await pull('G_to', topic, 0, 1, { suspendMs: 500 });
    expect(res.code).toBe(ResponseCode.PULL_NOT_FOUND);
    expect(PullMessageResponseHeader.decode(res.extFields).nextBeginOffset).toBe(1);
  });

  it('filters by tag on the broker', async () => {
    const topic = `T_tag_${Date.now()}`;
    for (const tag of ['A', 'B', 'C', 'A']) await send(topic, `body-${tag}`, { [MessageConst.TAGS]: tag });
    const res = await pull('G_tag', topic, 0, 0, { subscription: 'A || C' });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(decodeMessages(res.body).map((m) => m.properties[MessageConst.TAGS])).toEqual(['A', 'C', 'A']);
  });

  it('commits offsets with a pull and answers QUERY_CONSUMER_OFFSET and consume stats', async () => {
    const topic = `T_off_${Date.now()}`;
    for (let i = 0; i < 3; i++) await send(topic, `m${i}`);
    // A heartbeat makes the group known, as a real consumer does.
    const hb = encodeHeartbeatData({
      clientID: '127.0.0.1@it',
      producerDataSet: [],
      consumerDataSet: [
        {
          groupName: 'G_off',
          consumeType: 'CONSUME_PASSIVELY',
          messageModel: 'CLUSTERING',
          consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
          subscriptionDataSet: [{ topic, subString: '*', tagsSet: [], codeSet: [], subVersion: Date.now(), expressionType: 'TAG', classFilterMode: false }],
          unitMode: false,
        },
      ],
    });
    expect((await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.HEART_BEAT, undefined, hb), 3000)).code).toBe(ResponseCode.SUCCESS);
    await pull('G_off', topic, 0, 3, { commitOffset: 2 });
    const q = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'G_off', topic, queueId: '0' }), 3000);
    expect(q.code).toBe(ResponseCode.SUCCESS);
    expect(q.extFields?.offset).toBe('2');
    const stats = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.GET_CONSUME_STATS, { consumerGroup: 'G_off', topic }), 3000);
    expect(stats.code).toBe(ResponseCode.SUCCESS);
    const row = decodeConsumeStats(stats.body).offsetTable.find(([mq]) => mq.queueId === 0);
    expect(row?.[1]).toMatchObject({ brokerOffset: 3, consumerOffset: 2 });
    const ts = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.GET_TOPIC_STATS_INFO, { topic }), 3000);
    expect(decodeTopicStatsTable(ts.body).find(([mq]) => mq.queueId === 0)?.[1].maxOffset).toBe(3);
  });

  it('finds messages by key and by offset id', async () => {
    const topic = `T_key_${Date.now()}`;
    const sent = await send(topic, 'keyed', { [MessageConst.KEYS]: 'order-42' });
    const msgId = SendMessageResponseHeader.decode(sent.extFields).msgId;
    const q = await client.invoke(
      brokerAddr,
      RemotingCommand.request(RequestCode.QUERY_MESSAGE, { topic, key: 'order-42', maxNum: '32', beginTimestamp: '0', endTimestamp: String(Date.now() + 1000) }),
      3000,
    );
    expect(q.code).toBe(ResponseCode.SUCCESS);
    expect(decodeMessages(q.body).map((m) => m.body.toString())).toEqual(['keyed']);
    const offset = BigInt('0x' + msgId.slice(16));
    const v = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.VIEW_MESSAGE_BY_ID, { offset: offset.toString() }), 3000);
    expect(v.code).toBe(ResponseCode.SUCCESS);
    expect(decodeMessages(v.body)[0].body.toString()).toBe('keyed');
  });

  it('creates a topic with UPDATE_AND_CREATE_TOPIC and lists it in GET_ALL_TOPIC_CONFIG', async () => {
    const topic = `T_admin_${Date.now()}`;
    const res = await client.invoke(
      brokerAddr,
      RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC, {
        topic,
        defaultTopic: 'TBW102',
        readQueueNums: '3',
        writeQueueNums: '3',
        perm: '6',
        topicFilterType: 'SINGLE_TAG',
        topicSysFlag: '0',
        order: 'false',
      }),
      3000,
    );
    expect(res.code).toBe(ResponseCode.SUCCESS);
    const all = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.GET_ALL_TOPIC_CONFIG), 3000);
    const table = decodeJavaBody(all.body).topicConfigTable;
    expect(table[topic]).toMatchObject({ readQueueNums: 3, writeQueueNums: 3, perm: 6 });
    const bad = await client.invoke(
      brokerAddr,
      RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC, { topic: 'bad topic!', defaultTopic: 'TBW102', readQueueNums: '1', writeQueueNums: '1', perm: '6', topicFilterType: 'SINGLE_TAG', order: 'false' }),
      3000,
    );
    expect(bad.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(bad.remark).toMatch(/illegal characters/);
  });

  it('delivers a delayed message after its level', async () => {
    const topic = `T_delay_${Date.now()}`;
    await send(topic, 'warm-up');
    const t0 = Date.now();
    expect((await send(topic, 'later', { [MessageConst.DELAY_TIME_LEVEL]: '2' })).code).toBe(ResponseCode.SUCCESS);
    let got: string[] = [];
    while (Date.now() - t0 < 8000 && got.length === 0) {
      const res = await pull('G_delay', topic, 0, 1, { suspendMs: 1000 });
      if (res.code === ResponseCode.SUCCESS) got = decodeMessages(res.body).map((m) => m.body.toString());
    }
    expect(got).toEqual(['later']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
  });

  it('refuses a body over the size limit with a clear error', async () => {
    const res = await send(`T_big_${Date.now()}`, 'x'.repeat(4 * 1024 * 1024 + 10));
    expect(res.code).toBe(ResponseCode.MESSAGE_ILLEGAL);
  });

  it('answers REQUEST_CODE_NOT_SUPPORTED for an unknown code and survives garbage bytes', async () => {
    const res = await client.invoke(brokerAddr, RemotingCommand.request(9999), 3000);
    expect(res.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    const [host, port] = brokerAddr.split(':');
    await new Promise<void>((resolve) => {
      const s = net.connect(Number(port), host, () => s.end(Buffer.from([0, 0, 0, 9, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5])));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    const again = await send(`T_after_${Date.now()}`, 'still alive');
    expect(again.code).toBe(ResponseCode.SUCCESS);
  });

  it('keeps acknowledged messages, offsets and topics across a restart', async () => {
    const topic = `T_restart_${Date.now()}`;
    for (let i = 0; i < 5; i++) await send(topic, `r${i}`);
    await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'G_r', topic, queueId: '0', commitOffset: '3' }), 3000);
    await broker.shutdown();
    broker = await startBroker();
    brokerAddr = broker.address;
    const p = await pull('G_r', topic, 0, 0);
    expect(decodeMessages(p.body).map((m) => m.body.toString())).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    const q = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'G_r', topic, queueId: '0' }), 3000);
    expect(q.extFields?.offset).toBe('3');
  });

  it('keeps a prepared transaction invisible until END_TRANSACTION commits it', async () => {
    const topic = `T_tx_${Date.now()}`;
    await send(topic, 'plain');
    const ext = encodeSendMessageV2({
      producerGroup: 'PG_TX',
      topic,
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId: 0,
      sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE,
      bornTimestamp: Date.now(),
      flag: 0,
      properties: encodeProperties({ [MessageConst.TRANSACTION_PREPARED]: 'true', [MessageConst.PRODUCER_GROUP]: 'PG_TX' }),
      reconsumeTimes: 0,
      unitMode: false,
      batch: false,
    });
    const sent = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, ext, Buffer.from('tx-body')), 3000);
    expect(sent.code).toBe(ResponseCode.SUCCESS);
    const h = SendMessageResponseHeader.decode(sent.extFields);
    const before = await pull('G_tx', topic, 0, 1, { suspendMs: 300 });
    expect(before.code).toBe(ResponseCode.PULL_NOT_FOUND);
    const commitLogOffset = BigInt('0x' + h.msgId.slice(16)).toString();
    await client.invokeOneway(
      brokerAddr,
      RemotingCommand.request(RequestCode.END_TRANSACTION, {
        producerGroup: 'PG_TX',
        tranStateTableOffset: String(h.queueOffset),
        commitLogOffset,
        commitOrRollback: String(MessageSysFlag.TRANSACTION_COMMIT_TYPE),
        fromTransactionCheck: 'false',
        msgId: h.msgId,
      }),
    );
    const after = await pull('G_tx', topic, 0, 1, { suspendMs: 3000 });
    expect(after.code).toBe(ResponseCode.SUCCESS);
    expect(decodeMessages(after.body)[0].body.toString()).toBe('tx-body');
  });

  it('sends a failed message back to %RETRY%group after its delay, then to %DLQ%group past the maximum', async () => {
    const topic = `T_retry_${Date.now()}`;
    const group = `G_retry_${Date.now()}`;
    await send(topic, 'retry-me', { [MessageConst.TAGS]: 'R' });
    const first = decodeMessages((await pull(group, topic, 0, 0)).body)[0];
    const back = (offset: number, originMsgId: string) =>
      client.invoke(
        brokerAddr,
        RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK, {
          offset: String(offset),
          group,
          delayLevel: '0',
          originMsgId,
          originTopic: topic,
          unitMode: 'false',
          maxReconsumeTimes: '1',
        }),
        3000,
      );
    const t0 = Date.now();
    expect((await back(first.commitLogOffset, first.msgId)).code).toBe(ResponseCode.SUCCESS);
    const retry = `%RETRY%${group}`;
    let got: ReturnType<typeof decodeMessages> = [];
    while (got.length === 0 && Date.now() - t0 < 10_000) {
      const r = await pull(group, retry, 0, 0, { suspendMs: 1000 });
      if (r.code === ResponseCode.SUCCESS) got = decodeMessages(r.body);
      else if (r.code !== ResponseCode.PULL_NOT_FOUND) await new Promise((res) => setTimeout(res, 200));
    }
    // Level 3 + reconsumeTimes, capped at the last level of this broker's table (3 s).
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2900);
    expect(got).toHaveLength(1);
    expect(got[0].reconsumeTimes).toBe(1);
    expect(got[0].properties[MessageConst.RETRY_TOPIC]).toBe(topic);
    expect(got[0].body.toString()).toBe('retry-me');

    expect((await back(got[0].commitLogOffset, first.msgId)).code).toBe(ResponseCode.SUCCESS);
    const dlq = `%DLQ%${group}`;
    const max = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.GET_MAX_OFFSET, { topic: dlq, queueId: '0' }), 3000);
    expect(max.extFields?.offset).toBe('1');
    const dead = await pull(group, dlq, 0, 0);
    expect(dead.code).toBe(ResponseCode.SUCCESS);
    const [d] = decodeMessages(dead.body);
    expect(d.reconsumeTimes).toBe(2);
    expect(d.properties[MessageConst.RETRY_TOPIC]).toBe(topic);
    expect(d.properties[MessageConst.ORIGIN_MESSAGE_ID]).toBe(first.offsetMsgId);
  });

  it('grants a queue lock to one client at a time', async () => {
    const topic = `T_lock_${Date.now()}`;
    const mq = { topic, brokerName: 'broker-it', queueId: 0 };
    const lock = (clientId: string) =>
      client.invoke(brokerAddr, RemotingCommand.request(RequestCode.LOCK_BATCH_MQ, undefined, encodeJavaBody({ consumerGroup: 'G_lock', clientId, mqSet: [mq] })), 3000);
    expect(decodeJavaBody((await lock('c1')).body).lockOKMQSet).toHaveLength(1);
    expect(decodeJavaBody((await lock('c2')).body).lockOKMQSet).toHaveLength(0);
    await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.UNLOCK_BATCH_MQ, undefined, encodeJavaBody({ consumerGroup: 'G_lock', clientId: 'c1', mqSet: [mq] })), 3000);
    expect(decodeJavaBody((await lock('c2')).body).lockOKMQSet).toHaveLength(1);
  });

  it('checks an open transaction back with its producer and commits on the answer', async () => {
    const topic = `T_check_${Date.now()}`;
    await send(topic, 'plain');
    const producer = new RemotingClient(log);
    const checks: Record<string, string>[] = [];
    producer.processors.register(RequestCode.CHECK_TRANSACTION_STATE, {
      handle: (req) => {
        const ext = { ...(req.extFields ?? {}) } as Record<string, string>;
        checks.push(ext);
        void producer.invokeOneway(
          brokerAddr,
          RemotingCommand.request(RequestCode.END_TRANSACTION, {
            producerGroup: 'PG_CHECK',
            tranStateTableOffset: ext.tranStateTableOffset,
            commitLogOffset: ext.commitLogOffset,
            commitOrRollback: String(MessageSysFlag.TRANSACTION_COMMIT_TYPE),
            fromTransactionCheck: 'true',
            msgId: ext.msgId,
          }),
        );
        return null;
      },
    });
    try {
      const hb = encodeHeartbeatData({ clientID: '127.0.0.1@checker', producerDataSet: [{ groupName: 'PG_CHECK' }], consumerDataSet: [] });
      expect((await producer.invoke(brokerAddr, RemotingCommand.request(RequestCode.HEART_BEAT, undefined, hb), 3000)).code).toBe(ResponseCode.SUCCESS);
      const ext = encodeSendMessageV2({
        producerGroup: 'PG_CHECK',
        topic,
        defaultTopic: 'TBW102',
        defaultTopicQueueNums: 4,
        queueId: 0,
        sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE,
        bornTimestamp: Date.now(),
        flag: 0,
        properties: encodeProperties({ [MessageConst.TRANSACTION_PREPARED]: 'true', [MessageConst.PRODUCER_GROUP]: 'PG_CHECK' }),
        reconsumeTimes: 0,
        unitMode: false,
        batch: false,
      });
      expect((await producer.invoke(brokerAddr, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, ext, Buffer.from('unknown-then-commit')), 3000)).code).toBe(ResponseCode.SUCCESS);
      let got: string[] = [];
      const t0 = Date.now();
      while (got.length === 0 && Date.now() - t0 < 10_000) {
        const r = await pull('G_check', topic, 0, 1, { suspendMs: 1000 });
        if (r.code === ResponseCode.SUCCESS) got = decodeMessages(r.body).map((m) => m.body.toString());
      }
      expect(got).toEqual(['unknown-then-commit']);
      expect(checks.length).toBeGreaterThanOrEqual(1);
      expect(checks[0].commitLogOffset).toMatch(/^\d+$/);
    } finally {
      await producer.shutdown();
    }
  });

  it('pushes a request-reply answer to the requesting client and stores it in the reply topic', async () => {
    const requester = new RemotingClient(log);
    const pushed: RemotingCommand[] = [];
    requester.processors.register(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT, {
      handle: (req) => {
        pushed.push(req);
        return RemotingCommand.responseTo(req, ResponseCode.SUCCESS);
      },
    });
    try {
      const hb = encodeHeartbeatData({ clientID: '127.0.0.1@requester', producerDataSet: [{ groupName: 'PG_REQ' }], consumerDataSet: [] });
      expect((await requester.invoke(brokerAddr, RemotingCommand.request(RequestCode.HEART_BEAT, undefined, hb), 3000)).code).toBe(ResponseCode.SUCCESS);
      const ext = encodeSendMessageV2({
        producerGroup: 'PG_REPLIER',
        topic: 'DefaultCluster_REPLY_TOPIC',
        defaultTopic: 'TBW102',
        defaultTopicQueueNums: 4,
        queueId: 0,
        sysFlag: 0,
        bornTimestamp: Date.now(),
        flag: 0,
        properties: encodeProperties({ [MessageConst.REPLY_TO_CLIENT]: '127.0.0.1@requester', [MessageConst.CORRELATION_ID]: 'corr-1', [MessageConst.MESSAGE_TYPE]: 'reply' }),
        reconsumeTimes: 0,
        unitMode: false,
        batch: false,
      });
      const res = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.SEND_REPLY_MESSAGE_V2, ext, Buffer.from('the answer')), 5000);
      expect(res.code).toBe(ResponseCode.SUCCESS);
      expect(SendMessageResponseHeader.decode(res.extFields).msgId).toMatch(/^[0-9A-F]{32}$/);
      expect(pushed).toHaveLength(1);
      expect(pushed[0].body?.toString()).toBe('the answer');
      expect(pushed[0].extFields?.topic).toBe('DefaultCluster_REPLY_TOPIC');
      expect(pushed[0].extFields?.properties).toContain('corr-1');
      expect(pushed[0].extFields?.properties).toContain(MessageConst.PUSH_REPLY_TIME);
      expect(pushed[0].extFields?.storeHost).toBe(brokerAddr);

      // An answer for a client that is gone is refused with a reason, as Apache does.
      const lost = encodeSendMessageV2({ ...decodeSendMessageV2(ext), properties: encodeProperties({ [MessageConst.REPLY_TO_CLIENT]: 'nobody@nowhere' }) });
      const refused = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.SEND_REPLY_MESSAGE_V2, lost, Buffer.from('x')), 5000);
      expect(refused.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(refused.remark).toMatch(/not found/);
    } finally {
      await requester.shutdown();
    }
  });

  it('answers the mqadmin codes for broker offset, system topics, consume time span and group offset cloning', async () => {
    const topic = `T_span_${Date.now()}`;
    for (let i = 0; i < 3; i++) await send(topic, `s${i}`);
    const bo = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.QUERY_BROKER_OFFSET), 3000);
    expect(Number(bo.extFields?.offset)).toBeGreaterThan(0);
    const sys = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_BROKER), 3000);
    expect(decodeJavaBody(sys.body).topicList).toContain('TBW102');
    await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'G_span', topic, queueId: '0', commitOffset: '1' }), 3000);
    const span = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.QUERY_CONSUME_TIME_SPAN, { topic, group: 'G_span' }), 3000);
    expect(span.code).toBe(ResponseCode.SUCCESS);
    const q0 = decodeJavaBody(span.body).consumeTimeSpanSet.find((x: { messageQueue: { queueId: number } }) => x.messageQueue.queueId === 0);
    expect(q0.minTimeStamp).toBeGreaterThan(0);
    expect(q0.maxTimeStamp).toBeGreaterThanOrEqual(q0.consumeTimeStamp);
    expect(q0.delayTime).toBeGreaterThanOrEqual(0);
    const clone = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.CLONE_GROUP_OFFSET, { srcGroup: 'G_span', destGroup: 'G_span_copy', topic, offline: 'true' }), 3000);
    expect(clone.code).toBe(ResponseCode.SUCCESS);
    const q = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'G_span_copy', topic, queueId: '0' }), 3000);
    expect(q.extFields?.offset).toBe('1');
  });

  it('serves the JSON shapes an admin tool reads', async () => {
    const rt = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), 3000);
    expect(rt.code).toBe(ResponseCode.SUCCESS);
    const table = decodeJavaBody(rt.body).table;
    expect(Object.keys(table)).toEqual(expect.arrayContaining(['msgPutTotalTodayNow', 'putTps', 'brokerVersionDesc', 'commitLogMaxOffset']));
    // The oldest message in the log was stored at or after this test file started.
    expect(Number(table.earliestMessageTimeStamp)).toBeGreaterThanOrEqual(suiteStart);
    expect(Number(table.earliestMessageTimeStamp)).toBeLessThanOrEqual(Date.now());
    const cfg = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.GET_BROKER_CONFIG), 3000);
    expect(cfg.body?.toString()).toMatch(/brokerName=broker-it/);
    const grp = await client.invoke(
      brokerAddr,
      RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, undefined, encodeJavaBody({ groupName: 'G_admin', retryMaxTimes: 3 })),
      3000,
    );
    expect(grp.code).toBe(ResponseCode.SUCCESS);
    const groups = await client.invoke(brokerAddr, RemotingCommand.request(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG), 3000);
    expect(decodeJavaBody(groups.body).subscriptionGroupTable.G_admin).toMatchObject({ retryMaxTimes: 3 });
  });
});
