/**
 * The inspection codes of AdminDebugProcessor over real sockets: consumer status relay (223), broker-wide
 * consume stats (317), consume queue units (321), resuming a half message (323), correction offsets (308),
 * plus the ACL admin codes on a broker without ACL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { MessageConst, MessageSysFlag } from '../common/message/message-const';
import { decodeMessages } from '../common/message/message-decoder';
import { encodeProperties } from '../common/message/properties';
import { RemotingClient } from '../remoting/remoting-client';
import { RemotingCommand } from '../remoting/remoting-command';
import { RequestCode } from '../remoting/request-code';
import { ResponseCode } from '../remoting/response-code';
import { decodeJavaBody, encodeJavaBody } from '../remoting/fastjson';
import { encodeSendMessageV2, SendMessageResponseHeader } from '../remoting/header/send-message';
import { encodeHeartbeatData } from '../remoting/body/heartbeat';
import {
  decodeConsumeStatsList,
  decodeConsumerStatusTable,
  decodeCorrectionOffsets,
  encodeClientMessageQueueTable,
  JAVA_LONG_MAX,
} from '../remoting/body/admin-debug';
import { BrokerController } from './broker-controller';
import { parseBrokerConfig } from './broker-config';
import { RMQ_SYS_TRANS_HALF_TOPIC } from './topic/topic-validator';

const log = logger.child({ test: 'admin-debug-int' });
let dir: string;
let broker: BrokerController;
let client: RemotingClient;
let addr: string;
const run = Date.now().toString(36);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-admin-debug-'));
  broker = new BrokerController(
    parseBrokerConfig({
      brokerName: 'broker-dbg',
      listenPort: 0,
      storePathRootDir: dir,
      mappedFileSizeCommitLog: 1024 * 1024,
      mappedFileSizeConsumeQueue: 20 * 1000,
      flushDiskType: 'SYNC_FLUSH',
      // Keep the periodic transaction check away from the half messages these tests write.
      transactionTimeOut: 600_000,
    }),
    { log },
  );
  await broker.start();
  addr = broker.address;
  client = new RemotingClient(log);
});

afterAll(async () => {
  await client?.shutdown();
  await broker?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = (code: number, ext?: Record<string, string>, body?: Buffer) => client.invoke(addr, RemotingCommand.request(code, ext, body), 8000);

function send(topic: string, body: string, opts: { queueId?: number; sysFlag?: number; props?: Record<string, string> } = {}) {
  const ext = encodeSendMessageV2({
    producerGroup: 'PG_DBG',
    topic,
    defaultTopic: 'TBW102',
    defaultTopicQueueNums: 4,
    queueId: opts.queueId ?? 0,
    sysFlag: opts.sysFlag ?? 0,
    bornTimestamp: Date.now(),
    flag: 0,
    properties: encodeProperties({ [MessageConst.WAIT_STORE_MSG_OK]: 'true', [MessageConst.TAGS]: 'TagA', ...opts.props }),
    reconsumeTimes: 0,
    unitMode: false,
    batch: false,
  });
  return call(RequestCode.SEND_MESSAGE_V2, ext, Buffer.from(body));
}

const commit = (group: string, topic: string, queueId: number, offset: number) =>
  call(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: group, topic, queueId: String(queueId), commitOffset: String(offset) });

function consumerHeartbeat(clientID: string, group: string, topic: string) {
  return encodeHeartbeatData({
    clientID,
    producerDataSet: [],
    consumerDataSet: [
      {
        groupName: group,
        consumeType: 'CONSUME_PASSIVELY',
        messageModel: 'CLUSTERING',
        consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
        subscriptionDataSet: [{ classFilterMode: false, topic, subString: '*', tagsSet: [], codeSet: [], subVersion: Date.now(), expressionType: 'TAG' }],
        unitMode: false,
      },
    ],
  });
}

describe('INVOKE_BROKER_TO_GET_CONSUMER_STATUS (223)', () => {
  it('collects every consumer’s queue offsets, or one client’s', async () => {
    const topic = `T_status_${run}`;
    const group = `G_status_${run}`;
    const consumers: RemotingClient[] = [];
    const asked: Record<string, string>[] = [];
    try {
      for (const [i, id] of ['127.0.0.1@c1', '127.0.0.1@c2'].entries()) {
        const c = new RemotingClient(log);
        consumers.push(c);
        c.processors.register(RequestCode.GET_CONSUMER_STATUS_FROM_CLIENT, {
          handle: (req) => {
            asked.push({ ...(req.extFields ?? {}) } as Record<string, string>);
            return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, undefined, encodeClientMessageQueueTable([[{ topic, brokerName: 'broker-dbg', queueId: i }, 10 + i]]));
          },
        });
        expect((await c.invoke(addr, RemotingCommand.request(RequestCode.HEART_BEAT, undefined, consumerHeartbeat(id, group, topic)), 3000)).code).toBe(ResponseCode.SUCCESS);
      }
      const all = await call(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, { topic, group });
      expect(all.code).toBe(ResponseCode.SUCCESS);
      const table = new Map(decodeConsumerStatusTable(all.body));
      expect([...table.keys()].sort()).toEqual(['127.0.0.1@c1', '127.0.0.1@c2']);
      expect(table.get('127.0.0.1@c2')).toEqual([[{ topic, brokerName: 'broker-dbg', queueId: 1 }, 11]]);
      expect(asked[0]).toMatchObject({ topic, group });
      expect(asked[0]).not.toHaveProperty('clientAddr');

      const one = await call(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, { topic, group, clientAddr: '127.0.0.1@c1' });
      expect(decodeConsumerStatusTable(one.body).map(([id]) => id)).toEqual(['127.0.0.1@c1']);

      const none = await call(RequestCode.INVOKE_BROKER_TO_GET_CONSUMER_STATUS, { topic, group: `${group}_nobody` });
      expect(none.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(none.remark).toBe(`No Any Consumer online in the consumer group: [${group}_nobody]`);
    } finally {
      await Promise.all(consumers.map((c) => c.shutdown()));
    }
  });
});

describe('GET_BROKER_CONSUME_STATS (317)', () => {
  it('reports every subscription group’s lag on the topics it has offsets for', async () => {
    const topic = `T_bstats_${run}`;
    const group = `G_bstats_${run}`;
    for (let i = 0; i < 3; i++) expect((await send(topic, `m${i}`)).code).toBe(ResponseCode.SUCCESS);
    const cfg = { groupName: group, consumeEnable: true, consumeFromMinEnable: true, consumeBroadcastEnable: true, retryQueueNums: 1, retryMaxTimes: 16, brokerId: 0, whichBrokerWhenConsumeSlowly: 1, notifyConsumerIdsChangedEnable: true };
    expect((await call(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, undefined, encodeJavaBody(cfg))).code).toBe(ResponseCode.SUCCESS);
    expect((await commit(group, topic, 0, 1)).code).toBe(ResponseCode.SUCCESS);

    const r = await call(RequestCode.GET_BROKER_CONSUME_STATS, { isOrder: 'false' });
    expect(r.code).toBe(ResponseCode.SUCCESS);
    expect(Object.keys(decodeJavaBody(r.body)).sort()).toEqual(['brokerAddr', 'consumeStatsList', 'totalDiff']);
    const list = decodeConsumeStatsList(r.body);
    expect(list.brokerAddr).toBe(addr);
    const mine = list.consumeStatsList.find(([g]) => g === group)?.[1];
    expect(mine).toHaveLength(1);
    expect(mine![0].offsetTable).toHaveLength(4); // write queues
    const q0 = mine![0].offsetTable.find(([mq]) => mq.queueId === 0)![1];
    expect(q0).toMatchObject({ brokerOffset: 3, consumerOffset: 1 });
    expect(q0.lastTimestamp).toBeGreaterThan(0);
    expect(list.totalDiff).toBeGreaterThanOrEqual(2);
    // Groups without offsets are listed with no stats.
    expect(list.consumeStatsList.some(([, s]) => s.length === 0)).toBe(true);

    const ordered = decodeConsumeStatsList((await call(RequestCode.GET_BROKER_CONSUME_STATS, { isOrder: 'true' })).body);
    expect(ordered.consumeStatsList.find(([g]) => g === group)?.[1]).toEqual([]);

    // isOrder is @CFNotNull on a primitive, which Java never enforces: missing reads as false.
    expect((await call(RequestCode.GET_BROKER_CONSUME_STATS)).code).toBe(ResponseCode.SUCCESS);
    expect((await call(RequestCode.GET_BROKER_CONSUME_STATS, { other: 'x' })).code).toBe(ResponseCode.SUCCESS);
  });
});

describe('QUERY_CONSUME_QUEUE (321)', () => {
  it('returns the raw units of a queue from an index', async () => {
    const topic = `T_cq_${run}`;
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(SendMessageResponseHeader.decode((await send(topic, `cq${i}`, { queueId: 1 })).extFields));
    const q = (ext: Record<string, string>) => call(RequestCode.QUERY_CONSUME_QUEUE, { topic, queueId: '1', ...ext });

    const r = await q({ index: '1', count: '2' });
    expect(r.code).toBe(ResponseCode.SUCCESS);
    const body = decodeJavaBody(r.body);
    expect(body).toMatchObject({ maxQueueIndex: 4, minQueueIndex: 0 });
    expect(body).not.toHaveProperty('subscriptionData');
    expect(body.queueData).toHaveLength(2);
    expect(Object.keys(body.queueData[0]).sort()).toEqual(['eval', 'physicOffset', 'physicSize', 'tagsCode']);
    expect(body.queueData[0].physicOffset).toBe(Number(BigInt(`0x${sent[1].msgId.slice(16)}`)));
    expect(body.queueData[0].tagsCode).toBe(2598919); // "TagA".hashCode()

    const all = decodeJavaBody((await q({ index: '0', count: '100' })).body);
    expect(all.queueData).toHaveLength(4);

    const withGroup = decodeJavaBody((await q({ index: '0', count: '1', consumerGroup: 'G_cq_offline' })).body);
    expect(withGroup.filterData).toBe(`G_cq_offline@${topic} is not online!`);
    expect(withGroup).not.toHaveProperty('subscriptionData');

    const past = await q({ index: '4', count: '1' });
    expect(past.code).toBe(ResponseCode.SUCCESS);
    expect(past.remark).toBe(`Index 4 of 1@${topic} is not exist!`);
    expect(past.body?.length ?? 0).toBe(0);

    const missing = await q({ queueId: '7', index: '0', count: '1' });
    expect(missing.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(missing.remark).toBe(`7@${topic} is not exist!`);
  });

  it('shows the subscription of an online consumer', async () => {
    const topic = `T_cqsub_${run}`;
    const group = `G_cqsub_${run}`;
    await send(topic, 'x');
    const c = new RemotingClient(log);
    try {
      await c.invoke(addr, RemotingCommand.request(RequestCode.HEART_BEAT, undefined, consumerHeartbeat('127.0.0.1@cq', group, topic)), 3000);
      const body = decodeJavaBody((await c.invoke(addr, RemotingCommand.request(RequestCode.QUERY_CONSUME_QUEUE, { topic, queueId: '0', index: '0', count: '1', consumerGroup: group }), 3000)).body);
      expect(body.subscriptionData).toMatchObject({ topic, subString: '*' });
      expect(body.filterData).toBe('null');
    } finally {
      await c.shutdown();
    }
  });
});

describe('RESUME_CHECK_HALF_MESSAGE (323)', () => {
  it('puts a half message back with its check count reset', async () => {
    const topic = `T_resume_${run}`;
    const r = await send(topic, 'half-body', {
      sysFlag: MessageSysFlag.TRANSACTION_PREPARED_TYPE,
      props: { [MessageConst.TRANSACTION_PREPARED]: 'true', [MessageConst.PRODUCER_GROUP]: 'PG_DBG', [MessageConst.TRANSACTION_CHECK_TIMES]: '5' },
    });
    expect(r.code).toBe(ResponseCode.SUCCESS);
    const msgId = SendMessageResponseHeader.decode(r.extFields).msgId;
    const before = broker.store.getMaxOffsetInQueue(RMQ_SYS_TRANS_HALF_TOPIC, 0);

    const res = await call(RequestCode.RESUME_CHECK_HALF_MESSAGE, { msgId });
    expect(res.code).toBe(ResponseCode.SUCCESS);
    expect(broker.store.getMaxOffsetInQueue(RMQ_SYS_TRANS_HALF_TOPIC, 0)).toBe(before + 1);
    const phy = broker.store.getCommitLogOffsetInQueue(RMQ_SYS_TRANS_HALF_TOPIC, 0, before);
    const [again] = decodeMessages((await broker.store.lookMessageByOffset(phy))!);
    expect(again.topic).toBe(RMQ_SYS_TRANS_HALF_TOPIC);
    expect(again.body.toString()).toBe('half-body');
    expect(again.properties[MessageConst.TRANSACTION_CHECK_TIMES]).toBe('0');
    expect(again.properties[MessageConst.REAL_TOPIC]).toBe(topic);

    for (const bad of [{} as Record<string, string>, { msgId: 'not-an-id' }, { msgId: '7F00000100002A9F00000000FFFFFFFF' }]) {
      const b = await call(RequestCode.RESUME_CHECK_HALF_MESSAGE, bad);
      expect(b.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(b.remark).toBe('Exception was thrown when putting message back to RMQ_SYS_TRANS_HALF_TOPIC.');
    }
  });
});

describe('QUERY_CORRECTION_OFFSET (308)', () => {
  it('gives the smallest offset of the other groups, or Long.MAX_VALUE where the compared group is behind', async () => {
    const topic = `T_corr_${run}`;
    for (let i = 0; i < 6; i++) await send(topic, `c${i}`, { queueId: i % 2 });
    await commit(`GA_${run}`, topic, 0, 3);
    await commit(`GA_${run}`, topic, 1, 1);
    await commit(`GB_${run}`, topic, 0, 2);
    await commit(`GC_${run}`, topic, 0, 1);
    await commit(`GC_${run}`, topic, 1, 3);

    const filtered = await call(RequestCode.QUERY_CORRECTION_OFFSET, { topic, compareGroup: `GC_${run}`, filterGroups: `GC_${run}` });
    expect(filtered.code).toBe(ResponseCode.SUCCESS);
    expect(filtered.body!.toString()).toBe('{"correctionOffsets":{0:9223372036854775807,1:1}}');
    expect(decodeCorrectionOffsets(filtered.body)).toEqual(new Map([[0, JAVA_LONG_MAX], [1, 1n]]));

    const unfiltered = decodeCorrectionOffsets((await call(RequestCode.QUERY_CORRECTION_OFFSET, { topic, compareGroup: `GC_${run}` })).body);
    expect(unfiltered).toEqual(new Map([[0, 1n], [1, 1n]]));

    expect((await call(RequestCode.QUERY_CORRECTION_OFFSET, { topic })).code).toBe(ResponseCode.SYSTEM_ERROR);
  });
});

describe('ACL admin codes with ACL off', () => {
  it('fails as Apache does (the *_FAILED codes), and says so for the read codes', async () => {
    const up = await call(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, { accessKey: 'someUser1', secretKey: 'someSecret1' });
    expect(up.code).toBe(ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED);
    expect((await call(RequestCode.DELETE_ACL_CONFIG, { accessKey: 'someUser1' })).code).toBe(ResponseCode.DELETE_ACL_CONFIG_FAILED);
    expect((await call(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, { globalWhiteAddrs: '10.0.0.*', aclFileFullPath: '' })).code).toBe(
      ResponseCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED,
    );
    expect((await call(RequestCode.GET_BROKER_CLUSTER_ACL_INFO)).code).toBe(ResponseCode.SYSTEM_ERROR);
    expect((await call(RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG)).code).toBe(ResponseCode.SYSTEM_ERROR);
  });
});
